import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../bytes';
import { TlvError } from './ber-tlv';
import { buildDolData, decodeDol, dolDataLength } from './dol';

// CDOL1 (tag 8C) of the emv-tools CDA test card, published with the emv_cda_verify vector.
const CDOL1 = '9F02069F03069F1A0295055F2A029A039C019F37049F35019F45029F4C089F3403';

describe('decodeDol', () => {
  it('lists tags and lengths', () => {
    const dol = decodeDol(CDOL1);
    expect(dol.map((entry) => `${entry.tag}:${entry.length}`)).toEqual([
      '9F02:6',
      '9F03:6',
      '9F1A:2',
      '95:5',
      '5F2A:2',
      '9A:3',
      '9C:1',
      '9F37:4',
      '9F35:1',
      '9F45:2',
      '9F4C:8',
      '9F34:3',
    ]);
    expect(dolDataLength(dol)).toBe(43);
    expect(decodeDol('')).toEqual([]);
  });

  it('reports an entry without its length byte', () => {
    let error: unknown;
    try {
      decodeDol('9F02069F03');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TlvError);
    expect((error as TlvError).message).toBe('DOL truncated at offset 5: tag 9F03 has no length byte');
    expect((error as TlvError).offset).toBe(5);
  });

  it('reports a tag cut off at the end', () => {
    expect(() => decodeDol('9F0206 9F')).toThrow(
      'TLV truncated at offset 3: tag continues past the end of the data',
    );
  });
});

describe('buildDolData (Book 3 5.4)', () => {
  it('reproduces the CDOL1 data of the emv-tools CDA vector', () => {
    const values = new Map<string, Uint8Array>([
      ['9F02', fromHex('000000000000')],
      ['9F03', fromHex('000000000000')],
      ['9F1A', fromHex('0643')],
      ['95', fromHex('0000000000')],
      ['5F2A', fromHex('0643')],
      ['9A', fromHex('140925')],
      ['9C', fromHex('50')],
      ['9F37', fromHex('12345779')],
      ['9F35', fromHex('23')],
      ['9F34', fromHex('1E0300')],
    ]);
    // 9F45 and 9F4C are card data the terminal does not have: rule b fills them with zeroes.
    expect(toHex(buildDolData(decodeDol(CDOL1), values))).toBe(
      '000000000000000000000000064300000000000643140925501234577923000000000000000000001E0300',
    );
  });

  it('pads and truncates numeric values on the left', () => {
    const dol = decodeDol('9F02069F0304');
    expect(toHex(buildDolData(dol, { '9F02': fromHex('1000'), '9F03': fromHex('000000001234') }))).toBe(
      '00000000100000001234',
    );
  });

  it('pads compressed numeric values with trailing FF and truncates on the right', () => {
    expect(toHex(buildDolData(decodeDol('5A0A'), { '5A': fromHex('4761739001010119') }))).toBe(
      '4761739001010119FFFF',
    );
    expect(toHex(buildDolData(decodeDol('5A04'), { '5A': fromHex('4761739001010119') }))).toBe('47617390');
  });

  it('pads other formats with trailing zeroes and truncates on the right', () => {
    const dol = decodeDol('9F33029F4006');
    const values = { '9F33': fromHex('E0F8C8'), '9F40': fromHex('6000F0A001') };
    expect(toHex(buildDolData(dol, values))).toBe('E0F86000F0A00100');
  });

  it('gives zeroes for constructed tags and for absent values', () => {
    const dol = decodeDol('70039F4C04');
    expect(toHex(buildDolData(dol, { '70': fromHex('5A0112') }))).toBe('00000000000000');
  });

  it('lets the caller declare formats the built-in table does not know', () => {
    const dol = decodeDol('DF0104');
    expect(toHex(buildDolData(dol, { DF01: fromHex('12') }, { formats: { DF01: 'n' } }))).toBe('00000012');
    expect(toHex(buildDolData(dol, { DF01: fromHex('12') }))).toBe('12000000');
  });
});
