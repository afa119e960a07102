import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * What a command reads and writes, passed in rather than taken from `process`, so the commands run
 * the same under `npx dataprep` and in the tests.
 */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Record<string, string | undefined>;
  /** Everything piped to standard input, as text: how secrets reach a command (never its arguments). */
  readStdin: () => Promise<string>;
  /** A line typed at the terminal (not echoed when `hidden`); null when there is no terminal to ask. */
  ask: (question: string, options: { hidden: boolean }) => Promise<string | null>;
  sleep: (ms: number) => Promise<void>;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Asks on stderr (stdout stays the command's output), muting the echo of what is typed when hidden. */
function askTerminal(question: string, hidden: boolean): Promise<string | null> {
  if (!process.stdin.isTTY) return Promise.resolve(null);
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    if (hidden) {
      const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput;
      (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
        if (s.startsWith(question)) write.call(rl, question);
      };
    }
    rl.question(question, (answer) => {
      rl.close();
      if (hidden) process.stderr.write('\n');
      resolve(answer);
    });
  });
}

export function processIo(): CliIo {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    readStdin: async () => {
      if (process.stdin.isTTY) {
        return (await askTerminal('(typing is not shown; press Enter when done) ', true)) ?? '';
      }
      return readAll(process.stdin);
    },
    ask: (question, { hidden }) => askTerminal(question, hidden),
    sleep: (ms) => delay(ms),
  };
}
