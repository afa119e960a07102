import { CsvParser, CsvSyntaxError, type CsvRow } from './csv';

export const textEncodings = ['utf-8', 'iso-8859-1'] as const;
export type TextEncodingName = (typeof textEncodings)[number];

/** A byte sequence the chosen encoding does not allow, on the row that holds it. */
export class CsvEncodingError extends CsvSyntaxError {}

/** A NUL byte: the file is binary data, not text. */
export class CsvBinaryError extends CsvSyntaxError {}

const utf8Bom = Buffer.from([0xef, 0xbb, 0xbf]);

/** What splits decoded text into rows: a CSV parser, or the line splitter of fixed-width files. */
export interface TextRowReader<Row> {
  /** Reads the next piece of text; returns the rows it completed. */
  feed(text: string): Row[];
  /** The end of the text: returns the last row, if the text did not end with a line break. */
  end(): Row[];
  /** The line the row being read starts on (where a problem found now is reported). */
  readonly currentRowLine: number;
}

/**
 * Reads rows from a byte stream, one chunk at a time: bytes are decoded as they arrive (a UTF-8
 * sequence split between two chunks is carried over) and handed to `reader`, which holds only the
 * row it is reading. A UTF-8 byte-order mark is dropped in either encoding. Throws CsvEncodingError
 * and CsvBinaryError with the line of the row where the file stops being readable.
 */
export async function* readTextRows<Row>(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: { encoding: TextEncodingName },
  reader: TextRowReader<Row>,
): AsyncGenerator<Row> {
  let pending: Buffer = Buffer.alloc(0);
  let offset = 0;
  let bomChecked = false;
  const decode = (final: boolean): Row[] => {
    let bytes = pending;
    pending = Buffer.alloc(0);
    if (!bomChecked) {
      // Wait for three bytes before deciding on a byte-order mark.
      if (bytes.length < utf8Bom.length && !final) {
        pending = bytes;
        return [];
      }
      bomChecked = true;
      if (bytes.subarray(0, utf8Bom.length).equals(utf8Bom)) {
        bytes = bytes.subarray(utf8Bom.length);
        offset = utf8Bom.length;
      }
    }
    let text: string;
    if (options.encoding === 'utf-8') {
      const { end, invalidAt } = scanUtf8(bytes);
      if (invalidAt !== null) throw encodingError(reader, bytes, invalidAt, offset);
      // A sequence cut short by the end of the file is as invalid as a wrong byte.
      if (final && end < bytes.length) throw encodingError(reader, bytes, end, offset);
      text = bytes.toString('utf8', 0, end);
      pending = bytes.subarray(end);
      offset += end;
    } else {
      text = bytes.toString('latin1');
      offset += bytes.length;
    }
    const nul = text.indexOf('\u0000');
    if (nul >= 0) {
      reader.feed(text.slice(0, nul));
      throw new CsvBinaryError(reader.currentRowLine, 'a NUL byte: this is binary data, not text');
    }
    return reader.feed(text);
  };
  for await (const chunk of source) {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    pending = pending.length ? Buffer.concat([pending, bytes]) : bytes;
    yield* decode(false);
  }
  yield* decode(true);
  yield* reader.end();
}

/**
 * Reads CSV rows from a byte stream (see readTextRows). Throws CsvSyntaxError (and its
 * CsvEncodingError and CsvBinaryError) with the line of the row where the file stops being readable.
 */
export function readCsvRows(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: { encoding: TextEncodingName; maxRowChars?: number; delimiter?: string },
): AsyncGenerator<CsvRow> {
  const parser = new CsvParser({ maxRowChars: options.maxRowChars, delimiter: options.delimiter });
  return readTextRows(source, options, parser);
}

function encodingError(reader: TextRowReader<unknown>, bytes: Buffer, invalidAt: number, offset: number) {
  reader.feed(bytes.toString('utf8', 0, invalidAt));
  const byte = bytes[invalidAt]!.toString(16).toUpperCase().padStart(2, '0');
  return new CsvEncodingError(
    reader.currentRowLine,
    `byte ${offset + invalidAt + 1} (0x${byte}) is not valid UTF-8; if the file comes from an older system, choose the encoding ISO-8859-1`,
  );
}

/**
 * Finds where the complete, valid UTF-8 sequences of `bytes` end (an incomplete sequence at the end
 * may be completed by the next chunk), or the first byte that cannot start or continue a valid
 * sequence (Unicode 15, table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF).
 */
export function scanUtf8(bytes: Uint8Array): { end: number; invalidAt: number | null } {
  const length = bytes.length;
  let i = 0;
  while (i < length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let needed: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) needed = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      needed = 2;
      if (b === 0xe0) low = 0xa0;
      else if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      needed = 3;
      if (b === 0xf0) low = 0x90;
      else if (b === 0xf4) high = 0x8f;
    } else return { end: i, invalidAt: i };
    for (let k = 1; k <= needed; k++) {
      if (i + k >= length) return { end: i, invalidAt: null };
      const next = bytes[i + k]!;
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (next < min || next > max) return { end: i, invalidAt: i };
    }
    i += needed + 1;
  }
  return { end: length, invalidAt: null };
}
