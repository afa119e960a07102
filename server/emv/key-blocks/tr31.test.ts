import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { fromHex, toHex } from '../bytes';
import { aesKcvCmac, tdesKcv } from '../crypto/kcv';
import { KeyBlockError, type KeyBlockHeader } from './header';
import {
  decryptKeyBlock,
  deriveKeyBlockKeys,
  encryptKeyBlock,
  keyBlockKeyDerivationInputs,
  openKeyBlock,
  parseKeyBlock,
} from './tr31';
import published from './tr31-vectors.json';

function kcvOf(algorithm: string, key: Buffer): string {
  return toHex(algorithm === 'A' ? aesKcvCmac(key) : tdesKcv(key));
}

describe('published TR-31 key blocks (sources in tr31-vectors.json)', () => {
  it.each(published.vectors.map((vector) => [vector.name, vector] as const))('%s', (_name, vector) => {
    const kbpk = fromHex(vector.kbpk);
    const opened = decryptKeyBlock(kbpk, vector.keyBlock);
    expect(toHex(opened.key)).toBe(vector.key);
    expect(opened.header).toMatchObject(vector.header);
    if (vector.kcv) expect(kcvOf(vector.header.algorithm, opened.key).startsWith(vector.kcv)).toBe(true);
    // The same header, key and published random pad give the published bytes again.
    expect(encryptKeyBlock(kbpk, opened.header, opened.key, opened.pad)).toBe(vector.keyBlock.toUpperCase());
  });

  it.each(published.refused.map((vector) => [vector.name, vector] as const))(
    'refuses %s',
    (_name, vector) => {
      expect(() => decryptKeyBlock(fromHex(vector.kbpk), vector.keyBlock)).toThrow(
        new KeyBlockError(vector.error),
      );
    },
  );
});

const tdesHeader: KeyBlockHeader = {
  version: 'B',
  usage: 'K0',
  algorithm: 'T',
  modeOfUse: 'B',
  keyVersion: '00',
  exportability: 'E',
  reserved: '00',
  optionalBlocks: [],
};
const aesHeader: KeyBlockHeader = { ...tdesHeader, version: 'D', usage: 'D0', algorithm: 'A' };

describe('TR-31 key derivation (TR-31:2018 5.3.2)', () => {
  it('builds the CMAC messages of table 1 for a double-length TDES KBPK', () => {
    const inputs = keyBlockKeyDerivationInputs('B', 16);
    expect(inputs.kbek.map(toHex)).toEqual(['0100000000000080', '0200000000000080']);
    expect(inputs.kbak.map(toHex)).toEqual(['0100010000000080', '0200010000000080']);
  });

  it('builds the CMAC messages of table 2 for AES-128, AES-192 and AES-256 KBPKs', () => {
    expect(keyBlockKeyDerivationInputs('D', 16).kbek.map(toHex)).toEqual(['0100000000020080']);
    expect(keyBlockKeyDerivationInputs('D', 24).kbak.map(toHex)).toEqual([
      '01000100000300C0',
      '02000100000300C0',
    ]);
    expect(keyBlockKeyDerivationInputs('D', 32).kbek.map(toHex)).toEqual([
      '0100000000040100',
      '0200000000040100',
    ]);
  });

  it('derives keys as long as the KBPK, the AES-192 ones truncated to 24 bytes', () => {
    for (const length of [16, 24, 32]) {
      const keys = deriveKeyBlockKeys('D', randomBytes(length));
      expect([keys.kbek.length, keys.kbak.length]).toEqual([length, length]);
    }
    expect(deriveKeyBlockKeys('B', randomBytes(24)).kbek).toHaveLength(24);
  });

  it('refuses a KBPK of the wrong kind for the version, naming what it needs', () => {
    expect(() => deriveKeyBlockKeys('D', randomBytes(20))).toThrow(
      'a version D key block needs an AES KBPK (16, 24 or 32 bytes), got 20 bytes',
    );
  });
});

describe('TR-31 key blocks built here', () => {
  it('round-trip any key length under every KBPK length of both versions', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(['B', 16], ['B', 24], ['D', 16], ['D', 24], ['D', 32]),
        fc.constantFrom(8, 16, 24, 32),
        ([version, kbpkLength], keyLength) => {
          const kbpk = randomBytes(kbpkLength as number);
          const key = randomBytes(keyLength);
          const header = version === 'B' ? tdesHeader : aesHeader;
          const block = encryptKeyBlock(kbpk, header, key);
          expect(block.length).toBe(Number(block.slice(1, 5)));
          expect(decryptKeyBlock(kbpk, block).key).toEqual(key);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('pads the key field to whole cipher blocks with a fresh random pad each time', () => {
    const kbpk = randomBytes(16);
    const key = randomBytes(16);
    const first = encryptKeyBlock(kbpk, tdesHeader, key);
    expect(first).toMatch(/^B0080K0TB00E0000[0-9A-F]{64}$/);
    expect(encryptKeyBlock(kbpk, tdesHeader, key)).not.toBe(first);
    expect(encryptKeyBlock(randomBytes(32), aesHeader, randomBytes(32))).toMatch(/^D0144D0AB00E0000/);
  });

  it('adds a padding block so a version D header is whole AES blocks', () => {
    const header = { ...aesHeader, optionalBlocks: [{ id: 'KS', data: '00604B120F9292800000' }] };
    const block = encryptKeyBlock(randomBytes(16), header, randomBytes(16));
    // moov-io/tr31 TestHeaderLoadOptionalAes gives the same header text.
    expect(block.slice(16, 48)).toBe('KS1800604B120F9292800000PB080000');
    expect(block.slice(0, 16)).toBe('D0144D0AB00E0200');
  });

  it('refuses a block whose header, key field or MAC was changed, or the wrong KBPK', () => {
    const kbpk = randomBytes(16);
    const block = encryptKeyBlock(kbpk, tdesHeader, randomBytes(16));
    const tampered = [
      block.replace('K0TB', 'P0TB'),
      `${block.slice(0, 20)}${block[20] === '0' ? '1' : '0'}${block.slice(21)}`,
      `${block.slice(0, -1)}${block.endsWith('0') ? '1' : '0'}`,
    ];
    for (const changed of tampered) {
      expect(() => decryptKeyBlock(kbpk, changed)).toThrow(
        new KeyBlockError('key block MAC does not verify'),
      );
    }
    expect(() => decryptKeyBlock(randomBytes(16), block)).toThrow('key block MAC does not verify');
  });

  it('gives the key only after the MAC verifies', () => {
    const kbpk = randomBytes(32);
    const parsed = parseKeyBlock(encryptKeyBlock(kbpk, aesHeader, randomBytes(16)));
    const wrongKeys = deriveKeyBlockKeys('D', randomBytes(32));
    expect(() => openKeyBlock(parsed, wrongKeys)).toThrow('key block MAC does not verify');
    expect(openKeyBlock(parsed, deriveKeyBlockKeys('D', kbpk)).key).toHaveLength(16);
  });

  it('refuses a header not aligned to the cipher block', () => {
    const kbpk = fromHex('AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBB');
    // 20-character header (one 4-character optional block) in a version B key block.
    const block = `B0068P0TE00E0100T104${'00'.repeat(24)}`;
    expect(() => decryptKeyBlock(kbpk, block)).toThrow(
      'the version B key block header is 20 characters, not a multiple of 8',
    );
  });
});
