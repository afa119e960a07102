import type { CliIo } from './cli-io';

/** One `npx dataprep WORDS…` command. */
export interface CliCommand {
  /** The words that name it, e.g. "jobs create". */
  name: string;
  /** Its arguments and options, for the usage text, e.g. "FILE --profile-version ID …". */
  synopsis: string;
  summary: string;
  /** Runs it with the arguments after its name; resolves to the exit status. */
  run: (args: string[], io: CliIo) => Promise<number>;
}

/** Prints a result as JSON (--json) for scripts, or as lines for people. */
export function printResult(io: CliIo, json: boolean | undefined, value: unknown, lines: () => string[]) {
  if (json) io.out(JSON.stringify(value, null, 2));
  else for (const line of lines()) io.out(line);
}

/** Columns padded to the widest cell, two spaces apart. */
export function table(rows: string[][]): string[] {
  const widths = rows.reduce<number[]>(
    (max, row) => row.map((cell, i) => Math.max(max[i] ?? 0, cell.length)),
    [],
  );
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}
