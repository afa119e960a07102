import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv, type CsvRow } from './csv';
import { CsvBinaryError, CsvEncodingError, readCsvRows, scanUtf8, type TextEncodingName } from './csv-stream';

async function rowsOf(
  chunks: Uint8Array[],
  encoding: TextEncodingName = 'utf-8',
  maxRowChars?: number,
  delimiter?: string,
) {
  const rows: CsvRow[] = [];
  for await (const row of readCsvRows(chunks, { encoding, maxRowChars, delimiter })) rows.push(row);
  return rows;
}

async function failureOf(chunks: Uint8Array[], encoding: TextEncodingName = 'utf-8') {
  try {
    await rowsOf(chunks, encoding);
  } catch (error) {
    return error as CsvSyntaxError;
  }
  throw new Error('the file was read');
}

/** The bytes cut at `cuts` (sorted offsets). */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [0, ...cuts, bytes.length];
  return points.slice(1).map((end, i) => bytes.subarray(points[i], end));
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const tricky = 'name,note\r\n"DOE, JOHN","say ""hi"""\r\n"two\r\nlines",x\r\n\r\nÉLODIE,"€"\r\nlast,row';

describe('readCsvRows: a file read in chunks', () => {
  it('reads every split of a file (quotes, doubled quotes, CRLF, multi-byte characters) as the whole text', async () => {
    const bytes = utf8(tricky);
    const whole = parseCsv(tricky);
    expect(whole).toHaveLength(5);
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(await rowsOf(split(bytes, [cut])), `cut at byte ${cut}`).toEqual(whole);
    }
    expect(await rowsOf(split(bytes, [...bytes.keys()].slice(1)))).toEqual(whole);
  });

  it('keeps a doubled quote that a chunk boundary splits, and a CRLF split between CR and LF', async () => {
    const text = 'a,b\r\n"x""y",z\r\nlast,1\r\n';
    const bytes = utf8(text);
    const doubled = text.indexOf('""') + 1;
    const crlf = text.indexOf('\r\n', 6) + 1;
    expect(await rowsOf(split(bytes, [doubled, crlf]))).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x"y', 'z'] },
      { line: 3, fields: ['last', '1'] },
    ]);
  });

  it('reads random files cut at random places as parseCsv reads them whole', async () => {
    const field = fc.oneof(
      fc.string({ unit: fc.constantFrom('A', 'é', '€', ' ', '-') }),
      fc
        .string({ unit: fc.constantFrom('A', ',', '"', '\n', '\r', 'ß') })
        .map((s) => `"${s.replaceAll('"', '""')}"`),
    );
    const file = fc
      .tuple(
        fc.array(fc.array(field, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        fc.constantFrom('\n', '\r\n'),
      )
      .map(([rows, eol]) => rows.map((r) => r.join(',')).join(eol));
    await fc.assert(
      fc.asyncProperty(file, fc.array(fc.nat(), { maxLength: 6 }), async (text, rawCuts) => {
        const bytes = utf8(text);
        const cuts = [...new Set(rawCuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        expect(await rowsOf(split(bytes, cuts))).toEqual(parseCsv(text));
      }),
      { numRuns: 300 },
    );
  });
});

describe('readCsvRows: the delimiter of the layout', () => {
  it('reads fields separated by ";" at every split of the file', async () => {
    const text = 'pan;name\r\n4761739001010010;"DOE; JANE"\r\n4761739001010028;ÉLODIE, MME';
    const bytes = utf8(text);
    const expected = parseCsv(text, ';');
    expect(expected[1]!.fields).toEqual(['4761739001010010', 'DOE; JANE']);
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(await rowsOf(split(bytes, [cut]), 'utf-8', undefined, ';'), `cut at byte ${cut}`).toEqual(
        expected,
      );
    }
  });
});

describe('readCsvRows: encodings and byte-order marks', () => {
  it('drops a UTF-8 byte-order mark, also when it is split between chunks', async () => {
    const bytes = utf8('\uFEFFpan,psn\n1,2');
    const expected = [
      { line: 1, fields: ['pan', 'psn'] },
      { line: 2, fields: ['1', '2'] },
    ];
    expect(await rowsOf([bytes])).toEqual(expected);
    expect(await rowsOf(split(bytes, [1, 2]))).toEqual(expected);
    expect(await rowsOf([bytes], 'iso-8859-1')).toEqual(expected);
  });

  it('reads ISO-8859-1 names as the characters they are', async () => {
    const bytes = Buffer.from('name,city\nZOË DUPONT,Besançon\n', 'latin1');
    expect(bytes.includes(0xcb)).toBe(true);
    expect(await rowsOf([bytes], 'iso-8859-1')).toEqual([
      { line: 1, fields: ['name', 'city'] },
      { line: 2, fields: ['ZOË DUPONT', 'Besançon'] },
    ]);
  });

  it('refuses ISO-8859-1 bytes read as UTF-8, naming the row and suggesting ISO-8859-1', async () => {
    const bytes = Buffer.from('name\nALICE\nBOB\nZOË DUPONT\n', 'latin1');
    const error = await failureOf(split(bytes, [5, 12]));
    expect(error).toBeInstanceOf(CsvEncodingError);
    expect([error.line, error.message]).toEqual([
      4,
      'line 4: byte 18 (0xCB) is not valid UTF-8; if the file comes from an older system, choose the encoding ISO-8859-1',
    ]);
  });

  it('reads a UTF-8 character split between chunks, and refuses one cut short by the end of the file', async () => {
    const bytes = utf8('name\nZOË\n');
    const inside = bytes.indexOf(0xc3) + 1;
    expect((await rowsOf(split(bytes, [inside])))[1]).toEqual({ line: 2, fields: ['ZOË'] });
    const cutShort = await failureOf([bytes.subarray(0, inside)]);
    expect([cutShort.constructor, cutShort.line]).toEqual([CsvEncodingError, 2]);
  });

  it('finds where valid UTF-8 ends (Unicode table 3-7)', () => {
    const at = (...bytes: number[]) => scanUtf8(Uint8Array.from(bytes));
    expect(at(0x41, 0xc3, 0xa9)).toEqual({ end: 3, invalidAt: null });
    expect(at(0x41, 0xc3)).toEqual({ end: 1, invalidAt: null });
    expect(at(0xc0, 0x80)).toEqual({ end: 0, invalidAt: 0 }); // overlong
    expect(at(0xed, 0xa0, 0x80)).toEqual({ end: 0, invalidAt: 0 }); // a surrogate
    expect(at(0xf4, 0x90, 0x80, 0x80)).toEqual({ end: 0, invalidAt: 0 }); // above U+10FFFF
    expect(at(0xf0, 0x9f, 0x92, 0xb3)).toEqual({ end: 4, invalidAt: null });
    expect(at(0x41, 0x80)).toEqual({ end: 1, invalidAt: 1 });
  });
});

describe('readCsvRows: files that cannot be read', () => {
  it('refuses a file cut short inside a quoted field, naming the line the field starts on', async () => {
    const error = await failureOf(split(utf8('pan,name\n1,ok\n2,"UNCLOSED\nSTILL OPEN'), [20]));
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect(error.message).toBe('line 3: a quoted field is not closed');
  });

  it('refuses binary data, on the row where it starts', async () => {
    const error = await failureOf([utf8('pan,name\n1,ok\n2,'), Uint8Array.from([0x00, 0x01])]);
    expect(error).toBeInstanceOf(CsvBinaryError);
    expect(error.message).toBe('line 3: a NUL byte: this is binary data, not text');
  });

  it('refuses a row longer than the limit instead of holding it', async () => {
    await expect(rowsOf([utf8('a,b\n"'), utf8('x'.repeat(100))], 'utf-8', 50)).rejects.toThrow(
      'line 2: the row is longer than 50 characters; is a quote left open, or is this not a CSV file?',
    );
  });

  it('returns no rows for an empty file or one holding only a byte-order mark', async () => {
    expect(await rowsOf([])).toEqual([]);
    expect(await rowsOf([utf8('\uFEFF')])).toEqual([]);
  });
});
