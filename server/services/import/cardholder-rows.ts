import { maskPan } from '../../emv/pan';
import {
  checkCardholderValues,
  type CardholderRecord,
  type CardholderRules,
  type InputProblem,
} from '../../emv/profile/input-rows';
import { CsvSyntaxError } from './csv';
import { CsvBinaryError, CsvEncodingError } from './csv-stream';

/** A file refused as a whole: nothing of it is imported. The message is for the person who sent it. */
export class CardholderFileError extends Error {}

/** A line of the file cut into the layout's columns, or the reason it could not be. */
export type LayoutRow =
  { line: number; values: Record<string, string> } | { line: number; problem: InputProblem };

export interface AcceptedCard {
  row: number;
  record: CardholderRecord;
}

export interface CheckedRows {
  accepted: AcceptedCard[];
  rejected: InputProblem[];
  /** Rows with at least one problem (a row may have several). */
  rejectedRows: number;
}

/**
 * Checks rows of a file (one batch, or all of a small one): every value by its column's role, and
 * duplicates of PAN and PSN among these rows. The caller checks duplicates against earlier batches
 * and earlier jobs.
 */
export function checkCardholderRows(
  rows: readonly LayoutRow[],
  rules: CardholderRules,
  now = new Date(),
): CheckedRows {
  const result: CheckedRows = { accepted: [], rejected: [], rejectedRows: 0 };
  const seen = new Map<string, number>();
  for (const row of rows) {
    if ('problem' in row) {
      result.rejected.push(row.problem);
      result.rejectedRows++;
      continue;
    }
    const { problems, record } = checkCardholderValues(rules, row.values, row.line, now);
    const panColumn = rules.input.columns.find((column) => column.role === 'pan')?.name ?? 'pan';
    const duplicateOf = record && seen.get(`${record.pan}/${record.psn}`);
    if (record && duplicateOf !== undefined) {
      problems.push(
        duplicateProblem(row.line, panColumn, record.pan, `Same PAN and PSN as row ${duplicateOf}`),
      );
    }
    if (problems.length || !record) {
      result.rejected.push(...problems);
      result.rejectedRows++;
    } else {
      seen.set(`${record.pan}/${record.psn}`, row.line);
      result.accepted.push({ row: row.line, record });
    }
  }
  return result;
}

export function duplicateProblem(row: number, field: string, pan: string, reason: string): InputProblem {
  return { row, field, value: maskPan(pan), reason };
}

/**
 * What a person reads when the file as a whole cannot be read (null: not a problem of the file).
 * `kind` is the layout's, so the advice names the file the card template expects.
 */
export function cardholderFileError(error: unknown, kind: 'csv' | 'fixed-width'): CardholderFileError | null {
  if (error instanceof CardholderFileError) return error;
  const expected = kind === 'csv' ? 'a CSV file' : 'the fixed-width text file';
  if (error instanceof CsvBinaryError) {
    return new CardholderFileError(
      `This is not a text file: it contains binary data (line ${error.line}). Upload ${expected}.`,
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
