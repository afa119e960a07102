import { isLuhnValid, maskPan } from '../../emv/pan';
import { CsvSyntaxError, parseCsv, type CsvRow } from './csv';
import { CsvBinaryError, CsvEncodingError } from './csv-stream';

export const cardholderColumns = ['pan', 'psn', 'name', 'expiry'] as const;

export interface Cardholder {
  pan: string;
  psn: string;
  name: string;
  /** YYMM, as on the card (EMV tag 5F24 holds YYMMDD with the last day of the month). */
  expiry: string;
}

export interface RowProblem {
  row: number;
  field: string;
  /** What the row held; a PAN is masked. */
  value: string;
  reason: string;
}

export interface ValidatedFile {
  total: number;
  accepted: { row: number; cardholder: Cardholder }[];
  rejected: RowProblem[];
}

export class CardholderFileError extends Error {}

/** ISO/IEC 7813 track 1 name characters: upper-case letters, space and the separators issuers use. */
const track1Name = /^[A-Z0-9 .\-/']+$/;

/** Where each column is in the file, found by name in its header line. */
export interface CardholderLayout {
  index: Record<(typeof cardholderColumns)[number], number>;
  columnCount: number;
}

export interface AcceptedCard {
  row: number;
  cardholder: Cardholder;
}

export interface CheckedRows {
  accepted: AcceptedCard[];
  rejected: RowProblem[];
  /** Rows with at least one problem (a row may have several). */
  rejectedRows: number;
}

/** Reads the header line (row 1); a file without the columns it needs is refused as a whole. */
export function cardholderLayout(header: CsvRow | undefined): CardholderLayout {
  if (!header)
    throw new CardholderFileError('The file is empty. Expected a header line: pan,psn,name,expiry.');
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const missing = cardholderColumns.filter((column) => !names.includes(column));
  if (missing.length) {
    throw new CardholderFileError(
      `The header line lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}. Expected: ${cardholderColumns.join(',')}.`,
    );
  }
  const index = Object.fromEntries(cardholderColumns.map((c) => [c, names.indexOf(c)]));
  return { index: index as CardholderLayout['index'], columnCount: header.fields.length };
}

export const noCardholderRows = 'The file has a header but no cardholder rows.';

/**
 * Checks data rows (one batch of a file, or all of a small one): the layout, every field, and
 * duplicates of PAN and PSN among these rows. The caller checks duplicates against earlier batches
 * and earlier jobs.
 */
export function checkCardholderRows(
  rows: readonly CsvRow[],
  layout: CardholderLayout,
  now = new Date(),
): CheckedRows {
  const result: CheckedRows = { accepted: [], rejected: [], rejectedRows: 0 };
  const seen = new Map<string, number>();
  for (const row of rows) {
    let problems: RowProblem[];
    let cardholder: Cardholder | null = null;
    if (row.fields.length !== layout.columnCount) {
      // Shifted fields cannot be trusted to be the columns they sit under.
      problems = [
        {
          row: row.line,
          field: 'row',
          value: `${row.fields.length} field${row.fields.length === 1 ? '' : 's'}`,
          reason: `row ${row.line} has ${row.fields.length} field${row.fields.length === 1 ? '' : 's'}, the header has ${layout.columnCount}`,
        },
      ];
    } else {
      const get = (column: keyof CardholderLayout['index']) =>
        (row.fields[layout.index[column]] ?? '').trim();
      cardholder = { pan: get('pan'), psn: get('psn') || '00', name: get('name'), expiry: get('expiry') };
      problems = checkCardholder(row.line, cardholder, now);
      const duplicateOf = seen.get(`${cardholder.pan}/${cardholder.psn}`);
      if (problems.length === 0 && duplicateOf !== undefined) {
        problems.push(duplicateProblem(row.line, cardholder.pan, `Same PAN and PSN as row ${duplicateOf}`));
      }
    }
    if (problems.length || !cardholder) {
      result.rejected.push(...problems);
      result.rejectedRows++;
    } else {
      seen.set(`${cardholder.pan}/${cardholder.psn}`, row.line);
      result.accepted.push({ row: row.line, cardholder });
    }
  }
  return result;
}

export function duplicateProblem(row: number, pan: string, reason: string): RowProblem {
  return { row, field: 'pan', value: maskPan(pan), reason };
}

/** What a person reads when the file as a whole cannot be read (null: not a problem of the file). */
export function cardholderFileError(error: unknown): CardholderFileError | null {
  if (error instanceof CardholderFileError) return error;
  if (error instanceof CsvBinaryError) {
    return new CardholderFileError(
      `This is not a text file: it contains binary data (line ${error.line}). Upload a CSV file.`,
    );
  }
  if (error instanceof CsvEncodingError) {
    return new CardholderFileError(`The file cannot be read as UTF-8: line ${error.line}: ${error.problem}.`);
  }
  if (error instanceof CsvSyntaxError) {
    return new CardholderFileError(`The CSV file cannot be read: ${error.message}.`);
  }
  return null;
}

/**
 * Reads a small cardholder CSV held in memory (header: pan,psn,name,expiry) and checks every row.
 * Rows are numbered as in the file (the header is row 1), so a person can find them in a
 * spreadsheet. Files to import are read streaming instead (import-cardholder-file.ts).
 */
export function validateCardholderCsv(text: string, now = new Date()): ValidatedFile {
  if (text.includes('\u0000')) {
    throw new CardholderFileError('This is not a text file: it contains binary data. Upload a CSV file.');
  }
  let rows: CsvRow[];
  try {
    rows = parseCsv(text);
  } catch (error) {
    throw cardholderFileError(error) ?? error;
  }
  const [header, ...data] = rows;
  const layout = cardholderLayout(header);
  if (data.length === 0) throw new CardholderFileError(noCardholderRows);
  const { accepted, rejected } = checkCardholderRows(data, layout, now);
  return { total: data.length, accepted, rejected };
}

function checkCardholder(row: number, c: Cardholder, now: Date): RowProblem[] {
  const problems: RowProblem[] = [];
  const add = (field: string, value: string, reason: string) => problems.push({ row, field, value, reason });
  if (!/^\d{12,19}$/.test(c.pan)) {
    add('pan', /^\d+$/.test(c.pan) ? maskPan(c.pan) : '(not digits)', 'PAN must be 12 to 19 digits');
  } else if (!isLuhnValid(c.pan)) {
    add('pan', maskPan(c.pan), 'PAN fails the Luhn check (ISO/IEC 7812): check the last digit');
  }
  if (!/^\d{2}$/.test(c.psn)) add('psn', c.psn, 'PSN must be 2 digits, 00 to 99');
  if (c.name.length < 2 || c.name.length > 26) {
    add('name', c.name, 'Name must be 2 to 26 characters (ISO/IEC 7813 track 1)');
  } else if (!track1Name.test(c.name)) {
    add('name', c.name, "Name may hold only upper-case letters, digits, space and . - / ' (ISO/IEC 7813)");
  }
  const expiry = /^(\d{2})(\d{2})$/.exec(c.expiry);
  const month = expiry ? Number(expiry[2]) : 0;
  if (!expiry || month < 1 || month > 12) {
    add('expiry', c.expiry, 'Expiry must be YYMM with a month from 01 to 12');
  } else {
    const year = 2000 + Number(expiry[1]);
    const current = now.getUTCFullYear() * 12 + now.getUTCMonth() + 1;
    if (year * 12 + month < current) add('expiry', c.expiry, 'Expiry is in the past');
  }
  return problems;
}
