import { describe, expect, it } from 'vitest';
import { bytesToBigInt, modPow } from '../certificates/rsa';
import { testRsaKey } from '../terminal/testing';
import { crtKeyProblem, signWithCrtKey } from './card-signature';
import type { CrtPrivateKey } from './application-data';

function crtOf(label: string, exponent: 3 | 65537): CrtPrivateKey {
  const key = testRsaKey(label, 1024, exponent);
  return {
    p: bytesToBigInt(key.crt.p),
    q: bytesToBigInt(key.crt.q),
    dp: bytesToBigInt(key.crt.dp),
    dq: bytesToBigInt(key.crt.dq),
    qInv: bytesToBigInt(key.crt.qi),
    modulusLength: key.publicKey.modulus.length,
  };
}

describe('the CRT constants a card signs with', () => {
  it('accepts a real key with exponent 3 or 65537, and its signature verifies', () => {
    for (const exponent of [3, 65537] as const) {
      const key = crtOf(`crt-${exponent}`, exponent);
      expect(crtKeyProblem(key)).toBeUndefined();
      const block = Buffer.alloc(key.modulusLength, 0x11);
      block[0] = 0x6a;
      const s = bytesToBigInt(signWithCrtKey(block, key));
      expect(modPow(s, BigInt(exponent), key.p * key.q)).toBe(bytesToBigInt(block));
    }
  });

  it('refuses a dp or dq that does not belong to p and q (a fault that would leak it)', () => {
    const key = crtOf('crt-3', 3);
    expect(crtKeyProblem({ ...key, dp: key.dp + 2n })).toMatch(/d mod p-1 or d mod q-1/);
    expect(crtKeyProblem({ ...key, dq: 12345n })).toMatch(/d mod p-1 or d mod q-1/);
    expect(crtKeyProblem({ ...key, qInv: key.qInv + 1n })).toMatch(/q \* qInv is not 1 mod p/);
  });
});
