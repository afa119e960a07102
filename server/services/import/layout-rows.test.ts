import { describe, expect, it } from 'vitest';
import { cardholderRulesOf, type CardholderRules } from '../../emv/profile/input-rows';
import { demo } from '../../emv/profile/testing';
import { refusalOf, validateFile } from './rows-testing';

/** The CPA demo: CSV with ';' and a header, pan;psn;name;pin_block, BIN range 99990300 to 99990399. */
const semicolon = cardholderRulesOf(demo('cpa').card);
const semicolonNoHeader: CardholderRules = {
  ...semicolon,
  input: { ...semicolon.input, header: false } as CardholderRules['input'],
};
/** The debit demo: fixed-width records of 80 characters, BIN range 99990200 to 99990299. */
const fixedWidth = cardholderRulesOf(demo('debit').card);

describe('the demo layouts these tests read', () => {
  it('are what the tests assume', () => {
    expect(semicolon.input).toMatchObject({ kind: 'csv', delimiter: ';', header: true });
    expect(semicolon.input.columns.map((c) => `${c.name}:${c.role}`)).toEqual([
      'pan:pan',
      'psn:pan-sequence-number',
      'name:cardholder-name',
      'pin_block:pin-block',
    ]);
    expect(fixedWidth.input).toEqual({
      kind: 'fixed-width',
      recordLength: 80,
      columns: [
        { name: 'pan', role: 'pan', start: 1, length: 16 },
        { name: 'psn', role: 'pan-sequence-number', start: 17, length: 2 },
        { name: 'name', role: 'cardholder-name', start: 19, length: 26 },
        { name: 'expiry', role: 'expiry-date', start: 45, length: 4 },
        { name: 'pin_block', role: 'pin-block', start: 49, length: 16 },
      ],
    });
  });
});

describe('CSV with the delimiter ";" and a header', () => {
  it('finds the columns by name in any case, keeps the PIN block in upper case, numbers rows from the header', async () => {
    const file = [
      'PIN_BLOCK;Name;PAN;psn',
      '0412ac89abcdef67;DOE, JANE;9999030000000019;01',
      '0412AC89ABCDEF67;ALICE EXAMPLE;9999030000000027;',
    ].join('\r\n');
    const result = await validateFile(file, semicolon);
    expect(result.accepted).toEqual([
      {
        row: 3,
        record: {
          pan: '9999030000000027',
          psn: '00',
          columns: { pan: '9999030000000027', psn: '', name: 'ALICE EXAMPLE', pin_block: '0412AC89ABCDEF67' },
        },
      },
    ]);
    expect(result.rejected).toEqual([
      {
        row: 2,
        field: 'name',
        value: 'DOE, JANE',
        reason: "Name may hold only upper-case letters, digits, space and . - / ' (ISO/IEC 7813)",
      },
    ]);
  });

  it('rejects a PAN outside the BIN range of the card template and a bad PIN block, never showing the PIN block', async () => {
    const result = await validateFile(
      'pan;psn;name;pin_block\n9999020000000010;00;ALICE EXAMPLE;0412AC89ABCDEF6Z',
      semicolon,
    );
    expect(result.rejected).toEqual([
      {
        row: 2,
        field: 'pan',
        value: '999902******0010',
        reason: 'PAN is outside the BIN range 99990300 to 99990399 of the card template',
      },
      {
        row: 2,
        field: 'pin_block',
        value: '(hidden)',
        reason: 'PIN block must be 16 hexadecimal digits (ISO 9564 format 0 or 3) or 32 (format 4)',
      },
    ]);
    expect(JSON.stringify(result.rejected)).not.toContain('AC89');
  });

  it('refuses a file whose header lacks columns, naming the columns expected with the delimiter', async () => {
    expect(
      await refusalOf('pan,psn,name,pin_block\n9999030000000019,00,ALICE,0412AC89ABCDEF67', semicolon),
    ).toBe('The header line lacks the columns pan, psn, name, pin_block. Expected: pan;psn;name;pin_block.');
    expect(await refusalOf('pan;psn;name\n9999030000000019;00;ALICE', semicolon)).toBe(
      'The header line lacks the column pin_block. Expected: pan;psn;name;pin_block.',
    );
    expect(await refusalOf('', semicolon)).toBe(
      'The file is empty. Expected a header line: pan;psn;name;pin_block.',
    );
  });
});

describe('CSV without a header', () => {
  it('takes the columns by position in the layout order, and row 1 is data', async () => {
    const result = await validateFile(
      [
        '9999030000000019;01;ALICE EXAMPLE;0412AC89ABCDEF67',
        '9999030000000027;00;BOB EXAMPLE',
        '9999030000000035;00;CAROL EXAMPLE;0412AC89ABCDEF67;x',
        'pan;psn;name;pin_block',
      ].join('\n'),
      semicolonNoHeader,
    );
    expect(result.total).toBe(4);
    expect(result.accepted).toEqual([
      {
        row: 1,
        record: {
          pan: '9999030000000019',
          psn: '01',
          columns: {
            pan: '9999030000000019',
            psn: '01',
            name: 'ALICE EXAMPLE',
            pin_block: '0412AC89ABCDEF67',
          },
        },
      },
    ]);
    expect(result.rejected).toEqual([
      { row: 2, field: 'row', value: '3 fields', reason: 'row 2 has 3 fields, the layout has 4' },
      { row: 3, field: 'row', value: '5 fields', reason: 'row 3 has 5 fields, the layout has 4' },
      {
        row: 4,
        field: 'pan',
        value: '(not digits)',
        reason: 'PAN must be 16 digits (the PAN length of the card template)',
      },
      { row: 4, field: 'psn', value: 'psn', reason: 'PSN must be 2 digits, 00 to 99' },
      {
        row: 4,
        field: 'name',
        value: 'name',
        reason: "Name may hold only upper-case letters, digits, space and . - / ' (ISO/IEC 7813)",
      },
      {
        row: 4,
        field: 'pin_block',
        value: '(hidden)',
        reason: 'PIN block must be 16 hexadecimal digits (ISO 9564 format 0 or 3) or 32 (format 4)',
      },
    ]);
  });

  it('refuses a file in which no row has the fields of the layout (another delimiter)', async () => {
    expect(
      await refusalOf(
        '9999030000000019,01,ALICE EXAMPLE,0412AC89ABCDEF67\n9999030000000027,00,BOB EXAMPLE,0412AC89ABCDEF67',
        semicolonNoHeader,
      ),
    ).toBe(
      'This does not look like the CSV layout of the card template: every row has 1 field, the layout expects 4 separated by ";".',
    );
    expect(await refusalOf('a;b\na;b;c;d;e', semicolonNoHeader)).toBe(
      'This does not look like the CSV layout of the card template: the rows have 2 to 5 fields, the layout expects 4 separated by ";".',
    );
  });

  it('refuses an empty file, saying what a line should hold', async () => {
    expect(await refusalOf('\r\n\r\n', semicolonNoHeader)).toBe(
      'The file is empty. Expected one cardholder per line, without a header: pan;psn;name;pin_block.',
    );
  });
});

/** A record of the debit demo's layout: 64 characters of fields, padded with spaces to 80. */
const record = (pan: string, psn: string, name: string, expiry: string, pinBlock = '0412AC89ABCDEF67') =>
  `${pan.padEnd(16)}${psn.padEnd(2)}${name.padEnd(26)}${expiry.padEnd(4)}${pinBlock.padEnd(16)}`.padEnd(80);

describe('fixed-width records', () => {
  it('slices the fields by start and length, trims trailing spaces, reads LF and CRLF, row 1 is data', async () => {
    const file = `${record('9999020000000010', '01', 'ALICE EXAMPLE', '3012')}\r\n${record('9999020000000028', '', "O'NEIL-SMITH/J.", '2605', '0412ac89abcdef67')}\n`;
    for (const chunkBytes of [1, 7, 80, file.length]) {
      expect(await validateFile(file, fixedWidth, { chunkBytes }), `chunks of ${chunkBytes} bytes`).toEqual({
        total: 2,
        accepted: [
          {
            row: 1,
            record: {
              pan: '9999020000000010',
              psn: '01',
              columns: {
                pan: '9999020000000010',
                psn: '01',
                name: 'ALICE EXAMPLE',
                expiry: '3012',
                pin_block: '0412AC89ABCDEF67',
              },
            },
          },
          {
            row: 2,
            record: {
              pan: '9999020000000028',
              psn: '00',
              columns: {
                pan: '9999020000000028',
                psn: '',
                name: "O'NEIL-SMITH/J.",
                expiry: '2605',
                pin_block: '0412AC89ABCDEF67',
              },
            },
          },
        ],
        rejected: [],
      });
    }
  });

  it('rejects a short and a long line as rows, naming both lengths, and reads the lines between', async () => {
    const alice = record('9999020000000010', '01', 'ALICE EXAMPLE', '3012');
    const bob = record('9999020000000028', '00', 'BOB EXAMPLE', '3012');
    const result = await validateFile(
      [alice.trimEnd(), bob, `${alice}X`, '', bob, alice].join('\n'),
      fixedWidth,
    );
    expect(result.accepted.map((a) => a.row)).toEqual([2, 6]);
    expect(result.rejected).toEqual([
      {
        row: 1,
        field: 'row',
        value: '64 characters',
        reason: 'row 1 has 64 characters, the layout expects 80',
      },
      {
        row: 3,
        field: 'row',
        value: '81 characters',
        reason: 'row 3 has 81 characters, the layout expects 80',
      },
      { row: 5, field: 'pan', value: '999902******0028', reason: 'Same PAN and PSN as row 2' },
    ]);
  });

  it('reads ISO-8859-1 as one byte per character: a line with Ë is 80 characters, and the name is rejected', async () => {
    const line = record('9999020000000010', '01', 'ZOË DUPONT', '3012');
    const expected = [
      {
        row: 1,
        field: 'name',
        value: 'ZOË DUPONT',
        reason: "Name may hold only upper-case letters, digits, space and . - / ' (ISO/IEC 7813)",
      },
    ];
    expect(
      (await validateFile(Buffer.from(line, 'latin1'), fixedWidth, { encoding: 'iso-8859-1' })).rejected,
    ).toEqual(expected);
    // In UTF-8, Ë takes two bytes but is still one character.
    expect((await validateFile(Buffer.from(line, 'utf8'), fixedWidth, { chunkBytes: 21 })).rejected).toEqual(
      expected,
    );
  });

  it('rejects an expiry in the past and a PAN outside the BIN range, and never shows a PIN block', async () => {
    const result = await validateFile(
      [
        record('9999020000000036', '00', 'ALICE EXAMPLE', '2604'),
        record('9999030000000019', '00', 'BOB EXAMPLE', '3012', '0412AC89ABCDEF6'),
      ].join('\n'),
      fixedWidth,
    );
    expect(result.rejected).toEqual([
      { row: 1, field: 'expiry', value: '2604', reason: 'Expiry is in the past' },
      {
        row: 2,
        field: 'pan',
        value: '999903******0019',
        reason: 'PAN is outside the BIN range 99990200 to 99990299 of the card template',
      },
      {
        row: 2,
        field: 'pin_block',
        value: '(hidden)',
        reason: 'PIN block must be 16 hexadecimal digits (ISO 9564 format 0 or 3) or 32 (format 4)',
      },
    ]);
    expect(JSON.stringify(result.rejected)).not.toContain('AC89');
  });

  it('refuses a file in which no line has the record length, saying what the lines have', async () => {
    const short = record('9999020000000010', '01', 'ALICE EXAMPLE', '3012').slice(0, 79);
    expect(await refusalOf([short, short, short].join('\r\n'), fixedWidth)).toBe(
      'This does not look like the fixed-width layout of the card template: every line has 79 characters, the layout expects 80.',
    );
    expect(await refusalOf('pan,psn,name,expiry\n9999020000000010,01,ALICE EXAMPLE,3012\n', fixedWidth)).toBe(
      'This does not look like the fixed-width layout of the card template: the lines have 19 to 38 characters, the layout expects 80.',
    );
  });

  it('refuses an empty file and binary data, asking for the fixed-width file', async () => {
    expect(await refusalOf('\n\n', fixedWidth)).toBe(
      'The file is empty. Expected one cardholder per line of 80 characters.',
    );
    expect(await refusalOf(`${record('9999020000000010', '01', 'ALICE', '3012')}\n\u0000`, fixedWidth)).toBe(
      'This is not a text file: it contains binary data (line 2). Upload the fixed-width text file.',
    );
  });

  it('refuses bytes that are not UTF-8, naming the line and suggesting ISO-8859-1', async () => {
    const bytes = Buffer.from(
      `${record('9999020000000010', '01', 'ALICE', '3012')}\n${record('9999020000000028', '01', 'ZOË', '3012')}`,
      'latin1',
    );
    expect(await refusalOf(bytes, fixedWidth)).toBe(
      `The file cannot be read as UTF-8: line 2: byte ${bytes.indexOf(0xcb) + 1} (0xCB) is not valid UTF-8; if the file comes from an older system, choose the encoding ISO-8859-1.`,
    );
  });
});

describe('a layout the import cannot follow', () => {
  it('refuses a layout without a PAN column before reading the file', async () => {
    const noPan: CardholderRules = {
      input: {
        kind: 'csv',
        delimiter: ',',
        header: false,
        columns: [{ name: 'name', role: 'cardholder-name' }],
      },
    };
    expect(await refusalOf('ALICE', noPan)).toBe(
      'The input layout of the card template has no PAN column: correct the card profile.',
    );
  });

  it('refuses a quote as the delimiter', async () => {
    const quote: CardholderRules = {
      input: { ...semicolon.input, delimiter: '"' } as CardholderRules['input'],
    };
    expect(await refusalOf('x', quote)).toBe(
      'The CSV delimiter of the card template is a quote or a line break, which cannot separate fields: correct the card profile.',
    );
  });
});
