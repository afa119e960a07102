import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv-export';

describe('CSV export', () => {
  it.each([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+1+1', "'+1+1"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTAB', "'\tTAB"],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['line\nbreak', '"line\nbreak"'],
    [null, ''],
    [42, '42'],
  ])('writes %j as %s', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('writes a header and rows with CRLF line ends', () => {
    expect(toCsv(['row', 'reason'], [[2, 'PAN fails the Luhn check']])).toBe(
      'row,reason\r\n2,PAN fails the Luhn check\r\n',
    );
  });
});
