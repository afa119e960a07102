import { describe, expect, it } from 'vitest';

import { KeyBlockError, buildKeyBlockHeader, keyComponentNumber, parseKeyBlockHeader } from './header';

// Header texts from knovichikhin/psec tests/test_tr31.py (test_header_load_*), which follow TR-31:2018 A.5.
describe('TR-31 header parsing', () => {
  it('reads the fixed fields', () => {
    expect(parseKeyBlockHeader('B0016P0TE00N0000')).toEqual({
      header: {
        version: 'B',
        usage: 'P0',
        algorithm: 'T',
        modeOfUse: 'E',
        keyVersion: '00',
        exportability: 'N',
        reserved: '00',
        optionalBlocks: [],
      },
      declaredLength: 16,
      headerLength: 16,
    });
  });

  it('reads optional blocks, padding included, and rebuilds the same text', () => {
    for (const text of [
      'B0040P0TE00N0100KS1800604B120F9292800000',
      'B0040P0TE00N0200KS1200604B120F9292PB0600',
      'B0056P0TE00N0400KS1800604B120F9292800000T104T20600PB0600',
      `B0288P0TE00N0200KS0002010A${'P'.repeat(256)}PB0600`,
    ]) {
      const parsed = parseKeyBlockHeader(text);
      expect(parsed.headerLength).toBe(text.length);
      expect(buildKeyBlockHeader(parsed.header, parsed.declaredLength)).toBe(text);
    }
    expect(
      parseKeyBlockHeader('B0056P0TE00N0400KS1800604B120F9292800000T104T20600PB0600').header.optionalBlocks,
    ).toEqual([
      { id: 'KS', data: '00604B120F9292800000' },
      { id: 'T1', data: '' },
      { id: 'T2', data: '00' },
      { id: 'PB', data: '00' },
    ]);
  });

  it('reads an optional block with an extended length field', () => {
    const parsed = parseKeyBlockHeader('B0048P0TE00N0200KS00011600604B120F9292PB0A000000');
    expect(parsed.header.optionalBlocks[0]).toEqual({ id: 'KS', data: '00604B120F9292' });
    expect(parsed.headerLength).toBe(48);
  });

  it('tells a key component from a key by the key version field', () => {
    expect(keyComponentNumber(parseKeyBlockHeader('B0016K0TBc2E0000').header)).toBe(2);
    expect(keyComponentNumber(parseKeyBlockHeader('B0016K0TB12E0000').header)).toBeNull();
  });

  it.each([
    ['B0000', 'a key block header is at least 16 characters, got 5'],
    ['B0000P0TE00N0X00', 'number of optional blocks "0X" must be 2 digits'],
    ['C0016P0TE00N0000', 'key block version C is not supported: use B (TDES KBPK) or D (AES KBPK)'],
    ['B0016P_TE00N0000', 'key usage "P_" must be 2 characters A-Z 0-9'],
    ['B0016P0QE00N0000', 'key algorithm "Q" is not one of A D E H R S T'],
    ['B0016P0T_00N0000', 'mode of use "_" is not one of B C D E G N S T V X Y'],
    ['B0016P0TE00Q0000', 'exportability "Q" is not one of E N S'],
    ['B0000P0TE00N0100', 'optional block 1: ID "" must be 2 characters A-Z 0-9'],
    ['B0000P0TE00N0100KS1Y', 'optional block 1 (KS): length "1Y" must be 2 hexadecimal digits'],
    ['B0000P0TE00N0100KS02', 'optional block 1 (KS): length 2 is shorter than its own ID and length fields'],
    ['B0000P0TE00N0100KS071', 'optional block 1 (KS): length 7 runs past the end of the key block'],
    ['B0000P0TE00N0100KS0000', 'optional block 1 (KS): length of length must not be 0'],
    ['B0000P0TE00N0100**04', 'optional block 1: ID "**" must be 2 characters A-Z 0-9'],
    ['B0000P0TE00N0000\u0003', 'a key block must be printable ASCII'],
  ])('refuses %j: %s', (text, message) => {
    expect(() => parseKeyBlockHeader(text)).toThrow(new KeyBlockError(message));
  });
});

describe('TR-31 header building', () => {
  it('refuses more than 99 optional blocks and over-long key blocks', () => {
    const header = {
      version: 'B' as const,
      usage: 'P0',
      algorithm: 'T',
      modeOfUse: 'E',
      keyVersion: '00',
      exportability: 'N',
      reserved: '00',
      optionalBlocks: Array.from({ length: 100 }, (_, i) => ({
        id: String(i).padStart(2, '0'),
        data: 'PPPP',
      })),
    };
    expect(() => buildKeyBlockHeader(header, 9000)).toThrow(
      'a key block has at most 99 optional blocks, this one would have 100',
    );
    expect(() => buildKeyBlockHeader({ ...header, optionalBlocks: [] }, 10080)).toThrow(
      'a key block must be 16 to 9999 characters, this one would be 10080',
    );
  });
});
