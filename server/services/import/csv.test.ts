import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv } from './csv';

describe('parseCsv (RFC 4180)', () => {
  it('splits rows and fields and numbers rows by their line in the file', () => {
    expect(parseCsv('pan,psn\n4761739001010010,00\n')).toEqual([
      { line: 1, fields: ['pan', 'psn'] },
      { line: 2, fields: ['4761739001010010', '00'] },
    ]);
  });

  it('reads CRLF line ends the same as LF, and a last line without one', () => {
    expect(parseCsv('a,b\r\nc,d\r\ne,f')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['c', 'd'] },
      { line: 3, fields: ['e', 'f'] },
    ]);
  });

  it('keeps commas, doubled quotes and line breaks inside quoted fields', () => {
    expect(parseCsv('name,note\n"DOE, JOHN","say ""hi"""\n"two\nlines",x\nlast,row')).toEqual([
      { line: 1, fields: ['name', 'note'] },
      { line: 2, fields: ['DOE, JOHN', 'say "hi"'] },
      { line: 3, fields: ['two\nlines', 'x'] },
      { line: 5, fields: ['last', 'row'] },
    ]);
  });

  it('drops a byte-order mark', () => {
    expect(parseCsv('\uFEFFpan,psn\n1,2')).toEqual([
      { line: 1, fields: ['pan', 'psn'] },
      { line: 2, fields: ['1', '2'] },
    ]);
  });

  it('skips blank lines but keeps counting them', () => {
    expect(parseCsv('a\n\n\r\nb\n')).toEqual([
      { line: 1, fields: ['a'] },
      { line: 4, fields: ['b'] },
    ]);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(parseCsv('a,,c,\n')).toEqual([{ line: 1, fields: ['a', '', 'c', ''] }]);
    expect(parseCsv('"",x')).toEqual([{ line: 1, fields: ['', 'x'] }]);
  });

  it('separates fields by the delimiter given, and reads a comma as text then', () => {
    expect(parseCsv('pan;name\n4761739001010010;"DOE; JANE"\n1;DOE, JOHN', ';')).toEqual([
      { line: 1, fields: ['pan', 'name'] },
      { line: 2, fields: ['4761739001010010', 'DOE; JANE'] },
      { line: 3, fields: ['1', 'DOE, JOHN'] },
    ]);
    expect(parseCsv('a\tb\tc', '\t')).toEqual([{ line: 1, fields: ['a', 'b', 'c'] }]);
  });

  it.each([['"'], ['\n'], ['\r'], [';;']])('refuses %j as a delimiter', (delimiter) => {
    expect(() => parseCsv('a', delimiter)).toThrow(
      `a CSV delimiter is one character other than a quote or a line break, got ${JSON.stringify(delimiter)}`,
    );
  });

  it('returns no rows for an empty text', () => {
    expect(parseCsv('')).toEqual([]);
  });

  it('refuses a quoted field that is never closed, naming the line it starts on', () => {
    const text = 'pan,name\n1,ok\n2,"UNCLOSED\nSTILL OPEN\n';
    expect(() => parseCsv(text)).toThrow(CsvSyntaxError);
    expect(() => parseCsv(text)).toThrow('line 3: a quoted field is not closed');
    try {
      parseCsv(text);
    } catch (error) {
      expect((error as CsvSyntaxError).line).toBe(3);
    }
  });

  it('refuses a quote in the middle of an unquoted field', () => {
    expect(() => parseCsv('a,b\nx,ab"c\n')).toThrow(new CsvSyntaxError(2, 'a quote may only open a field'));
    expect(() => parseCsv('a,b\nx,ab"c\n')).toThrow('line 2: a quote may only open a field');
  });

  it('refuses text after the closing quote of a field', () => {
    expect(() => parseCsv('a,b\n"abc"def,x\n')).toThrow(
      new CsvSyntaxError(2, 'a closing quote must end the field'),
    );
    expect(parseCsv('a,b\n"abc",x\n')[1]!.fields).toEqual(['abc', 'x']);
  });
});
