import { describe, expect, it } from 'vitest';
import { bytesToBigInt, modPow } from '../certificates/rsa';
import { testRsaKey } from '../terminal/testing';
import { crtKeyProblem, iccKeyProblem, signWithCrtKey, signWithIccKey } from './card-signature';
import type { CrtPrivateKey, ModulusExponentPrivateKey } from './application-data';

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

function modulusExponentOf(label: string, exponent: 3 | 65537): ModulusExponentPrivateKey {
  const key = testRsaKey(label, 1024, exponent);
  return {
    modulus: bytesToBigInt(key.privateKey.modulus),
    privateExponent: bytesToBigInt(key.privateKey.privateExponent),
    modulusLength: key.publicKey.modulus.length,
  };
}

describe('the modulus and private exponent a card signs with', () => {
  it('signs what the public key recovers, the same signature as with the CRT constants of the key', () => {
    for (const exponent of [3, 65537] as const) {
      const key = modulusExponentOf(`crt-${exponent}`, exponent);
      expect(iccKeyProblem(key)).toBeUndefined();
      const block = Buffer.alloc(key.modulusLength, 0x22);
      block[0] = 0x6a;
      const signature = signWithIccKey(block, key);
      expect(modPow(bytesToBigInt(signature), BigInt(exponent), key.modulus)).toBe(bytesToBigInt(block));
      expect(signature.equals(signWithIccKey(block, crtOf(`crt-${exponent}`, exponent)))).toBe(true);
    }
  });

  it('refuses a private exponent that does not invert 3 or 65537 for the modulus', () => {
    const key = modulusExponentOf('crt-3', 3);
    expect(iccKeyProblem({ ...key, privateExponent: key.privateExponent + 2n })).toBe(
      'the ICC private key does not fit together (the private exponent does not invert 3 or 65537 for this modulus)',
    );
  });
});
