import { newKeyOptions, newKeyValues, parseOptions, serverOptions } from '../cli-args';
import { printResult, table, type CliCommand } from '../cli-command';
import { signedIn, type ApiInput } from '../workbench/workbench-client';

export const keysList: CliCommand = {
  name: 'keys list',
  synopsis: '',
  summary: 'the key inventory: id, label, usage, algorithm, KCV, status (never a key value)',
  async run(args, io) {
    const { values } = parseOptions(args, serverOptions);
    const { workbench } = signedIn(io, values);
    const keys = await workbench.api.keys.list.query();
    printResult(io, values.json, keys, () =>
      keys.length === 0
        ? ['No keys yet.']
        : table([
            ['ID', 'LABEL', 'USAGE', 'ALGORITHM', 'KCV', 'STATUS'],
            ...keys.map((k) => [k.id, k.label, k.usage, k.algorithm, k.kcv, k.status]),
          ]),
    );
    return 0;
  },
};

export const keysGenerate: CliCommand = {
  name: 'keys generate',
  synopsis: '--label LABEL --usage USAGE --algorithm ALGORITHM',
  summary: 'generate a key in the HSM (security officer), e.g. --usage E0 --algorithm TDES2',
  async run(args, io) {
    const { values } = parseOptions(args, { ...serverOptions, ...newKeyOptions });
    const input = newKeyValues(values, 'the TR-31 key usage, e.g. E0, E1, E2, C0, K0, P0');
    const { workbench } = signedIn(io, values);
    const key = await workbench.api.keys.generate.mutate(input as ApiInput['keys']['generate']);
    printResult(io, values.json, key, () => [
      `Generated ${key.label}: id ${key.id}, usage ${key.usage}, ${key.algorithm}, KCV ${key.kcv}.`,
    ]);
    return 0;
  },
};
