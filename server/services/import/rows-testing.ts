/** Helpers for the tests of cardholder files read in a layout, without a database. */
import { expect } from 'vitest';
import type { CardholderRules } from '../../emv/profile/input-rows';
import {
  CardholderFileError,
  cardholderFileError,
  checkCardholderRows,
  type LayoutRow,
} from './cardholder-rows';
import type { TextEncodingName } from './csv-stream';
import { readCardholderRows } from './layout-rows';

/**
 * The layout the row tests read unless they give another: CSV, comma, a header, columns
 * pan,psn,name,expiry, and no PAN length or BIN range, so any Luhn-valid PAN of 12 to 19 digits is taken.
 */
export const csvWithExpiry: CardholderRules = {
  input: {
    kind: 'csv',
    delimiter: ',',
    header: true,
    columns: [
      { name: 'pan', role: 'pan' },
      { name: 'psn', role: 'pan-sequence-number' },
      { name: 'name', role: 'cardholder-name' },
      { name: 'expiry', role: 'expiry-date' },
    ],
  },
};

/** 15 May 2026: May 2026 (2605) is still valid, April 2026 (2604) is in the past. */
export const now = new Date(Date.UTC(2026, 4, 15, 12));

/** Reads a whole file (in chunks of `chunkBytes`) as the import does, and checks every row. */
export async function validateFile(
  content: string | Buffer,
  rules: CardholderRules = csvWithExpiry,
  options: { encoding?: TextEncodingName; chunkBytes?: number } = {},
) {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const size = options.chunkBytes ?? bytes.length;
  const chunks = Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) =>
    bytes.subarray(i * size, (i + 1) * size),
  );
  const rows: LayoutRow[] = [];
  for await (const row of readCardholderRows(chunks, { encoding: options.encoding ?? 'utf-8', rules })) {
    rows.push(row);
  }
  const { accepted, rejected } = checkCardholderRows(rows, rules, now);
  return { total: rows.length, accepted, rejected };
}

/** The message a person reads when the file is refused as a whole. */
export async function refusalOf(
  content: string | Buffer,
  rules: CardholderRules = csvWithExpiry,
  encoding: TextEncodingName = 'utf-8',
): Promise<string> {
  try {
    await validateFile(content, rules, { encoding });
  } catch (error) {
    const refusal = cardholderFileError(error, rules.input.kind);
    expect(refusal).toBeInstanceOf(CardholderFileError);
    return refusal!.message;
  }
  throw new Error('the file was accepted');
}
