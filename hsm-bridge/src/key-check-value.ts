import { createHash } from 'node:crypto';
import { toHex } from '../../server/emv/bytes';
import type { HsmBackend, KeyAttributes } from './backends/backend';
import { isAes, isTdes } from './backends/key-lengths';

/** SP 800-38B subkey K1: L << 1, XOR Rb (0x87) when the top bit of L was set. */
function cmacSubkey(l: Buffer): Buffer {
  const k1 = Buffer.alloc(16);
  for (let i = 0; i < 16; i++) k1[i] = ((l[i]! << 1) | (i < 15 ? l[i + 1]! >> 7 : 0)) & 0xff;
  if (l[0]! & 0x80) k1[15]! ^= 0x87;
  return k1;
}

/**
 * The check value of a key, computed with the HSM's own primitives so both backends agree:
 * TDES: 3 bytes of E(00..00) (ANSI X9.24-1); AES: 5 bytes of AES-CMAC(00..00) (X9.24-1:2017 A.3,
 * TR-31); HMAC: 5 bytes of HMAC-SHA256(16 zero bytes); RSA: 3 bytes of SHA-256(modulus || exponent),
 * a fingerprint rather than a KCV.
 */
export async function keyCheckValue(backend: HsmBackend, key: KeyAttributes): Promise<string> {
  if (isTdes(key.algorithm))
    return toHex((await backend.encrypt(key.keyRef, 'ecb', Buffer.alloc(8))).subarray(0, 3));
  if (isAes(key.algorithm)) {
    // CMAC of one complete zero block: E(0 XOR K1) with K1 from L = E(0).
    const l = await backend.encrypt(key.keyRef, 'ecb', Buffer.alloc(16));
    return toHex((await backend.encrypt(key.keyRef, 'ecb', cmacSubkey(l))).subarray(0, 5));
  }
  if (key.algorithm === 'HMAC256')
    return toHex((await backend.hmacSha256(key.keyRef, Buffer.alloc(16))).subarray(0, 5));
  const publicKey = await backend.rsaPublicKey(key.keyRef);
  if (!publicKey) throw new Error(`RSA key ${key.keyRef} has no public key`);
  return toHex(
    createHash('sha256').update(publicKey.modulus).update(publicKey.publicExponent).digest().subarray(0, 3),
  );
}
