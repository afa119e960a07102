import { describe, expect, it } from 'vitest';

import { fromHex, toHex } from '../bytes';
import { parseCommandApdu } from './command-apdu';
import {
  adjustOddParity,
  aesEcbEncrypt,
  desEncryptBlock,
  hasOddParity,
  tdesCbcEncrypt,
  tdesEcbDecrypt,
  tdesEcbEncrypt,
} from './des';
import { aesKcvCmac, aesKcvGp, tdesKcv } from './kcv';
import { aesCmac, macAlgorithm1, macAlgorithm3, padIso9797, removePaddingMethod2, tdesCmac } from './mac';

describe('DES and AES primitives', () => {
  it('computes single DES from an 8-byte key through EDE with equal keys', () => {
    // FIPS 81 / classic "Now is t" example: DES(0123456789ABCDEF, 4E6F772069732074) = 3FA40E8A984D4815.
    expect(toHex(desEncryptBlock(fromHex('0123456789ABCDEF'), fromHex('4E6F772069732074')))).toBe(
      '3FA40E8A984D4815',
    );
  });

  it('decrypts what it encrypts, for double- and triple-length keys', () => {
    const data = fromHex('00112233445566778899AABBCCDDEEFF');
    for (const key of [
      '0123456789ABCDEFFEDCBA9876543210',
      '0123456789ABCDEFFEDCBA987654321089ABCDEF01234567',
    ]) {
      expect(toHex(tdesEcbDecrypt(fromHex(key), tdesEcbEncrypt(fromHex(key), data)))).toBe(toHex(data));
    }
  });

  it('treats a 24-byte K1 K2 K1 key like the 16-byte K1 K2 key', () => {
    const k1k2 = fromHex('0123456789ABCDEFFEDCBA9876543210');
    const k1k2k1 = fromHex('0123456789ABCDEFFEDCBA98765432100123456789ABCDEF');
    expect(toHex(tdesEcbEncrypt(k1k2k1, Buffer.alloc(8)))).toBe(toHex(tdesEcbEncrypt(k1k2, Buffer.alloc(8))));
  });

  it('names the parameter and the lengths when a key or data is the wrong size', () => {
    expect(() => tdesEcbEncrypt(Buffer.alloc(5), Buffer.alloc(8))).toThrow(
      new RangeError('TDES key must be 8 or 16 or 24 bytes, got 5'),
    );
    expect(() => tdesEcbEncrypt(Buffer.alloc(16), Buffer.alloc(7))).toThrow(
      new RangeError('TDES data must be a multiple of 8 bytes, got 7'),
    );
    expect(() => tdesCbcEncrypt(Buffer.alloc(16), Buffer.alloc(8), Buffer.alloc(16))).toThrow(
      new RangeError('TDES IV must be 8 bytes, got 16'),
    );
    expect(() => aesEcbEncrypt(Buffer.alloc(15), Buffer.alloc(16))).toThrow(
      new RangeError('AES key must be 16 or 24 or 32 bytes, got 15'),
    );
    expect(() => desEncryptBlock(Buffer.alloc(16), Buffer.alloc(8))).toThrow(
      new RangeError('DES key must be 8 bytes, got 16'),
    );
  });
});

describe('odd parity', () => {
  it('sets the low bit so that every byte has an odd number of ones', () => {
    expect(toHex(adjustOddParity(fromHex('0000000000000000FFFFFFFFFFFFFFFF')))).toBe(
      '0101010101010101FEFEFEFEFEFEFEFE',
    );
    expect(toHex(adjustOddParity(fromHex('0123456789ABCDEF')))).toBe('0123456789ABCDEF');
    expect(toHex(adjustOddParity(fromHex('3E80')))).toBe('3E80');
    expect(toHex(adjustOddParity(fromHex('2263')))).toBe('2362');
  });

  it('reports parity byte by byte', () => {
    expect(hasOddParity(fromHex('0123456789ABCDEF'))).toBe(true);
    expect(hasOddParity(fromHex('0123456789ABCDEE'))).toBe(false);
    expect(hasOddParity(adjustOddParity(fromHex('00112233445566778899AABBCCDDEEFF')))).toBe(true);
  });

  it('does not change what DES computes, since DES ignores the parity bits', () => {
    const key = fromHex('00112233445566778899AABBCCDDEEFF');
    expect(toHex(tdesKcv(adjustOddParity(key)))).toBe(toHex(tdesKcv(key)));
  });
});

describe('ISO/IEC 9797-1 padding and MACs', () => {
  it('pads with methods 1, 2 and 3', () => {
    expect(toHex(padIso9797(fromHex('0102'), 1))).toBe('0102000000000000');
    expect(toHex(padIso9797(Buffer.alloc(0), 1))).toBe('0000000000000000');
    expect(toHex(padIso9797(fromHex('0102030405060708'), 1))).toBe('0102030405060708');
    expect(toHex(padIso9797(fromHex('0102030405060708'), 2))).toBe('01020304050607088000000000000000');
    expect(toHex(padIso9797(fromHex('0102'), 3))).toBe('00000000000000100102000000000000');
  });

  it('rejects an unknown padding method', () => {
    expect(() => padIso9797(Buffer.alloc(1), 4 as never)).toThrow(
      new RangeError('ISO 9797-1 padding method must be 1, 2 or 3, got 4'),
    );
  });

  it('removes method 2 padding and refuses data without it', () => {
    expect(toHex(removePaddingMethod2(fromHex('0102800000')))).toBe('0102');
    expect(() => removePaddingMethod2(fromHex('0102000000'))).toThrow(RangeError);
  });

  it('requires a double-length key for MAC algorithm 3', () => {
    expect(() => macAlgorithm3(Buffer.alloc(8), Buffer.alloc(8), 1)).toThrow(
      new RangeError('MAC key must be 16 bytes, got 8'),
    );
    expect(() => macAlgorithm1(Buffer.alloc(8), Buffer.alloc(8), 1, Buffer.alloc(4))).toThrow(
      new RangeError('MAC initial chaining value must be 8 bytes, got 4'),
    );
  });
});

describe('CMAC (NIST SP 800-38B)', () => {
  const aesKey = fromHex('2B7E151628AED2A6ABF7158809CF4F3C');
  const message = fromHex(
    '6BC1BEE22E409F96E93D7E117393172AAE2D8A571E03AC9C9EB76FAC45AF8E5130C81C46A35CE411E5FBC1191A0A52EFF69F2445DF4F9B17AD2B417BE66C3710',
  );

  it('reproduces the RFC 4493 AES-128 examples', () => {
    expect(toHex(aesCmac(aesKey, Buffer.alloc(0)))).toBe('BB1D6929E95937287FA37D129B756746');
    expect(toHex(aesCmac(aesKey, message.subarray(0, 16)))).toBe('070A16B46B4D4144F79BDD9DD04A287C');
    expect(toHex(aesCmac(aesKey, message.subarray(0, 40)))).toBe('DFA66747DE9AE63030CA32611497C827');
    expect(toHex(aesCmac(aesKey, message))).toBe('51F0BEBF7E3B9D92FC49741779363CFE');
  });

  it('reproduces the SP 800-38B D.4 three-key TDES examples', () => {
    const key = fromHex('8AA83BF8CBDA10620BC1BF19FBB6CD58BC313D4A371CA8B5');
    expect(toHex(tdesCmac(key, Buffer.alloc(0)))).toBe('B7A688E122FFAF95');
    expect(toHex(tdesCmac(key, message.subarray(0, 8)))).toBe('8E8F293136283797');
  });
});

describe('key check values', () => {
  const gpDefaultKey = fromHex('404142434445464748494A4B4C4D4E4F');

  it('gives three different values for the three definitions on the same bytes', () => {
    expect(toHex(tdesKcv(gpDefaultKey))).toBe('8BAF47');
    expect(toHex(aesKcvCmac(gpDefaultKey))).toBe('6F2F9BE174');
    expect(toHex(aesKcvGp(gpDefaultKey))).toBe('504A77');
  });

  it('truncates on request and refuses impossible lengths', () => {
    expect(toHex(tdesKcv(gpDefaultKey, 2))).toBe('8BAF');
    expect(() => tdesKcv(gpDefaultKey, 9)).toThrow(
      new RangeError('TDES KCV length must be 1 to 8 bytes, got 9'),
    );
    expect(() => aesKcvGp(fromHex('0011'))).toThrow(
      new RangeError('AES key must be 16 or 24 or 32 bytes, got 2'),
    );
  });
});

describe('command APDU parsing', () => {
  it('recognises the four short cases', () => {
    expect(parseCommandApdu(fromHex('80F22002')).le).toBeNull();
    expect(parseCommandApdu(fromHex('80CA006600')).le).toBe(0);
    expect(toHex(parseCommandApdu(fromHex('80F22002024F00')).data)).toBe('4F00');
    const case4 = parseCommandApdu(fromHex('80F22002024F0000'));
    expect([toHex(case4.data), case4.le]).toEqual(['4F00', 0]);
  });

  it('says how the length is inconsistent', () => {
    expect(() => parseCommandApdu(fromHex('80F22002054F00'))).toThrow(
      new RangeError('command APDU length 7 does not match Lc 5 (expected 10 or 11 bytes)'),
    );
    expect(() => parseCommandApdu(fromHex('80F220'))).toThrow(
      new RangeError('command APDU must be at least 4 bytes, got 3'),
    );
  });
});
