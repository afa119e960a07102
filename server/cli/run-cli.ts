import { TRPCClientError } from '@trpc/client';
import { UsageError } from './cli-args';
import type { CliCommand } from './cli-command';
import type { CliIo } from './cli-io';
import { calc } from './commands/calc';
import { issuerCertifyTest, issuerGenerate, issuerList, caCreateTest, caList } from './commands/issuer-keys';
import { jobsDownload, jobsReleased } from './commands/job-download';
import { jobsStatus } from './commands/job-status';
import {
  jobsApprove,
  jobsCreate,
  jobsRelease,
  jobsRequirements,
  jobsSubmit,
  jobsUpload,
} from './commands/jobs';
import { ceremonyComponent, ceremonyList, ceremonyStart } from './commands/key-ceremony';
import { keysGenerate, keysList } from './commands/keys';
import { login, logout, whoami } from './commands/login';
import { profilesApprove, profilesImport, profilesList, profilesSubmit } from './commands/profiles';
import { validate } from './commands/validate';
import { verify } from './commands/verify';
import { failureOf } from './workbench/workbench-client';

/** Every command, in the order the usage text lists them (docs/cli.md describes each). */
export const commands: readonly CliCommand[] = [
  login,
  logout,
  whoami,
  profilesImport,
  profilesSubmit,
  profilesApprove,
  profilesList,
  keysList,
  keysGenerate,
  ceremonyStart,
  ceremonyComponent,
  ceremonyList,
  caCreateTest,
  caList,
  issuerGenerate,
  issuerCertifyTest,
  issuerList,
  jobsUpload,
  jobsCreate,
  jobsSubmit,
  jobsApprove,
  jobsRelease,
  jobsRequirements,
  jobsStatus,
  jobsReleased,
  jobsDownload,
  verify,
  validate,
  calc,
];

export function usage(): string {
  return [
    'Usage: npx dataprep COMMAND [options]   (docs/cli.md)',
    '',
    ...commands.map((c) => `  dataprep ${c.name} ${c.synopsis}`.trimEnd() + `\n      ${c.summary}`),
    '',
    'Commands that talk to the workbench take --url URL (else DATAPREP_URL, else http://localhost:3000)',
    'and most take --json for output a script can read.',
  ].join('\n');
}

/** The command named by the longest run of leading words, and the arguments after them. */
export function findCommand(args: string[]): { command: CliCommand; rest: string[] } | null {
  let found: { command: CliCommand; rest: string[] } | null = null;
  for (const command of commands) {
    const words = command.name.split(' ');
    if (
      words.every((word, i) => args[i] === word) &&
      (!found || words.length > found.command.name.split(' ').length)
    ) {
      found = { command, rest: args.slice(words.length) };
    }
  }
  return found;
}

/** Runs `dataprep ARGS…`: exit status 0 done, 1 the work failed or found problems, 2 a usage mistake. */
export async function runCli(args: string[], io: CliIo): Promise<number> {
  if (args.length === 0 || args[0] === 'help' || args[0] === '--help' || args[0] === '-h') {
    (args.length === 0 ? io.err : io.out)(usage());
    return args.length === 0 ? 2 : 0;
  }
  const found = findCommand(args);
  if (!found) {
    const known = commands
      .filter((c) => c.name.startsWith(`${args[0]} `))
      .map((c) => `  dataprep ${c.name} ${c.synopsis}`.trimEnd());
    io.err(
      known.length > 0
        ? [
            `error: "${args.slice(0, 2).join(' ')}" is not a command; the ${args[0]} commands are:`,
            ...known,
          ].join('\n')
        : `error: "${args[0]}" is not a command. Run "npx dataprep help" for the list.`,
    );
    return 2;
  }
  const { command, rest } = found;
  if (rest.includes('--help')) {
    io.out(`Usage: npx dataprep ${command.name} ${command.synopsis}\n  ${command.summary}`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`error: ${error.message}`);
      io.err(`Usage: npx dataprep ${command.name} ${command.synopsis}`);
      return 2;
    }
    const failure = failureOf(error);
    if (failure) {
      io.err(`error: ${failure.message}`);
      for (const line of failure.lines) io.err(line);
      return 1;
    }
    if (error instanceof TRPCClientError) {
      io.err(`error: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
