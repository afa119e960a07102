/**
 * Data Object Lists (PDOL, CDOL1, CDOL2, DDOL, TDOL): a list of tag + length entries that tells the
 * other side which values to concatenate, without tags or lengths, into a command field
 * (EMV 4.4 Book 3 section 5.4).
 */

import { concat, fromHex } from '../bytes';
import { TlvError, isConstructedTag, readTag } from './ber-tlv';

export interface DolEntry {
  /** Upper-case hex. */
  tag: string;
  length: number;
}

/** Data formats that change how Book 3 5.4 pads or truncates a value; `b` stands for every other. */
export type DolDataFormat = 'n' | 'cn' | 'b';

/**
 * Formats of the terminal and card data elements that DOLs commonly ask for and that are not binary
 * (Book 3 Annex A). Any tag not listed here is treated as "any other format".
 */
export const DOL_DATA_FORMATS: Readonly<Record<string, DolDataFormat>> = {
  '5A': 'cn', // Application PAN
  '5F24': 'n', // Application Expiration Date
  '5F25': 'n', // Application Effective Date
  '5F28': 'n', // Issuer Country Code
  '5F2A': 'n', // Transaction Currency Code
  '5F34': 'n', // PAN Sequence Number
  '5F36': 'n', // Transaction Currency Exponent
  '9A': 'n', // Transaction Date
  '9C': 'n', // Transaction Type
  '9F01': 'n', // Acquirer Identifier
  '9F02': 'n', // Amount, Authorised (Numeric)
  '9F03': 'n', // Amount, Other (Numeric)
  '9F11': 'n', // Issuer Code Table Index
  '9F15': 'n', // Merchant Category Code
  '9F1A': 'n', // Terminal Country Code
  '9F20': 'cn', // Track 2 Discretionary Data
  '9F21': 'n', // Transaction Time
  '9F35': 'n', // Terminal Type
  '9F39': 'n', // Point-of-Service Entry Mode
  '9F3C': 'n', // Transaction Reference Currency Code
  '9F3D': 'n', // Transaction Reference Currency Exponent
  '9F41': 'n', // Transaction Sequence Counter
  '9F42': 'n', // Application Currency Code
  '9F44': 'n', // Application Currency Exponent
};

/** Parses a DOL into its entries (Book 3 5.4: each entry is a BER-TLV tag and a one-byte length). */
export function decodeDol(input: Uint8Array | string): DolEntry[] {
  const bytes = typeof input === 'string' ? fromHex(input, 'DOL') : Buffer.from(input);
  const entries: DolEntry[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const { tag, next } = readTag(bytes, pos);
    if (next >= bytes.length) {
      throw new TlvError('truncated', next, `DOL truncated at offset ${next}: tag ${tag} has no length byte`);
    }
    entries.push({ tag, length: bytes[next]! });
    pos = next + 1;
  }
  return entries;
}

/** Total length of the data a DOL asks for, i.e. the Lc of the command it feeds (Book 3 5.4). */
export function dolDataLength(dol: readonly DolEntry[]): number {
  return dol.reduce((sum, entry) => sum + entry.length, 0);
}

function fitToLength(value: Uint8Array, length: number, format: DolDataFormat): Buffer {
  const bytes = Buffer.from(value);
  if (bytes.length === length) return bytes;
  if (bytes.length > length) {
    // Rule c: numeric values lose their leftmost (most significant) bytes, all others the rightmost.
    return format === 'n' ? bytes.subarray(bytes.length - length) : bytes.subarray(0, length);
  }
  // Rule d: n pads with leading zeroes, cn with trailing FF, every other format with trailing zeroes.
  const padding = Buffer.alloc(length - bytes.length, format === 'cn' ? 0xff : 0x00);
  return format === 'n' ? concat(padding, bytes) : concat(bytes, padding);
}

export interface BuildDolDataOptions {
  /** Formats that override or extend `DOL_DATA_FORMATS`, keyed by upper-case tag. */
  formats?: Readonly<Record<string, DolDataFormat>>;
}

/**
 * Builds the data a DOL asks for from the values at hand (Book 3 5.4): constructed or absent tags give
 * zeroes of the requested length (rules a, b, e); longer values are truncated and shorter ones padded
 * according to their format (rules c, d).
 */
export function buildDolData(
  dol: readonly DolEntry[],
  values: ReadonlyMap<string, Uint8Array> | Readonly<Record<string, Uint8Array>>,
  options: BuildDolDataOptions = {},
): Buffer {
  const lookup = (tag: string): Uint8Array | undefined =>
    values instanceof Map ? values.get(tag) : (values as Record<string, Uint8Array>)[tag];
  return concat(
    ...dol.map((entry) => {
      const tag = entry.tag.toUpperCase();
      const value = lookup(tag);
      if (value === undefined || isConstructedTag(tag)) return Buffer.alloc(entry.length);
      const format = options.formats?.[tag] ?? DOL_DATA_FORMATS[tag] ?? 'b';
      return fitToLength(value, entry.length, format);
    }),
  );
}
