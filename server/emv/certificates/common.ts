/**
 * What every EMV RSA certificate and signature shares: the 6A header, the BC trailer, the SHA-1 hash
 * of Book 2 Annex B3.1 and the split of a public key between certificate and remainder
 * (EMV 4.4 Book 2 sections 5 and 6, Annex A2.1).
 */

import { createHash } from 'node:crypto';
import { concat, toHex } from '../bytes';
import { CertificateError } from './errors';
import { rsaRecover, type RsaPublicKey } from './rsa';

export const RECOVERED_DATA_HEADER = 0x6a;
export const RECOVERED_DATA_TRAILER = 0xbc;
/** Book 2 Annex B3.1: the only hash algorithm indicator defined for RSA certificates. */
export const HASH_ALGORITHM_SHA1 = 0x01;
/** Book 2 Annex B2.1: RSA. */
export const PUBLIC_KEY_ALGORITHM_RSA = 0x01;
export const SHA1_LENGTH = 20;
/** Book 2 5.1 / 6.1: exponents are 3 or 2^16 + 1. */
export const ALLOWED_EXPONENTS = ['03', '010001'] as const;
/** Book 2 5.1: no EMV RSA key is longer than 1984 bits. */
export const MAX_MODULUS_LENGTH = 248;

export function sha1(...parts: Uint8Array[]): Buffer {
  return createHash('sha1')
    .update(concat(...parts))
    .digest();
}

export function hexByte(byte: number): string {
  return toHex(Buffer.from([byte]));
}

/** Frames certificate content with header, hash and trailer; the hash is computed by the caller. */
export function frame(body: Uint8Array, hash: Uint8Array): Buffer {
  return concat(Buffer.from([RECOVERED_DATA_HEADER]), body, hash, Buffer.from([RECOVERED_DATA_TRAILER]));
}

/**
 * Recovers a block and runs the checks common to every format, in the order of Book 2 5.3 steps 1-4
 * (length, trailer, header, format). Returns the recovered data.
 */
export function recoverFramed(
  signature: Uint8Array,
  key: RsaPublicKey,
  expectedFormat: number,
  overhead: number,
  name: string,
  keyName: string,
): Buffer {
  const recovered = rsaRecover(signature, key, name, keyName);
  if (recovered.length <= overhead) {
    throw new CertificateError(
      'length',
      `${name} is ${recovered.length} bytes, too short for its format (more than ${overhead} bytes)`,
    );
  }
  const trailer = recovered[recovered.length - 1]!;
  if (trailer !== RECOVERED_DATA_TRAILER) {
    throw new CertificateError(
      'trailer',
      `${name}: recovered trailer is 0x${hexByte(trailer)}, expected 0xBC`,
    );
  }
  if (recovered[0] !== RECOVERED_DATA_HEADER) {
    throw new CertificateError(
      'header',
      `${name}: recovered header is 0x${hexByte(recovered[0]!)}, expected 0x6A`,
    );
  }
  if (recovered[1] !== expectedFormat) {
    throw new CertificateError(
      'format',
      `${name}: recovered format is 0x${hexByte(recovered[1]!)}, expected 0x${hexByte(expectedFormat)}`,
    );
  }
  return recovered;
}

/** Throws unless the hash algorithm indicator is SHA-1, the only one this core can compute. */
export function requireSha1(indicator: number, name: string): void {
  if (indicator !== HASH_ALGORITHM_SHA1) {
    throw new CertificateError(
      'hash-algorithm',
      `${name}: hash algorithm indicator is 0x${hexByte(indicator)}, only 0x01 (SHA-1) is supported`,
    );
  }
}

export function requireRsa(indicator: number, name: string): void {
  if (indicator !== PUBLIC_KEY_ALGORITHM_RSA) {
    throw new CertificateError(
      'key-algorithm',
      `${name}: public key algorithm indicator is 0x${hexByte(indicator)}, only 0x01 (RSA) is supported`,
    );
  }
}

/** Validates a public key that is about to be certified (Book 2 5.1, 6.1). */
export function requireCertifiableKey(key: RsaPublicKey, keyName: string): void {
  if (key.modulus.length === 0 || key.modulus[0] === 0) {
    throw new RangeError(`${keyName} modulus must not be empty or start with a zero byte`);
  }
  if (key.modulus.length > MAX_MODULUS_LENGTH) {
    throw new RangeError(
      `${keyName} modulus must be at most ${MAX_MODULUS_LENGTH} bytes, got ${key.modulus.length}`,
    );
  }
  const exponent = toHex(key.exponent);
  if (!(ALLOWED_EXPONENTS as readonly string[]).includes(exponent)) {
    throw new RangeError(`${keyName} exponent must be 03 or 010001, got ${exponent || 'nothing'}`);
  }
}

/**
 * Splits a modulus between the certificate and the remainder (Book 2 5.1 Table 6 / 6.1 Table 14):
 * what fits goes into the certificate, padded with BB; the rest is the remainder.
 */
export function splitModulus(
  modulus: Uint8Array,
  room: number,
): { inCertificate: Buffer; remainder: Buffer } {
  const bytes = Buffer.from(modulus);
  if (bytes.length <= room) {
    return {
      inCertificate: concat(bytes, Buffer.alloc(room - bytes.length, 0xbb)),
      remainder: Buffer.alloc(0),
    };
  }
  return { inCertificate: bytes.subarray(0, room), remainder: bytes.subarray(room) };
}

/**
 * Rebuilds a certified modulus from the certificate's field and the remainder, checking the remainder
 * has the length the certificate announces (Book 2 5.3 step 10 / 6.4 step 10 need the whole key).
 */
export function joinModulus(
  inCertificate: Buffer,
  remainder: Uint8Array,
  keyLength: number,
  name: string,
  keyName: string,
): Buffer {
  const room = inCertificate.length;
  if (keyLength <= room) {
    if (remainder.length !== 0) {
      throw new CertificateError(
        'remainder',
        `${name}: the ${keyName} (${keyLength} bytes) fits in the certificate, so no remainder is expected, got ${remainder.length} bytes`,
      );
    }
    return inCertificate.subarray(0, keyLength);
  }
  if (remainder.length !== keyLength - room) {
    throw new CertificateError(
      'remainder',
      `${name}: the ${keyName} is ${keyLength} bytes and ${room} are in the certificate, so the remainder must be ${keyLength - room} bytes, got ${remainder.length}`,
    );
  }
  return concat(inCertificate, remainder);
}

/** Expiry dates in certificates are MMYY in BCD (Book 2 Table 6 field 4). */
export function requireExpiry(expiry: Uint8Array, name: string): void {
  const hex = toHex(expiry);
  const month = Number(hex.slice(0, 2));
  if (expiry.length !== 2 || !/^\d{4}$/.test(hex) || month < 1 || month > 12) {
    throw new RangeError(`${name} must be MMYY (2 bytes of BCD), got ${hex || 'nothing'}`);
  }
}

export function requireSerial(serial: Uint8Array, name: string): void {
  if (serial.length !== 3) {
    throw new RangeError(`${name} must be 3 bytes, got ${serial.length}`);
  }
}
