/**
 * Block cipher primitives for the EMV core: single DES, double- and triple-length TDES, and AES,
 * all without padding (every EMV and GlobalPlatform construction pads explicitly).
 *
 * OpenSSL 3 moved single DES to the legacy provider, so single DES is computed as TDES with
 * K1 = K2 = K3 (EDE with equal keys collapses to one DES encryption); double-length keys run as
 * K1 K2 K1 (ANSI X9.52 keying option 2).
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';

import { concat, requireLength } from '../bytes';

export const DES_BLOCK = 8;
export const AES_BLOCK = 16;

const ZERO_DES_IV = Buffer.alloc(DES_BLOCK);
const ZERO_AES_IV = Buffer.alloc(AES_BLOCK);

/** Expands an 8-, 16- or 24-byte DES key to the 24-byte form OpenSSL's des-ede3 expects. */
function toEde3Key(key: Uint8Array, name: string): Buffer {
  requireLength(key, [8, 16, 24], name);
  const k = Buffer.from(key);
  if (k.length === 8) return concat(k, k, k);
  if (k.length === 16) return concat(k, k.subarray(0, 8));
  return k;
}

function requireBlocks(data: Uint8Array, blockSize: number, name: string): void {
  if (data.length % blockSize !== 0) {
    throw new RangeError(`${name} must be a multiple of ${blockSize} bytes, got ${data.length}`);
  }
}

function run(
  direction: 'encrypt' | 'decrypt',
  algorithm: string,
  key: Buffer,
  iv: Buffer | null,
  data: Uint8Array,
): Buffer {
  const cipher =
    direction === 'encrypt' ? createCipheriv(algorithm, key, iv) : createDecipheriv(algorithm, key, iv);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

function tdes(
  direction: 'encrypt' | 'decrypt',
  mode: 'ecb' | 'cbc',
  key: Uint8Array,
  data: Uint8Array,
  iv: Uint8Array,
): Buffer {
  const k = toEde3Key(key, 'TDES key');
  requireBlocks(data, DES_BLOCK, 'TDES data');
  if (mode === 'ecb') return run(direction, 'des-ede3', k, null, data);
  requireLength(iv, [DES_BLOCK], 'TDES IV');
  return run(direction, 'des-ede3-cbc', k, Buffer.from(iv), data);
}

/** TDES-ECB encryption (ANSI X9.52 / ISO/IEC 18033-3); an 8-byte key gives single DES. */
export function tdesEcbEncrypt(key: Uint8Array, data: Uint8Array): Buffer {
  return tdes('encrypt', 'ecb', key, data, ZERO_DES_IV);
}

/** TDES-ECB decryption (ANSI X9.52); an 8-byte key gives single DES. */
export function tdesEcbDecrypt(key: Uint8Array, data: Uint8Array): Buffer {
  return tdes('decrypt', 'ecb', key, data, ZERO_DES_IV);
}

/** TDES-CBC encryption (ISO/IEC 10116 CBC); the IV defaults to zeros as in EMV and GlobalPlatform. */
export function tdesCbcEncrypt(key: Uint8Array, data: Uint8Array, iv: Uint8Array = ZERO_DES_IV): Buffer {
  return tdes('encrypt', 'cbc', key, data, iv);
}

/** TDES-CBC decryption (ISO/IEC 10116 CBC). */
export function tdesCbcDecrypt(key: Uint8Array, data: Uint8Array, iv: Uint8Array = ZERO_DES_IV): Buffer {
  return tdes('decrypt', 'cbc', key, data, iv);
}

/** Single-DES encryption of one block (FIPS 46-3), used by ISO 9797-1 MAC algorithm 3 and SCP02 ICVs. */
export function desEncryptBlock(key: Uint8Array, block: Uint8Array): Buffer {
  requireLength(key, [8], 'DES key');
  requireLength(block, [DES_BLOCK], 'DES block');
  return tdesEcbEncrypt(key, block);
}

/** Single-DES decryption of one block (FIPS 46-3). */
export function desDecryptBlock(key: Uint8Array, block: Uint8Array): Buffer {
  requireLength(key, [8], 'DES key');
  requireLength(block, [DES_BLOCK], 'DES block');
  return tdesEcbDecrypt(key, block);
}

function aes(
  direction: 'encrypt' | 'decrypt',
  mode: 'ecb' | 'cbc',
  key: Uint8Array,
  data: Uint8Array,
  iv: Uint8Array,
): Buffer {
  requireLength(key, [16, 24, 32], 'AES key');
  requireBlocks(data, AES_BLOCK, 'AES data');
  const algorithm = `aes-${key.length * 8}-${mode}`;
  if (mode === 'ecb') return run(direction, algorithm, Buffer.from(key), null, data);
  requireLength(iv, [AES_BLOCK], 'AES IV');
  return run(direction, algorithm, Buffer.from(key), Buffer.from(iv), data);
}

/** AES-ECB encryption (FIPS 197, SP 800-38A). */
export function aesEcbEncrypt(key: Uint8Array, data: Uint8Array): Buffer {
  return aes('encrypt', 'ecb', key, data, ZERO_AES_IV);
}

/** AES-ECB decryption (FIPS 197, SP 800-38A). */
export function aesEcbDecrypt(key: Uint8Array, data: Uint8Array): Buffer {
  return aes('decrypt', 'ecb', key, data, ZERO_AES_IV);
}

/** AES-CBC encryption (SP 800-38A); the IV defaults to zeros as in GlobalPlatform key encryption. */
export function aesCbcEncrypt(key: Uint8Array, data: Uint8Array, iv: Uint8Array = ZERO_AES_IV): Buffer {
  return aes('encrypt', 'cbc', key, data, iv);
}

/** AES-CBC decryption (SP 800-38A). */
export function aesCbcDecrypt(key: Uint8Array, data: Uint8Array, iv: Uint8Array = ZERO_AES_IV): Buffer {
  return aes('decrypt', 'cbc', key, data, iv);
}

function hasOddBitCount(byte: number): boolean {
  let ones = 0;
  for (let b = byte; b !== 0; b >>= 1) ones += b & 1;
  return ones % 2 === 1;
}

/**
 * Sets the least significant bit of every byte so each byte has an odd number of ones
 * (FIPS 46-3 3; EMV 4.4 Book 2 A1.4.1 requires it of every derived ICC master key).
 */
export function adjustOddParity(key: Uint8Array): Buffer {
  const out = Buffer.from(key);
  for (let i = 0; i < out.length; i++) {
    const high = out[i]! & 0xfe;
    out[i] = hasOddBitCount(high) ? high : high | 1;
  }
  return out;
}

/** True when every byte of the DES key has odd parity (FIPS 46-3 3). */
export function hasOddParity(key: Uint8Array): boolean {
  return Buffer.from(key).every((byte) => hasOddBitCount(byte));
}
