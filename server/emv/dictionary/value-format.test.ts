import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../bytes';
import { dataElement } from './dictionary';
import { checkFormat, checkLength, decodeValue, encodeValue, validateValue } from './value-format';

const element = (tag: string) => dataElement(tag)!;

describe('checkLength', () => {
  it('accepts the fixed length and names the tag when it differs', () => {
    expect(checkLength(element('9F08'), 2)).toBeUndefined();
    expect(checkLength(element('9F08'), 3)).toBe('9F08 Application Version Number must be 2 bytes, got 3');
    expect(checkLength(element('5F34'), 2)).toBe(
      '5F34 Application Primary Account Number (PAN) Sequence Number must be 1 byte, got 2',
    );
  });

  it('checks ranges and multiples', () => {
    expect(checkLength(element('4F'), 7)).toBeUndefined();
    expect(checkLength(element('4F'), 4)).toBe(
      '4F Application Dedicated File (ADF) Name must be 5 to 16 bytes, got 4',
    );
    expect(checkLength(element('94'), 8)).toBeUndefined();
    expect(checkLength(element('94'), 6)).toBe(
      '94 Application File Locator (AFL) must be a multiple of 4 bytes, got 6',
    );
  });
});

describe('checkFormat', () => {
  it('n: BCD digits only', () => {
    expect(checkFormat(element('5F28'), fromHex('0840'))).toBeUndefined();
    expect(checkFormat(element('5F28'), fromHex('084A'))).toBe(
      '5F28 Issuer Country Code must hold BCD digits (format n), got 084A',
    );
  });

  it('cn: digits then F padding', () => {
    expect(checkFormat(element('5A'), fromHex('476173900101011F'))).toBeUndefined();
    expect(checkFormat(element('5A'), fromHex('4761F39001010119'))).toBe(
      '5A Application Primary Account Number (PAN) must hold digits padded on the right with F (format cn), got 4761F39001010119',
    );
  });

  it('an, ans and a charsets', () => {
    expect(checkFormat(element('5F2D'), Buffer.from('enfr'))).toBeUndefined();
    expect(checkFormat(element('5F2D'), Buffer.from('en-f'))).toBe(
      '5F2D Language Preference must hold letters and digits only (format an), got "en-f"',
    );
    expect(checkFormat(element('5F20'), Buffer.from('DOE/JOHN'))).toBeUndefined();
    expect(checkFormat(element('5F20'), Buffer.from('DOE\nJOHN'))).toBe(
      '5F20 Cardholder Name must hold printable characters only (format ans), got "DOE\nJOHN"',
    );
    expect(checkFormat(element('5F55'), Buffer.from('US'))).toBeUndefined();
    expect(checkFormat(element('5F55'), Buffer.from('U1'))).toBe(
      '5F55 Issuer Country Code (alpha2 format) must hold letters only (format a), got "U1"',
    );
  });

  it('Application Label allows space as its only special character', () => {
    expect(checkFormat(element('50'), Buffer.from('CREDIT CARD'))).toBeUndefined();
    expect(checkFormat(element('50'), Buffer.from('CREDIT-CARD'))).toBe(
      '50 Application Label must hold letters, digits and spaces only (format ans, special characters limited to space), got "CREDIT-CARD"',
    );
  });

  it('b: anything goes', () => {
    expect(checkFormat(element('82'), fromHex('FFFF'))).toBeUndefined();
  });
});

describe('validateValue', () => {
  it('reports both problems, or none', () => {
    expect(validateValue('5F28', fromHex('0840'))).toEqual([]);
    expect(validateValue('5F28', fromHex('08400A'))).toEqual([
      '5F28 Issuer Country Code must be 2 bytes, got 3',
      '5F28 Issuer Country Code must hold BCD digits (format n), got 08400A',
    ]);
    expect(validateValue('DF7F', fromHex('00'))).toEqual(['DF7F is not in the data dictionary']);
  });
});

describe('encodeValue and decodeValue', () => {
  it('n is right-justified with leading zeroes to the fixed length', () => {
    expect(toHex(encodeValue(element('9F42'), '978'))).toBe('0978');
    expect(toHex(encodeValue(element('9F02'), '1000'))).toBe('000000001000');
    expect(decodeValue(element('9F42'), fromHex('0978'))).toBe('0978');
    expect(() => encodeValue(element('9F42'), '12345')).toThrow(
      '9F42 Application Currency Code holds at most 4 digits, got 5',
    );
    expect(() => encodeValue(element('9F42'), '9A8')).toThrow(
      '9F42 Application Currency Code must be digits (format n), got "9A8"',
    );
  });

  it('cn is padded on the right with F and decodes without it', () => {
    expect(toHex(encodeValue(element('5A'), '476173900101011'))).toBe('476173900101011F');
    expect(decodeValue(element('5A'), fromHex('476173900101011F'))).toBe('476173900101011');
  });

  it('text formats are ASCII and b is hex', () => {
    expect(toHex(encodeValue(element('50'), 'DEBIT'))).toBe('4445424954');
    expect(decodeValue(element('50'), fromHex('4445424954'))).toBe('DEBIT');
    expect(toHex(encodeValue(element('82'), '3c00'))).toBe('3C00');
    expect(() => encodeValue(element('82'), '3C0')).toThrow(
      '82 Application Interchange Profile must be an even number of hexadecimal digits',
    );
    expect(() => encodeValue(element('50'), 'DEBIT!')).toThrow(
      '50 Application Label must hold letters, digits and spaces only',
    );
  });
});
