import { calcVectors } from './calc-vectors';

const usage = `Usage:
  dataprep calc --vectors FILE   run every test vector in FILE (format of shared/vectors/emv-vectors.json)`;

function main(args: string[]): number {
  const [command, ...rest] = args;
  if (command === 'calc') {
    if (process.env.DATAPREP_MODE === 'production') {
      console.error('The crypto calculator works on clear test keys and is refused in production mode.');
      return 2;
    }
    const at = rest.indexOf('--vectors');
    if (at >= 0 && rest[at + 1]) return calcVectors(rest[at + 1]!);
  }
  console.error(usage);
  return 2;
}

process.exitCode = main(process.argv.slice(2));
