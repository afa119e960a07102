import type { CardholderRules } from '../../emv/profile/input-rows';
import type { InputLayout } from '../../emv/profile/schema/card';
import { CardholderFileError, type LayoutRow } from './cardholder-rows';
import type { CsvRow } from './csv';
import { readCsvRows, readTextRows, type TextEncodingName } from './csv-stream';
import { fixedWidthField, LineSplitter } from './fixed-width';

type CsvLayout = Extract<InputLayout, { kind: 'csv' }>;
type FixedWidthLayout = Extract<InputLayout, { kind: 'fixed-width' }>;

export const noCardholderRows = 'The file has a header but no cardholder rows.';

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/**
 * Reads a cardholder file streaming, as the card template's input layout says, and yields every row
 * cut into the layout's columns (by name), or the reason it could not be cut. Rows are numbered by
 * their line in the file, so a person can find them in a spreadsheet or an editor: a header line is
 * row 1. Throws CardholderFileError for a file that is not in the layout at all (empty, a header
 * lacking columns, a header without rows, no row of the layout's width), and the errors of
 * csv-stream.ts for a file that cannot be read as text.
 */
export async function* readCardholderRows(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: { encoding: TextEncodingName; rules: CardholderRules; panless?: boolean },
): AsyncGenerator<LayoutRow> {
  const layout = options.rules.input;
  // An additional input (`panless`) may join on a customer id instead of the PAN.
  if (!options.panless && !layout.columns.some((column) => column.role === 'pan')) {
    throw new CardholderFileError(
      'The input layout of the card template has no PAN column: correct the card profile.',
    );
  }
  if (layout.kind === 'csv') yield* csvRows(source, options.encoding, layout);
  else yield* fixedWidthRows(source, options.encoding, layout);
}

/** The widths of the rows that do not fit the layout, to say what the file looks like instead. */
class Widths {
  private min = Infinity;
  private max = 0;
  add(width: number) {
    this.min = Math.min(this.min, width);
    this.max = Math.max(this.max, width);
  }
  describe(noun: string, what: 'row' | 'line'): string {
    return this.min === this.max
      ? `every ${what} has ${plural(this.min, noun)}`
      : `the ${what}s have ${this.min} to ${this.max} ${noun}s`;
  }
}

/** Where each of the layout's columns is in a row: found by name in the header line, or by position. */
function csvColumnIndex(layout: CsvLayout, header: CsvRow): number[] {
  const names = header.fields.map((field) => field.trim().toLowerCase());
  const missing = layout.columns.filter((column) => !names.includes(column.name.toLowerCase()));
  if (missing.length) {
    throw new CardholderFileError(
      `The header line lacks the column${missing.length > 1 ? 's' : ''} ${missing.map((c) => c.name).join(', ')}. Expected: ${expectedHeader(layout)}.`,
    );
  }
  return layout.columns.map((column) => names.indexOf(column.name.toLowerCase()));
}

const expectedHeader = (layout: CsvLayout) =>
  layout.columns.map((column) => column.name).join(layout.delimiter);

async function* csvRows(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  encoding: TextEncodingName,
  layout: CsvLayout,
): AsyncGenerator<LayoutRow> {
  if ('"\r\n'.includes(layout.delimiter)) {
    throw new CardholderFileError(
      'The CSV delimiter of the card template is a quote or a line break, which cannot separate fields: correct the card profile.',
    );
  }
  let index: number[] | null = layout.header ? null : layout.columns.map((_, i) => i);
  let width = layout.columns.length;
  let rows = 0;
  let anyFits = false;
  const misfits = new Widths();
  for await (const row of readCsvRows(source, { encoding, delimiter: layout.delimiter })) {
    if (!index) {
      index = csvColumnIndex(layout, row);
      width = row.fields.length;
      continue;
    }
    rows++;
    const count = row.fields.length;
    if (count !== width) {
      // Shifted fields cannot be trusted to be the columns they sit under.
      misfits.add(count);
      yield {
        line: row.line,
        problem: {
          row: row.line,
          field: 'row',
          value: plural(count, 'field'),
          reason: `row ${row.line} has ${plural(count, 'field')}, the ${layout.header ? 'header' : 'layout'} has ${width}`,
        },
      };
      continue;
    }
    anyFits = true;
    const fields = row.fields;
    const columns = index;
    yield {
      line: row.line,
      values: Object.fromEntries(layout.columns.map((column, i) => [column.name, fields[columns[i]!] ?? ''])),
    };
  }
  if (layout.header) {
    if (!index) {
      throw new CardholderFileError(`The file is empty. Expected a header line: ${expectedHeader(layout)}.`);
    }
    if (rows === 0) throw new CardholderFileError(noCardholderRows);
    return;
  }
  if (rows === 0) {
    throw new CardholderFileError(
      `The file is empty. Expected one cardholder per line, without a header: ${expectedHeader(layout)}.`,
    );
  }
  if (!anyFits) {
    throw new CardholderFileError(
      `This does not look like the CSV layout of the card template: ${misfits.describe('field', 'row')}, the layout expects ${width} separated by "${layout.delimiter}".`,
    );
  }
}

async function* fixedWidthRows(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  encoding: TextEncodingName,
  layout: FixedWidthLayout,
): AsyncGenerator<LayoutRow> {
  const expected = layout.recordLength;
  let rows = 0;
  let anyFits = false;
  const misfits = new Widths();
  for await (const line of readTextRows(source, { encoding }, new LineSplitter(expected))) {
    rows++;
    if (line.length !== expected) {
      misfits.add(line.length);
      yield {
        line: line.line,
        problem: {
          row: line.line,
          field: 'row',
          value: plural(line.length, 'character'),
          reason: `row ${line.line} has ${plural(line.length, 'character')}, the layout expects ${expected}`,
        },
      };
      continue;
    }
    anyFits = true;
    yield {
      line: line.line,
      values: Object.fromEntries(
        layout.columns.map((column) => [column.name, fixedWidthField(line, column.start, column.length)]),
      ),
    };
  }
  if (rows === 0) {
    throw new CardholderFileError(
      `The file is empty. Expected one cardholder per line of ${plural(expected, 'character')}.`,
    );
  }
  if (!anyFits) {
    throw new CardholderFileError(
      `This does not look like the fixed-width layout of the card template: ${misfits.describe('character', 'line')}, the layout expects ${expected}.`,
    );
  }
}
