import { calculate, type Calculation } from '../../emv/calculator';
import { calcVectors } from '../calc-vectors';
import type { CliCommand } from '../cli-command';

const usage = `Usage:
  dataprep calc --vectors FILE              run every test vector in FILE (format of shared/vectors/emv-vectors.json)
  dataprep calc OPERATION --field value …   one calculation on clear test keys, e.g.
      dataprep calc kcv --key 0123456789ABCDEFFEDCBA9876543210 --method tdes
      dataprep calc icc-master-key --imk … --pan 4761739001010010 --psn 01 --option A
  operations: kcv, icc-master-key, session-key, arqc, arpc, pin-block, mac, tdes (fields: docs/cli.md)`;

const numericFields = new Set(['padding', 'method', 'format', 'algorithm']);

function parseCalculation(operation: string, args: string[]): Calculation {
  const fields: Record<string, string | number> = { operation };
  for (let i = 0; i < args.length; i += 2) {
    const flag = args[i]!;
    const value = args[i + 1];
    if (!flag.startsWith('--') || value === undefined)
      throw new Error(`expected --field value, got "${flag}"`);
    const name = flag.slice(2);
    fields[name] = numericFields.has(name) && /^\d+$/.test(value) ? Number(value) : value;
  }
  return fields as unknown as Calculation;
}

export const calc: CliCommand = {
  name: 'calc',
  synopsis: '--vectors FILE | OPERATION --field value …',
  summary: 'the EMV crypto calculator, on clear test keys only (refused in production mode)',
  async run(args, io) {
    if (io.env.DATAPREP_MODE === 'production') {
      io.err('The crypto calculator works on clear test keys and is refused in production mode.');
      return 2;
    }
    const at = args.indexOf('--vectors');
    if (at >= 0 && args[at + 1]) return calcVectors(args[at + 1]!);
    const [operation, ...rest] = args;
    if (!operation || operation.startsWith('--')) {
      io.err(usage);
      return 2;
    }
    try {
      for (const line of calculate(parseCalculation(operation, rest))) io.out(`${line.label}: ${line.value}`);
      return 0;
    } catch (error) {
      io.err(`error: ${(error as Error).message}`);
      return 1;
    }
  },
};
