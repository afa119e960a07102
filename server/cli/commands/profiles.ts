import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseOptions, serverOptions } from '../cli-args';
import { printResult, table, type CliCommand } from '../cli-command';
import { CommandFailure, signedIn } from '../workbench/workbench-client';

const versionLine = (v: { id: string; number: number; status: string }) =>
  `version ${v.number} (${v.id}) is ${v.status}`;

export const profilesImport: CliCommand = {
  name: 'profiles import',
  synopsis: 'FILE',
  summary: 'import a card profile JSON file as a new profile (analyst); it starts as a draft',
  async run(args, io) {
    const { values, positionals } = parseOptions(args, serverOptions, ['FILE']);
    const file = positionals[0]!;
    let json: string;
    try {
      json = readFileSync(file, 'utf8');
    } catch (error) {
      throw new CommandFailure(`cannot read ${file}: ${(error as Error).message}`);
    }
    const { workbench } = signedIn(io, values);
    const created = await workbench.api.profiles.importJson.mutate({ json, fileName: path.basename(file) });
    printResult(io, values.json, created, () => [
      `Imported "${created.profile.name}" (profile ${created.profile.id}): ${versionLine(created.version)}.`,
      `Submit it for approval: npx dataprep profiles submit ${created.version.id}`,
    ]);
    return 0;
  },
};

export const profilesSubmit: CliCommand = {
  name: 'profiles submit',
  synopsis: 'VERSION_ID',
  summary: 'submit a draft profile version for approval (its author, an analyst)',
  async run(args, io) {
    const { values, positionals } = parseOptions(args, serverOptions, ['VERSION_ID']);
    const { workbench } = signedIn(io, values);
    const version = await workbench.api.profiles.submit.mutate({ versionId: positionals[0]! });
    printResult(io, values.json, version, () => [`Submitted: ${versionLine(version)}.`]);
    return 0;
  },
};

export const profilesApprove: CliCommand = {
  name: 'profiles approve',
  synopsis: 'VERSION_ID',
  summary: 'approve a submitted profile version (a security officer other than its author)',
  async run(args, io) {
    const { values, positionals } = parseOptions(args, serverOptions, ['VERSION_ID']);
    const { workbench } = signedIn(io, values);
    const version = await workbench.api.profiles.approve.mutate({ versionId: positionals[0]! });
    printResult(io, values.json, version, () => [`Approved: ${versionLine(version)}.`]);
    return 0;
  },
};

export const profilesList: CliCommand = {
  name: 'profiles list',
  synopsis: '',
  summary: 'every profile with the id and status of each of its versions',
  async run(args, io) {
    const { values } = parseOptions(args, serverOptions);
    const { workbench } = signedIn(io, values);
    const profiles = await workbench.api.profiles.list.query();
    const withVersions = await Promise.all(
      profiles.map(async (profile) => {
        const { versions } = await workbench.api.profiles.get.query({ profileId: profile.id });
        return {
          id: profile.id,
          name: profile.name,
          versions: versions.map(({ id, number, status, checkSummary }) => ({
            id,
            number,
            status,
            errors: checkSummary.errors,
            warnings: checkSummary.warnings,
          })),
        };
      }),
    );
    printResult(io, values.json, withVersions, () =>
      withVersions.length === 0
        ? ['No profiles yet: import one with "npx dataprep profiles import FILE".']
        : withVersions.flatMap((profile) => [
            `${profile.name}  (profile ${profile.id})`,
            ...table(
              profile.versions.map((v) => [
                `  v${v.number}`,
                v.status,
                v.id,
                `${v.errors} errors, ${v.warnings} warnings`,
              ]),
            ),
          ]),
    );
    return 0;
  },
};
