import { describe, expect, it } from 'vitest';
import { refusalOf, validateFile } from './rows-testing';

const header = 'pan,psn,name,expiry';
const validate = (...rows: string[]) => validateFile([header, ...rows].join('\n'));
const holder = (pan: string, psn: string, name: string, expiry: string, psnColumn = psn) => ({
  pan,
  psn,
  columns: { pan, psn: psnColumn, name, expiry },
});

describe('cardholder rows in the layout before card profiles (pan,psn,name,expiry)', () => {
  it('accepts valid rows, numbered by their line in the file, with PSN 00 when left empty', async () => {
    expect(
      await validate('4761739001010010,01,ALICE EXAMPLE,2605', " 4761739001010028 ,,O'NEIL-SMITH/J.,3012"),
    ).toEqual({
      total: 2,
      accepted: [
        { row: 2, record: holder('4761739001010010', '01', 'ALICE EXAMPLE', '2605') },
        { row: 3, record: holder('4761739001010028', '00', "O'NEIL-SMITH/J.", '3012', '') },
      ],
      rejected: [],
    });
  });

  it('finds the columns by name, in any order and case, next to extra columns', async () => {
    const result = await validateFile('Expiry,NAME,ref,Pan,psn\n3012,ALICE EXAMPLE,x1,4761739001010010,00');
    expect(result.accepted).toEqual([
      { row: 2, record: holder('4761739001010010', '00', 'ALICE EXAMPLE', '3012') },
    ]);
  });

  it.each([
    [
      '4761739001010011',
      'pan',
      '476173******0011',
      'PAN fails the Luhn check (ISO/IEC 7812): check the last digit',
    ],
    ['47617390010', 'pan', '476173*0010', 'PAN must be 12 to 19 digits'],
    ['47617390010100100000', 'pan', '476173**********0000', 'PAN must be 12 to 19 digits'],
    ['4761-7390-0101-0010', 'pan', '(not digits)', 'PAN must be 12 to 19 digits'],
  ])('rejects PAN %s with a masked value', async (pan, field, value, reason) => {
    expect((await validate(`${pan},00,ALICE EXAMPLE,3012`)).rejected).toEqual([
      { row: 2, field, value, reason },
    ]);
  });

  it.each([['1'], ['123'], ['AB']])('rejects PSN %s', async (psn) => {
    expect((await validate(`4761739001010010,${psn},ALICE EXAMPLE,3012`)).rejected).toEqual([
      { row: 2, field: 'psn', value: psn, reason: 'PSN must be 2 digits, 00 to 99' },
    ]);
  });

  it.each([
    ['A', 'Name must be 2 to 26 characters (ISO/IEC 7813 track 1)'],
    ['A'.repeat(27), 'Name must be 2 to 26 characters (ISO/IEC 7813 track 1)'],
    ['Alice Example', "Name may hold only upper-case letters, digits, space and . - / ' (ISO/IEC 7813)"],
    ['ZOË DUPONT', "Name may hold only upper-case letters, digits, space and . - / ' (ISO/IEC 7813)"],
  ])('rejects the name %s', async (name, reason) => {
    expect((await validate(`4761739001010010,00,${name},3012`)).rejected).toEqual([
      { row: 2, field: 'name', value: name, reason },
    ]);
  });

  it.each([
    ['3013', 'Expiry must be YYMM with a month from 01 to 12'],
    ['12/30', 'Expiry must be YYMM with a month from 01 to 12'],
    ['2604', 'Expiry is in the past'],
  ])('rejects expiry %s', async (expiry, reason) => {
    expect((await validate(`4761739001010010,00,ALICE EXAMPLE,${expiry}`)).rejected).toEqual([
      { row: 2, field: 'expiry', value: expiry, reason },
    ]);
  });

  it('reports every problem of a row, field by field', async () => {
    expect((await validate('4761739001010011,7,x,1399')).rejected).toEqual([
      {
        row: 2,
        field: 'pan',
        value: '476173******0011',
        reason: 'PAN fails the Luhn check (ISO/IEC 7812): check the last digit',
      },
      { row: 2, field: 'psn', value: '7', reason: 'PSN must be 2 digits, 00 to 99' },
      { row: 2, field: 'name', value: 'x', reason: 'Name must be 2 to 26 characters (ISO/IEC 7813 track 1)' },
      { row: 2, field: 'expiry', value: '1399', reason: 'Expiry must be YYMM with a month from 01 to 12' },
    ]);
  });

  it('rejects a second card with the same PAN and PSN, naming the first row, but not another PSN', async () => {
    const result = await validate(
      '4761739001010010,00,ALICE EXAMPLE,3012',
      '4761739001010010,01,ALICE EXAMPLE,3012',
      '4761739001010010,,ALICE AGAIN,3012',
    );
    expect(result.accepted.map((a) => a.row)).toEqual([2, 3]);
    expect(result.rejected).toEqual([
      { row: 4, field: 'pan', value: '476173******0010', reason: 'Same PAN and PSN as row 2' },
    ]);
  });

  it('rejects a row that has not as many fields as the header, without reading its shifted fields', async () => {
    const result = await validate(
      '4761739001010010,00,ALICE EXAMPLE,3012',
      '4761739001010028,00,BOB EXAMPLE',
      '4761739001010036,00,CAROL,EXAMPLE,3012',
      '4761739001010044',
    );
    expect(result.accepted.map((a) => a.row)).toEqual([2]);
    expect(result.rejected).toEqual([
      { row: 3, field: 'row', value: '3 fields', reason: 'row 3 has 3 fields, the header has 4' },
      { row: 4, field: 'row', value: '5 fields', reason: 'row 4 has 5 fields, the header has 4' },
      { row: 5, field: 'row', value: '1 field', reason: 'row 5 has 1 field, the header has 4' },
    ]);
  });

  it('never puts a full PAN into a problem', async () => {
    const result = await validate(
      '4761739001010011,00,ALICE EXAMPLE,3012',
      '4761739001010010,00,A,3012',
      '4761739001010010,00,ALICE,2001',
    );
    expect(result.rejected).toHaveLength(3);
    expect(JSON.stringify(result.rejected)).not.toMatch(/\d{11}/);
  });
});

describe('cardholder files in the layout before card profiles that cannot be read', () => {
  it('refuses binary data, naming the line', async () => {
    expect(await refusalOf('pan,psn,name,expiry\n\u0000\u0001')).toBe(
      'This is not a text file: it contains binary data (line 2). Upload a CSV file.',
    );
  });

  it.each([[''], ['\n\r\n\n'], ['\uFEFF']])('refuses an empty file (%j)', async (text) => {
    expect(await refusalOf(text)).toBe('The file is empty. Expected a header line: pan,psn,name,expiry.');
  });

  it('refuses a header without rows', async () => {
    expect(await refusalOf('pan,psn,name,expiry\n\n')).toBe('The file has a header but no cardholder rows.');
  });

  it('names the missing header columns', async () => {
    expect(await refusalOf('pan,name\n1,2')).toBe(
      'The header line lacks the columns psn, expiry. Expected: pan,psn,name,expiry.',
    );
    expect(await refusalOf('pan,psn,name,expires\n1,2,3,4')).toBe(
      'The header line lacks the column expiry. Expected: pan,psn,name,expiry.',
    );
  });

  it('passes on a CSV syntax error with its line', async () => {
    expect(await refusalOf('pan,psn,name,expiry\n4761739001010010,00,"ALICE,3012\n')).toBe(
      'The CSV file cannot be read: line 2: a quoted field is not closed.',
    );
  });
});
