import { describe, expect, it } from 'vitest';
import { cardholderRulesOf, checkCardholderValues, type CardholderRules } from './input-rows';
import type { InputLayout } from './schema/card';
import { demo } from './testing';

/** 15 May 2026: May 2026 (2605) is still valid, April 2026 (2604) is in the past. */
const now = new Date(Date.UTC(2026, 4, 15, 12));

/** Luhn-valid 16-digit PANs around the BIN range 99990200 to 99990299 (checked in the first test). */
const pans = {
  lowEdge: '9999020000000010',
  highEdge: '9999029900000012',
  above: '9999030000000019',
  below: '9999019900000013',
};

const columns: InputLayout['columns'] = [
  { name: 'pan', role: 'pan' },
  { name: 'psn', role: 'pan-sequence-number' },
  { name: 'name', role: 'cardholder-name' },
  { name: 'expiry', role: 'expiry-date' },
  { name: 'valid_from', role: 'effective-date' },
  { name: 'pin_block', role: 'pin-block' },
  { name: 'pvki', role: 'pvki' },
  { name: 'branch', role: 'other' },
];
const input: Extract<InputLayout, { kind: 'csv' }> = { kind: 'csv', delimiter: ';', header: true, columns };
const rules: CardholderRules = {
  input,
  panLength: 16,
  binRange: { low: '99990200', high: '99990299' },
};
const good = {
  pan: pans.lowEdge,
  psn: '01',
  name: 'ALICE EXAMPLE',
  expiry: '3012',
  valid_from: '2605',
  pin_block: '0412ac89abcdef67',
  pvki: '1',
  branch: 'Besançon Nord',
};
const check = (values: Record<string, string>, r: CardholderRules = rules) =>
  checkCardholderValues(r, values, 7, now);
/** The problems of a row that differs from `good` in the given values. */
const problemsOf = (changes: Record<string, string>, r: CardholderRules = rules) =>
  check({ ...good, ...changes }, r).problems;

describe('checkCardholderValues: a good row', () => {
  it('gives the record: PAN, PSN, every column trimmed, the PIN block in upper case', () => {
    expect(check({ ...good, name: '  ALICE EXAMPLE ', pan: ` ${pans.lowEdge}` })).toEqual({
      problems: [],
      record: {
        pan: pans.lowEdge,
        psn: '01',
        columns: { ...good, pin_block: '0412AC89ABCDEF67' },
      },
    });
  });

  it('takes PSN 00 when the field is empty or the layout has no PSN column', () => {
    expect(check({ ...good, psn: '' }).record?.psn).toBe('00');
    const noPsn: CardholderRules = {
      input: { kind: 'csv', delimiter: ',', header: false, columns: [{ name: 'pan', role: 'pan' }] },
    };
    expect(check({ pan: pans.lowEdge }, noPsn)).toEqual({
      problems: [],
      record: { pan: pans.lowEdge, psn: '00', columns: { pan: pans.lowEdge } },
    });
  });

  it('holds an empty value for a column the values lack', () => {
    const lax: CardholderRules = {
      input: { ...input, columns: [columns[0]!, { name: 'note', role: 'other' }] },
    };
    expect(check({ pan: pans.lowEdge }, lax).record?.columns).toEqual({ pan: pans.lowEdge, note: '' });
  });
});

describe('checkCardholderValues: the PAN', () => {
  it.each([
    ['4761739001010011', '476173******0011', 'PAN fails the Luhn check (ISO/IEC 7812): check the last digit'],
    ['47617390010', '476173*0010', 'PAN must be 12 to 19 digits'],
    ['47617390010100100000', '476173**********0000', 'PAN must be 12 to 19 digits'],
    ['4761-7390-0101-0010', '(not digits)', 'PAN must be 12 to 19 digits'],
    ['', '', 'PAN must be 12 to 19 digits'],
  ])('without PAN length or BIN range, rejects %j showing %s', (pan, value, reason) => {
    expect(problemsOf({ pan }, { input: rules.input })).toEqual([{ row: 7, field: 'pan', value, reason }]);
  });

  it('accepts any Luhn-valid PAN of 12 to 19 digits when the rules say no length or range', () => {
    expect(problemsOf({ pan: '4761739001010010' }, { input: rules.input })).toEqual([]);
    expect(problemsOf({ pan: '999902000000018' }, { input: rules.input })).toEqual([]);
  });

  it.each([
    ['999902000000018', '999902*****0018'],
    ['99990200000000018', '999902*******0018'],
  ])('rejects %s: the card template says 16 digits', (pan, value) => {
    expect(problemsOf({ pan })).toEqual([
      { row: 7, field: 'pan', value, reason: 'PAN must be 16 digits (the PAN length of the card template)' },
    ]);
  });

  it('checks Luhn before the BIN range', () => {
    expect(problemsOf({ pan: '9999030000000011' })).toEqual([
      {
        row: 7,
        field: 'pan',
        value: '999903******0011',
        reason: 'PAN fails the Luhn check (ISO/IEC 7812): check the last digit',
      },
    ]);
  });

  it('accepts both edges of the BIN range and rejects the PANs just outside, naming the range', () => {
    expect(problemsOf({ pan: pans.lowEdge })).toEqual([]);
    expect(problemsOf({ pan: pans.highEdge })).toEqual([]);
    const outside = (pan: string) => ({
      row: 7,
      field: 'pan',
      value: `${pan.slice(0, 6)}******${pan.slice(-4)}`,
      reason: 'PAN is outside the BIN range 99990200 to 99990299 of the card template',
    });
    expect(problemsOf({ pan: pans.above })).toEqual([outside(pans.above)]);
    expect(problemsOf({ pan: pans.below })).toEqual([outside(pans.below)]);
  });

  it('compares each bound with as many leading digits as it has (6 or 8)', () => {
    const mixed = { ...rules, binRange: { low: '999902', high: '99990250' } };
    expect(problemsOf({ pan: pans.lowEdge }, mixed)).toEqual([]);
    expect(problemsOf({ pan: pans.highEdge }, mixed).map((p) => p.reason)).toEqual([
      'PAN is outside the BIN range 999902 to 99990250 of the card template',
    ]);
    const sixDigits = { ...rules, binRange: { low: '999902', high: '999902' } };
    expect(problemsOf({ pan: pans.highEdge }, sixDigits)).toEqual([]);
    expect(problemsOf({ pan: pans.above }, sixDigits)).toHaveLength(1);
  });

  it('refuses a row when the layout has no PAN column', () => {
    const noPan: CardholderRules = { input: { ...input, columns: [columns[2]!] } };
    expect(check({ name: 'ALICE EXAMPLE' }, noPan)).toEqual({
      problems: [
        {
          row: 7,
          field: 'row',
          value: '',
          reason: 'The input layout of the card template has no PAN column: correct the card profile',
        },
      ],
    });
  });
});

describe('checkCardholderValues: the other roles', () => {
  it.each([['1'], ['123'], ['AB']])('rejects PSN %s', (psn) => {
    expect(problemsOf({ psn })).toEqual([
      { row: 7, field: 'psn', value: psn, reason: 'PSN must be 2 digits, 00 to 99' },
    ]);
  });

  it.each([
    ['A', 'Name must be 2 to 26 characters (ISO/IEC 7813 track 1)'],
    ['A'.repeat(27), 'Name must be 2 to 26 characters (ISO/IEC 7813 track 1)'],
    ['Alice Example', "Name may hold only upper-case letters, digits, space and . - / ' (ISO/IEC 7813)"],
    ['ZOË DUPONT', "Name may hold only upper-case letters, digits, space and . - / ' (ISO/IEC 7813)"],
    ['DOE;JANE', "Name may hold only upper-case letters, digits, space and . - / ' (ISO/IEC 7813)"],
  ])('rejects the name %s', (name, reason) => {
    expect(problemsOf({ name })).toEqual([{ row: 7, field: 'name', value: name, reason }]);
  });

  it("accepts names of 2 and 26 characters with every separator: . - / '", () => {
    expect(problemsOf({ name: 'AB' })).toEqual([]);
    expect(problemsOf({ name: "O'NEIL-SMITH/J. 2ND" })).toEqual([]);
    expect(problemsOf({ name: 'B'.repeat(26) })).toEqual([]);
  });

  it.each([
    ['3013', 'Expiry must be YYMM with a month from 01 to 12'],
    ['3000', 'Expiry must be YYMM with a month from 01 to 12'],
    ['301', 'Expiry must be YYMM with a month from 01 to 12'],
    ['12/30', 'Expiry must be YYMM with a month from 01 to 12'],
    ['2604', 'Expiry is in the past'],
  ])('rejects expiry %s', (expiry, reason) => {
    expect(problemsOf({ expiry })).toEqual([{ row: 7, field: 'expiry', value: expiry, reason }]);
  });

  it('accepts an expiry in the current month (now is May 2026)', () => {
    expect(problemsOf({ expiry: '2605', valid_from: '2601' })).toEqual([]);
  });

  it.each([['2613'], ['2600'], ['26-05'], ['']])('rejects effective date %j', (valid_from) => {
    expect(problemsOf({ valid_from })).toEqual([
      {
        row: 7,
        field: 'valid_from',
        value: valid_from,
        reason: 'Effective date must be YYMM with a month from 01 to 12',
      },
    ]);
  });

  it('rejects an effective date after the expiry date, but not one in the same month', () => {
    expect(problemsOf({ valid_from: '3101' })).toEqual([
      {
        row: 7,
        field: 'valid_from',
        value: '3101',
        reason: 'Effective date is after the expiry date (3012 in column expiry)',
      },
    ]);
    expect(problemsOf({ valid_from: '3012' })).toEqual([]);
    // A past effective date is fine: cards are often prepared for a month already begun.
    expect(problemsOf({ valid_from: '2001' })).toEqual([]);
  });

  it('accepts PIN blocks of 16 (ISO 9564 format 0 or 3) and 32 hex digits (format 4), in either case', () => {
    expect(problemsOf({ pin_block: '0412AC89ABCDEF67' })).toEqual([]);
    const format4 = '4412ac89abcdef670123456789ABCDEF';
    expect(check({ ...good, pin_block: format4 }).record?.columns.pin_block).toBe(format4.toUpperCase());
  });

  it.each([
    ['0412AC89ABCDEF6'],
    ['0412AC89ABCDEF678'],
    ['0412AC89ABCDEFG7'],
    ['4412AC89ABCDEF670123456789ABCDE'],
    [''],
  ])('rejects PIN block %j without ever showing it', (pin_block) => {
    const problems = problemsOf({ pin_block });
    expect(problems).toEqual([
      {
        row: 7,
        field: 'pin_block',
        value: '(hidden)',
        reason: 'PIN block must be 16 hexadecimal digits (ISO 9564 format 0 or 3) or 32 (format 4)',
      },
    ]);
    if (pin_block) expect(JSON.stringify(problems)).not.toContain(pin_block.slice(0, 8));
  });

  it.each([['12'], ['A'], ['']])('rejects PVKI %j', (pvki) => {
    expect(problemsOf({ pvki })).toEqual([
      {
        row: 7,
        field: 'pvki',
        value: pvki,
        reason: 'PVKI (PIN verification key index) must be 1 digit, 0 to 9',
      },
    ]);
  });

  it('accepts any printable text in an "other" column, and rejects control characters, written out', () => {
    expect(problemsOf({ branch: 'Zürich 8001 — Nord/Süd' })).toEqual([]);
    expect(problemsOf({ branch: '' })).toEqual([]);
    expect(problemsOf({ branch: 'NORTH\tA\u0085' })).toEqual([
      {
        row: 7,
        field: 'branch',
        value: 'NORTH\\x09A\\x85',
        reason:
          'branch may hold only printable characters, not a tab, a line break or another control character',
      },
    ]);
  });

  it('reports every problem of a row, column by column, and gives no record', () => {
    const result = check({
      pan: '4761739001010011',
      psn: '7',
      name: 'x',
      expiry: '1399',
      valid_from: '2613',
      pin_block: 'secret',
      pvki: '',
      branch: 'ok',
    });
    expect(result.record).toBeUndefined();
    expect(result.problems.map((p) => [p.field, p.value])).toEqual([
      ['pan', '476173******0011'],
      ['psn', '7'],
      ['name', 'x'],
      ['expiry', '1399'],
      ['valid_from', '2613'],
      ['pin_block', '(hidden)'],
      ['pvki', ''],
    ]);
    expect(JSON.stringify(result.problems)).not.toMatch(/\d{11}|secret/);
  });
});

describe('the rules of a card template', () => {
  it('takes the layout, PAN length and BIN range of the card template', () => {
    const card = demo('debit').card;
    expect(cardholderRulesOf(card)).toEqual({
      input: card.input,
      panLength: 16,
      binRange: { low: '99990200', high: '99990299' },
    });
  });

  it('checks a column a date rule reads from the file as that date, though its role is "other"', () => {
    const card = demo('credit').card;
    card.input = {
      kind: 'csv',
      delimiter: ',',
      header: true,
      columns: [
        { name: 'pan', role: 'pan' },
        { name: 'valid_from', role: 'other' },
        { name: 'valid_to', role: 'other' },
        { name: 'note', role: 'other' },
      ],
    };
    card.constants.effectiveDate = { rule: 'from-file', column: 'valid_from' };
    card.constants.expiryDate = { rule: 'from-file', column: 'valid_to' };
    const derived = cardholderRulesOf(card);
    expect(derived.input.columns.map((c) => c.role)).toEqual([
      'pan',
      'effective-date',
      'expiry-date',
      'other',
    ]);
    expect(card.input.columns[1]!.role).toBe('other');
    const pan = '9999010000000011';
    expect(
      checkCardholderValues(derived, { pan, valid_from: '2613', valid_to: '2604', note: '' }, 2, now)
        .problems,
    ).toEqual([
      {
        row: 2,
        field: 'valid_from',
        value: '2613',
        reason: 'Effective date must be YYMM with a month from 01 to 12',
      },
      { row: 2, field: 'valid_to', value: '2604', reason: 'Expiry is in the past' },
    ]);
  });
});
