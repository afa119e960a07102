import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readTextRows, type TextEncodingName } from './csv-stream';
import { fixedWidthField, LineSplitter, type TextLine } from './fixed-width';

function linesOf(pieces: string[], keepChars = 100): TextLine[] {
  const splitter = new LineSplitter(keepChars);
  return [...pieces.flatMap((piece) => splitter.feed(piece)), ...splitter.end()];
}

async function linesFromBytes(chunks: Uint8Array[], encoding: TextEncodingName = 'utf-8') {
  const lines: TextLine[] = [];
  for await (const line of readTextRows(chunks, { encoding }, new LineSplitter(100))) lines.push(line);
  return lines;
}

const line = (n: number, text: string): TextLine => ({ line: n, length: [...text].length, text });

describe('LineSplitter', () => {
  it('splits at LF, CRLF and a lone CR, numbering lines as an editor does and skipping blank ones', () => {
    expect(linesOf(['AB\nCD\r\nEF\rGH\n\n\r\nIJ'])).toEqual([
      line(1, 'AB'),
      line(2, 'CD'),
      line(3, 'EF'),
      line(4, 'GH'),
      line(7, 'IJ'),
    ]);
  });

  it('keeps no empty last line after a final line break', () => {
    expect(linesOf(['AB\r\n'])).toEqual([line(1, 'AB')]);
    expect(linesOf([''])).toEqual([]);
  });

  it('reads a CRLF split between two pieces as one line break', () => {
    expect(linesOf(['AB\r', '\nCD\r', '', '\nEF'])).toEqual([line(1, 'AB'), line(2, 'CD'), line(3, 'EF')]);
  });

  it('reads every split of a text as the whole text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('A', ' ', 'é', '😀', '\n', '\r') }),
        fc.array(fc.nat(), { maxLength: 5 }),
        (text, rawCuts) => {
          const cuts = [...new Set(rawCuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          // The decoder never cuts a surrogate pair; neither does this test.
          if (cuts.some((c) => /[\uDC00-\uDFFF]/.test(text[c] ?? ''))) return;
          const points = [0, ...cuts, text.length];
          const pieces = points.slice(1).map((end, i) => text.slice(points[i], end));
          expect(linesOf(pieces)).toEqual(linesOf([text]));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('counts characters, not UTF-16 code units', () => {
    expect(linesOf(['😀É\n'])).toEqual([{ line: 1, length: 2, text: '😀É' }]);
  });

  it('counts a line longer than it keeps without holding it', () => {
    const [long] = linesOf(
      Array.from({ length: 100 }, () => 'X'.repeat(100_000)),
      80,
    );
    expect(long!.length).toBe(10_000_000);
    expect(long!.text.length).toBe(160);
  });
});

describe('fixed-width lines from bytes', () => {
  it('drops a UTF-8 byte-order mark and reads ISO-8859-1 characters as one character each', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('ZOË  \nBESANÇON\n', 'latin1'),
    ]);
    expect(await linesFromBytes([bytes], 'iso-8859-1')).toEqual([line(1, 'ZOË  '), line(2, 'BESANÇON')]);
  });
});

describe('fixedWidthField', () => {
  it('slices by 1-based start and length and drops trailing spaces only', () => {
    const record = line(1, '4761739001010010 ALICE     ');
    expect(fixedWidthField(record, 1, 16)).toBe('4761739001010010');
    expect(fixedWidthField(record, 17, 11)).toBe(' ALICE');
    expect(fixedWidthField(record, 30, 5)).toBe('');
  });

  it('counts characters outside the Basic Multilingual Plane as one', () => {
    expect(fixedWidthField(line(1, '😀AB😀CD'), 4, 3)).toBe('😀CD');
  });
});
