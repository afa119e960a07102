/**
 * The key derivation function of SCP03 (GP Card Spec 2.2 Amendment D (SCP03) 6.2.1): NIST SP
 * 800-108 in counter mode with AES-CMAC as PRF and a one-byte counter.
 */
import { concat, requireLength } from '../bytes';
import { aesCmac } from './mac';

/**
 * NIST SP 800-108 5.1 counter-mode KDF with AES-CMAC: K(i) = CMAC(key, prefix || i || suffix)
 * for i = 1, 2, ..., concatenated and cut to `length` bytes. The counter is one byte (r = 8),
 * as SCP03 and GlobalPlatformPro use it.
 */
export function nistCounterModeKdf(
  key: Uint8Array,
  prefix: Uint8Array,
  suffix: Uint8Array,
  length: number,
): Buffer {
  requireLength(key, [16, 24, 32], 'KDF key');
  if (!Number.isInteger(length) || length < 1 || length > 255 * 16) {
    throw new RangeError(`KDF output length must be 1 to ${255 * 16} bytes, got ${length}`);
  }
  const blocks: Buffer[] = [];
  for (let i = 1; blocks.length * 16 < length; i++) {
    blocks.push(aesCmac(key, concat(prefix, Buffer.from([i]), suffix)));
  }
  return concat(...blocks).subarray(0, length);
}

/** Derivation constants of GP Amendment D 6.2.1 table 6-1. */
export const SCP03_DERIVATION_CONSTANT = {
  cardCryptogram: 0x00,
  hostCryptogram: 0x01,
  pseudoRandomCardChallenge: 0x02,
  sEnc: 0x04,
  sMac: 0x06,
  sRmac: 0x07,
} as const;

/**
 * SCP03 KDF (GP Amendment D 6.2.1): label 00*11 || constant, separator 00, L in bits on two bytes,
 * the counter, then the context (host challenge || card challenge for session keys).
 */
export function scp03Kdf(key: Uint8Array, constant: number, context: Uint8Array, lengthBits: number): Buffer {
  if (lengthBits % 8 !== 0 || lengthBits < 8 || lengthBits > 0xffff) {
    throw new RangeError(
      `SCP03 KDF output length must be a whole number of bytes in bits, got ${lengthBits}`,
    );
  }
  const label = concat(Buffer.alloc(11), Buffer.from([constant, 0x00, lengthBits >> 8, lengthBits & 0xff]));
  return nistCounterModeKdf(key, label, context, lengthBits / 8);
}

export interface Scp03StaticKeys {
  enc: Uint8Array;
  mac: Uint8Array;
  dek: Uint8Array;
}

export interface Scp03SessionKeys {
  sEnc: Buffer;
  sMac: Buffer;
  sRmac: Buffer;
  /** SCP03 has no session DEK: the static DEK encrypts keys and sensitive data (Amendment D 6.2.1). */
  dek: Buffer;
}

/** SCP03 session keys (GP Amendment D 6.2.1), each as long as its static key. */
export function deriveScp03SessionKeys(keys: Scp03StaticKeys, context: Uint8Array): Scp03SessionKeys {
  requireLength(keys.enc, [16, 24, 32], 'SCP03 static ENC key');
  requireLength(keys.mac, [16, 24, 32], 'SCP03 static MAC key');
  requireLength(keys.dek, [16, 24, 32], 'SCP03 static DEK key');
  return {
    sEnc: scp03Kdf(keys.enc, SCP03_DERIVATION_CONSTANT.sEnc, context, keys.enc.length * 8),
    sMac: scp03Kdf(keys.mac, SCP03_DERIVATION_CONSTANT.sMac, context, keys.mac.length * 8),
    sRmac: scp03Kdf(keys.mac, SCP03_DERIVATION_CONSTANT.sRmac, context, keys.mac.length * 8),
    dek: Buffer.from(keys.dek),
  };
}
