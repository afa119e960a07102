/**
 * Key check values. Three definitions are in use and they are not interchangeable: a TDES KCV
 * encrypts zeros, the X9.24-1 / TR-31 AES KCV is a CMAC of zeros, and GlobalPlatform's AES KCV
 * encrypts a block of 01 bytes. Showing the wrong one makes a correct key look wrong.
 */
import { aesEcbEncrypt, tdesEcbEncrypt } from './des';
import { aesCmac } from './mac';
import { requireLength } from '../bytes';

function truncate(value: Buffer, length: number, max: number, name: string): Buffer {
  if (!Number.isInteger(length) || length < 1 || length > max) {
    throw new RangeError(`${name} length must be 1 to ${max} bytes, got ${length}`);
  }
  return value.subarray(0, length);
}

/**
 * TDES KCV: the leftmost bytes of the key's encryption of eight zero bytes (ANSI X9.24-1:2017
 * A.2). Three bytes is the usual length; EMV tooling often prints two.
 */
export function tdesKcv(key: Uint8Array, length = 3): Buffer {
  requireLength(key, [8, 16, 24], 'TDES key');
  return truncate(tdesEcbEncrypt(key, Buffer.alloc(8)), length, 8, 'TDES KCV');
}

/**
 * AES KCV per ANSI X9.24-1:2017 A.3 and ASC X9.143 / TR-31: the leftmost bytes of AES-CMAC over
 * sixteen zero bytes; five bytes by default as X9.143 prints it, three in TR-31:2018 and on HSMs.
 */
export function aesKcvCmac(key: Uint8Array, length = 5): Buffer {
  requireLength(key, [16, 24, 32], 'AES key');
  return truncate(aesCmac(key, Buffer.alloc(16)), length, 16, 'AES CMAC KCV');
}

/**
 * GlobalPlatform AES KCV (GP Card Spec 2.2 Amendment D (SCP03) 7.2.2): the leftmost three bytes
 * of AES-ECB of sixteen 01 bytes, as sent in PUT KEY for SCP03 keys.
 */
export function aesKcvGp(key: Uint8Array, length = 3): Buffer {
  requireLength(key, [16, 24, 32], 'AES key');
  return truncate(aesEcbEncrypt(key, Buffer.alloc(16, 0x01)), length, 16, 'GlobalPlatform AES KCV');
}
