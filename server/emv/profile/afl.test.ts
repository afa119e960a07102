import { describe, expect, it } from 'vitest';
import { toHex } from '../bytes';
import { computeAfl, computeAflEntries, decodeAfl, recordsOfAfl } from './afl';

const r = (sfi: number, number: number) => ({ sfi, number });

describe('computeAfl', () => {
  it('groups consecutive records per SFI and counts the authenticated ones (Book 3 10.2)', () => {
    const records = [r(1, 1), r(2, 1), r(2, 2), r(3, 1), r(3, 2)];
    expect(toHex(computeAfl(records, [r(2, 1), r(2, 2)]))).toBe('08010100' + '10010202' + '18010200');
  });

  it('sorts the records and ignores duplicates', () => {
    expect(toHex(computeAfl([r(2, 2), r(1, 1), r(2, 1), r(2, 1)], [r(1, 1)]))).toBe('08010101' + '10010200');
  });

  it('starts a new entry where a record number is skipped', () => {
    expect(computeAflEntries([r(1, 1), r(1, 2), r(1, 4)], [])).toEqual([
      { sfi: 1, first: 1, last: 2, odaCount: 0 },
      { sfi: 1, first: 4, last: 4, odaCount: 0 },
    ]);
  });

  it('starts a new entry where an authenticated record follows one that is not', () => {
    expect(toHex(computeAfl([r(1, 1), r(1, 2), r(1, 3)], [r(1, 1), r(1, 3)]))).toBe('08010201' + '08030301');
  });

  it('encodes SFI 30 in the top five bits', () => {
    expect(toHex(computeAfl([r(30, 254)], []))).toBe('F0FEFE00');
  });

  it('is empty without records', () => {
    expect(toHex(computeAfl([], []))).toBe('');
  });
});

describe('decodeAfl', () => {
  it('reads entries back and lists their records', () => {
    const { entries, problems } = decodeAfl(Buffer.from('0801020110010100', 'hex'));
    expect(problems).toEqual([]);
    expect(recordsOfAfl(entries)).toEqual([
      { sfi: 1, number: 1, oda: true },
      { sfi: 1, number: 2, oda: false },
      { sfi: 2, number: 1, oda: false },
    ]);
  });

  it('reports malformed entries', () => {
    expect(decodeAfl(Buffer.from('0901010008020100', 'hex')).problems).toEqual([
      "AFL entry 1: first byte '09' is not an SFI from 1 to 30 shifted left by 3",
      'AFL entry 2: records 2 to 1 is not a range starting at 1 or more',
    ]);
    expect(decodeAfl(Buffer.from('08010203', 'hex')).problems).toEqual([
      'AFL entry 1: 3 records for ODA, but the entry has 2',
    ]);
    expect(decodeAfl(Buffer.from('080101', 'hex')).problems).toEqual([
      '94 Application File Locator (AFL) must be a multiple of 4 bytes, got 3',
    ]);
  });
});
