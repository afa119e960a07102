/**
 * Message authentication codes used by EMV and GlobalPlatform: the DES-based CBC-MACs of
 * ISO/IEC 9797-1 and CMAC (NIST SP 800-38B) over AES or TDES.
 */
import { concat, requireLength, xor } from '../bytes';
import {
  AES_BLOCK,
  DES_BLOCK,
  aesCbcEncrypt,
  aesEcbEncrypt,
  desDecryptBlock,
  desEncryptBlock,
  tdesCbcEncrypt,
  tdesEcbEncrypt,
} from './des';

/** ISO/IEC 9797-1:2011 6.3 padding methods. */
export type Iso9797Padding = 1 | 2 | 3;

/**
 * Pads data to a whole number of blocks (ISO/IEC 9797-1:2011 6.3.1-6.3.3). Method 1 turns empty
 * data into one zero block because the standard asks for a positive number of blocks; method 3
 * prefixes the data length in bits, which is what makes it safe with variable-length messages.
 */
export function padIso9797(data: Uint8Array, method: Iso9797Padding, blockSize = DES_BLOCK): Buffer {
  const zerosFor = (length: number) => (blockSize - (length % blockSize)) % blockSize;
  if (method === 1) {
    if (data.length === 0) return Buffer.alloc(blockSize);
    return concat(data, Buffer.alloc(zerosFor(data.length)));
  }
  if (method === 2) {
    return concat(data, Buffer.from([0x80]), Buffer.alloc(zerosFor(data.length + 1)));
  }
  if (method === 3) {
    const lengthBlock = Buffer.alloc(blockSize);
    lengthBlock.writeUIntBE(data.length * 8, blockSize - 6, 6);
    return concat(lengthBlock, data, Buffer.alloc(zerosFor(data.length)));
  }
  throw new RangeError(`ISO 9797-1 padding method must be 1, 2 or 3, got ${String(method)}`);
}

/**
 * Removes ISO/IEC 9797-1 padding method 2 (the ISO/IEC 7816-4 '80 00..' padding), as needed after
 * decrypting secure-messaging data; throws when the padding is malformed, which a receiver must
 * treat as a failed integrity check.
 */
export function removePaddingMethod2(data: Uint8Array): Buffer {
  let end = data.length - 1;
  while (end >= 0 && data[end] === 0x00) end--;
  if (end < 0 || data[end] !== 0x80) {
    throw new RangeError('data does not end with ISO 9797-1 padding method 2 (80 00..)');
  }
  return Buffer.from(data.subarray(0, end));
}

function requireIcv(icv: Uint8Array | undefined, size: number): Buffer {
  if (icv === undefined) return Buffer.alloc(size);
  requireLength(icv, [size], 'MAC initial chaining value');
  return Buffer.from(icv);
}

/**
 * ISO/IEC 9797-1:2011 7.2 MAC algorithm 1 (CBC-MAC): the block cipher is single DES for an
 * 8-byte key and TDES for a 16- or 24-byte key. Returns the full 8-byte block; callers truncate.
 */
export function macAlgorithm1(
  key: Uint8Array,
  data: Uint8Array,
  padding: Iso9797Padding,
  icv?: Uint8Array,
): Buffer {
  requireLength(key, [8, 16, 24], 'MAC key');
  const chained = tdesCbcEncrypt(key, padIso9797(data, padding), requireIcv(icv, DES_BLOCK));
  return chained.subarray(chained.length - DES_BLOCK);
}

/**
 * ISO/IEC 9797-1:2011 7.4 MAC algorithm 3 (the "retail MAC"): single-DES CBC under K, then the
 * last block is decrypted under K' and encrypted under K again. This is the MAC of the EMV
 * application cryptogram (EMV 4.4 Book 2 8.1.2) and of the SCP02 C-MAC.
 */
export function macAlgorithm3(
  key: Uint8Array,
  data: Uint8Array,
  padding: Iso9797Padding,
  icv?: Uint8Array,
): Buffer {
  requireLength(key, [16], 'MAC key');
  const k = key.subarray(0, 8);
  const kPrime = key.subarray(8, 16);
  const chained = tdesCbcEncrypt(k, padIso9797(data, padding), requireIcv(icv, DES_BLOCK));
  const last = chained.subarray(chained.length - DES_BLOCK);
  return desEncryptBlock(k, desDecryptBlock(kPrime, last));
}

/** Doubling in GF(2^n) for the CMAC subkeys (NIST SP 800-38B 6.1). */
function doubleBlock(block: Buffer): Buffer {
  const rb = block.length === AES_BLOCK ? 0x87 : 0x1b;
  const out = Buffer.alloc(block.length);
  for (let i = 0; i < block.length; i++) {
    out[i] = ((block[i]! << 1) & 0xff) | (i + 1 < block.length ? block[i + 1]! >> 7 : 0);
  }
  if ((block[0]! & 0x80) !== 0) out[block.length - 1]! ^= rb;
  return out;
}

function cmac(
  encryptBlock: (block: Buffer) => Buffer,
  cbcEncrypt: (data: Buffer) => Buffer,
  blockSize: number,
  data: Uint8Array,
): Buffer {
  const k1 = doubleBlock(encryptBlock(Buffer.alloc(blockSize)));
  const k2 = doubleBlock(k1);
  const complete = data.length > 0 && data.length % blockSize === 0;
  const padded = complete ? Buffer.from(data) : padIso9797(data, 2, blockSize);
  const lastStart = padded.length - blockSize;
  const last = xor(padded.subarray(lastStart), complete ? k1 : k2);
  const chained = cbcEncrypt(concat(padded.subarray(0, lastStart), last));
  return chained.subarray(chained.length - blockSize);
}

/** AES-CMAC (NIST SP 800-38B 6.2; RFC 4493). Returns the full 16-byte tag; callers truncate. */
export function aesCmac(key: Uint8Array, data: Uint8Array): Buffer {
  requireLength(key, [16, 24, 32], 'AES-CMAC key');
  return cmac(
    (block) => aesEcbEncrypt(key, block),
    (padded) => aesCbcEncrypt(key, padded),
    AES_BLOCK,
    data,
  );
}

/** TDES-CMAC (NIST SP 800-38B 6.2 with a 64-bit block cipher). Returns the full 8-byte tag. */
export function tdesCmac(key: Uint8Array, data: Uint8Array): Buffer {
  requireLength(key, [16, 24], 'TDES-CMAC key');
  return cmac(
    (block) => tdesEcbEncrypt(key, block),
    (padded) => tdesCbcEncrypt(key, padded),
    DES_BLOCK,
    data,
  );
}
