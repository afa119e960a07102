/**
 * TR-31 / ASC X9.143 key blocks, the two versions that bind the header by key derivation:
 *
 * - version B (TR-31:2018 5.3.2.1, 5.4.2): TDES KBPK; KBEK and KBAK derived by TDES-CMAC, the key
 *   field encrypted with TDES-CBC whose IV is the MAC, an 8-byte TDES-CMAC;
 * - version D (TR-31:2018 5.3.2.3, 5.4.4; X9.143:2022 7.3): AES KBPK; KBEK and KBAK derived by
 *   AES-CMAC, AES-CBC with IV = MAC, a 16-byte AES-CMAC.
 *
 * The MAC covers the clear header and the clear key field (2-byte key length in bits, the key, the
 * random pad), so it is computed before encryption and checked after decryption. Versions A and C
 * (key variant binding) are deprecated by X9.143 and refused.
 *
 * The derivation is split in two so the KBPK can stay in an HSM: `keyBlockKeyDerivationInputs`
 * gives the CMAC messages, whoever holds the KBPK computes their CMACs, `assembleKeyBlockKeys`
 * turns them into KBEK and KBAK. `deriveKeyBlockKeys` does all three with a clear KBPK.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

import { concat, toHex } from '../bytes';
import { aesCbcDecrypt, aesCbcEncrypt, tdesCbcDecrypt, tdesCbcEncrypt } from '../crypto/des';
import { aesCmac, tdesCmac } from '../crypto/mac';
import {
  KeyBlockError,
  buildKeyBlockHeader,
  checkHeaderFields,
  keyBlockCipherBlock,
  keyBlockHeaderLength,
  parseKeyBlockHeader,
  type KeyBlockHeader,
  type KeyBlockVersion,
} from './header';

/** The key block encryption key and key block authentication key derived from the KBPK. */
export interface KeyBlockKeys {
  kbek: Buffer;
  kbak: Buffer;
}

export interface ParsedKeyBlock {
  header: KeyBlockHeader;
  /** The header exactly as it travels: the MAC covers these characters. */
  headerText: string;
  encryptedKeyField: Buffer;
  mac: Buffer;
}

export interface OpenedKeyBlock {
  header: KeyBlockHeader;
  key: Buffer;
  /** The random pad after the key, returned so a block can be rebuilt byte for byte in tests. */
  pad: Buffer;
}

const macLength: Record<KeyBlockVersion, number> = { B: 8, D: 16 };
const kbpkLengths: Record<KeyBlockVersion, readonly number[]> = { B: [16, 24], D: [16, 24, 32] };

function fail(message: string): never {
  throw new KeyBlockError(message);
}

/** Refuses a KBPK of the wrong length for the version, naming what the version needs. */
export function requireKbpkLength(version: KeyBlockVersion, length: number): void {
  if (kbpkLengths[version].includes(length)) return;
  fail(
    version === 'B'
      ? `a version B key block needs a double- or triple-length TDES KBPK (16 or 24 bytes), got ${length} bytes`
      : `a version D key block needs an AES KBPK (16, 24 or 32 bytes), got ${length} bytes`,
  );
}

/**
 * The CMAC messages that derive KBEK and KBAK (TR-31:2018 5.3.2.1 table 1 for TDES, 5.3.2.3 table 2
 * for AES): counter, key usage (0000 encryption, 0001 MAC), separator 00, algorithm (0000 2-key
 * TDES, 0001 3-key TDES, 0002/0003/0004 AES-128/192/256), length in bits. One message per cipher
 * block of key material, the counter counting from 1.
 */
export function keyBlockKeyDerivationInputs(
  version: KeyBlockVersion,
  kbpkLength: number,
): { kbek: Buffer[]; kbak: Buffer[] } {
  requireKbpkLength(version, kbpkLength);
  const algorithm = version === 'B' ? (kbpkLength === 16 ? 0 : 1) : kbpkLength / 8;
  const blocks = Math.ceil(kbpkLength / keyBlockCipherBlock[version]);
  const inputs = (usage: number) =>
    Array.from({ length: blocks }, (_, index) => {
      const input = Buffer.alloc(8);
      input[0] = index + 1;
      input.writeUInt16BE(usage, 1);
      input.writeUInt16BE(algorithm, 4);
      input.writeUInt16BE(kbpkLength * 8, 6);
      return input;
    });
  return { kbek: inputs(0x0000), kbak: inputs(0x0001) };
}

/** KBEK and KBAK from the CMACs of the derivation inputs, truncated to the KBPK's length (AES-192). */
export function assembleKeyBlockKeys(
  kbpkLength: number,
  cmacs: { kbek: Buffer[]; kbak: Buffer[] },
): KeyBlockKeys {
  return {
    kbek: concat(...cmacs.kbek).subarray(0, kbpkLength),
    kbak: concat(...cmacs.kbak).subarray(0, kbpkLength),
  };
}

/** KBEK and KBAK from a clear KBPK (tests, and any caller holding the KBPK itself). */
export function deriveKeyBlockKeys(version: KeyBlockVersion, kbpk: Uint8Array): KeyBlockKeys {
  const inputs = keyBlockKeyDerivationInputs(version, kbpk.length);
  const cmac = (message: Buffer) => (version === 'B' ? tdesCmac(kbpk, message) : aesCmac(kbpk, message));
  return assembleKeyBlockKeys(kbpk.length, { kbek: inputs.kbek.map(cmac), kbak: inputs.kbak.map(cmac) });
}

function keyBlockMac(version: KeyBlockVersion, kbak: Buffer, headerText: string, keyField: Buffer): Buffer {
  const message = concat(Buffer.from(headerText, 'ascii'), keyField);
  return version === 'B' ? tdesCmac(kbak, message) : aesCmac(kbak, message);
}

/**
 * Splits a key block into its header, encrypted key field and MAC, checking the structure only:
 * the length field, the alignment of header and key field, the hexadecimal. No key is needed.
 */
export function parseKeyBlock(text: string): ParsedKeyBlock {
  const { header, declaredLength, headerLength } = parseKeyBlockHeader(text);
  if (declaredLength !== text.length) {
    fail(`the key block length field says ${declaredLength} characters, the key block has ${text.length}`);
  }
  const blockSize = keyBlockCipherBlock[header.version];
  if (headerLength % blockSize !== 0) {
    fail(
      `the version ${header.version} key block header is ${headerLength} characters, not a multiple of ${blockSize}`,
    );
  }
  const body = text.slice(headerLength);
  const macChars = macLength[header.version] * 2;
  const keyFieldChars = body.length - macChars;
  if (!/^[0-9A-Fa-f]*$/.test(body))
    fail('the encrypted key field and MAC of a key block must be hexadecimal');
  if (keyFieldChars < blockSize * 2 || keyFieldChars % (blockSize * 2) !== 0) {
    fail(
      `the encrypted key field of a version ${header.version} key block must be whole ${blockSize}-byte blocks, got ${Math.max(keyFieldChars, 0) / 2} bytes`,
    );
  }
  return {
    header,
    headerText: text.slice(0, headerLength),
    encryptedKeyField: Buffer.from(body.slice(0, keyFieldChars), 'hex'),
    mac: Buffer.from(body.slice(keyFieldChars), 'hex'),
  };
}

/** Decrypts the key field (IV = MAC) and checks the MAC; the key leaves only if the MAC verifies. */
export function openKeyBlock(block: ParsedKeyBlock, keys: KeyBlockKeys): OpenedKeyBlock {
  const { version } = block.header;
  const keyField =
    version === 'B'
      ? tdesCbcDecrypt(keys.kbek, block.encryptedKeyField, block.mac)
      : aesCbcDecrypt(keys.kbek, block.encryptedKeyField, block.mac);
  try {
    const expected = keyBlockMac(version, keys.kbak, block.headerText, keyField);
    if (!timingSafeEqual(expected, block.mac)) fail('key block MAC does not verify');
    const bits = keyField.readUInt16BE(0);
    if (bits === 0 || bits % 8 !== 0 || bits / 8 > keyField.length - 2) {
      fail(
        `the key length in the key block (${bits} bits) does not fit its ${keyField.length - 2}-byte key field`,
      );
    }
    return {
      header: block.header,
      key: Buffer.from(keyField.subarray(2, 2 + bits / 8)),
      pad: Buffer.from(keyField.subarray(2 + bits / 8)),
    };
  } finally {
    keyField.fill(0);
  }
}

/**
 * Builds a key block: header, then the key field (length in bits, key, pad) encrypted under KBEK
 * with the MAC as IV, then the MAC. The pad is random unless given (tests rebuilding a published
 * block); it brings the key field to whole cipher blocks.
 */
export function sealKeyBlock(
  header: KeyBlockHeader,
  key: Uint8Array,
  keys: KeyBlockKeys,
  pad?: Uint8Array,
): string {
  checkHeaderFields(header);
  const { version } = header;
  const blockSize = keyBlockCipherBlock[version];
  if (key.length === 0 || key.length > 0xfff)
    fail(`a key in a key block must be 1 to 4095 bytes, got ${key.length}`);
  const padLength = pad?.length ?? (blockSize - ((2 + key.length) % blockSize)) % blockSize;
  const keyFieldLength = 2 + key.length + padLength;
  if (keyFieldLength % blockSize !== 0) {
    fail(
      `the key field of a version ${version} key block must be whole ${blockSize}-byte blocks, got ${keyFieldLength}`,
    );
  }
  const totalLength = keyBlockHeaderLength(header) + 2 * (keyFieldLength + macLength[version]);
  const headerText = buildKeyBlockHeader(header, totalLength);
  const lengthField = Buffer.alloc(2);
  lengthField.writeUInt16BE(key.length * 8);
  const keyField = concat(lengthField, key, pad ?? randomBytes(padLength));
  try {
    const mac = keyBlockMac(version, keys.kbak, headerText, keyField);
    const encrypted =
      version === 'B' ? tdesCbcEncrypt(keys.kbek, keyField, mac) : aesCbcEncrypt(keys.kbek, keyField, mac);
    return `${headerText}${toHex(encrypted)}${toHex(mac)}`;
  } finally {
    keyField.fill(0);
  }
}

/** Decrypts a key block with a clear KBPK. */
export function decryptKeyBlock(kbpk: Uint8Array, text: string): OpenedKeyBlock {
  const block = parseKeyBlock(text);
  const keys = deriveKeyBlockKeys(block.header.version, kbpk);
  try {
    return openKeyBlock(block, keys);
  } finally {
    keys.kbek.fill(0);
    keys.kbak.fill(0);
  }
}

/** Encrypts a key into a key block with a clear KBPK. */
export function encryptKeyBlock(
  kbpk: Uint8Array,
  header: KeyBlockHeader,
  key: Uint8Array,
  pad?: Uint8Array,
): string {
  const keys = deriveKeyBlockKeys(header.version, kbpk);
  try {
    return sealKeyBlock(header, key, keys, pad);
  } finally {
    keys.kbek.fill(0);
    keys.kbak.fill(0);
  }
}
