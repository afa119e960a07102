/**
 * The clear header of a TR-31 / ASC X9.143 key block: sixteen characters of fixed fields, then the
 * optional blocks (ASC X9.143:2022 6.2-6.3; ANSI X9 TR-31:2018 A.5). It travels in clear and is
 * bound to the key by the key block MAC, so everything here is text handling, no cryptography.
 *
 *   0     version ID            B (TDES KBPK, key derivation binding) or D (AES KBPK)
 *   1-4   key block length      decimal, the whole key block in characters
 *   5-6   key usage             e.g. E0, K0, P0 (X9.143 table 6)
 *   7     algorithm             A AES, D DES, E ECC, H HMAC, R RSA, S DSA, T TDES
 *   8     mode of use           B C D E G N S T V X Y (X9.143 table 8)
 *   9-10  key version number    00 = unused; "c" + digit = the block carries a key component
 *   11    exportability         E trusted export only, N none, S sensitive
 *   12-13 optional blocks       decimal count
 *   14-15 reserved              "00" (X9.143:2022 puts the key context in 14)
 */

export class KeyBlockError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyBlockError';
  }
}

export const keyBlockVersions = ['B', 'D'] as const;
export type KeyBlockVersion = (typeof keyBlockVersions)[number];

/** The block size of the KBPK's cipher: the header and the encrypted key are whole blocks of it. */
export const keyBlockCipherBlock: Record<KeyBlockVersion, number> = { B: 8, D: 16 };

export const keyBlockAlgorithms: Record<string, string> = {
  A: 'AES',
  D: 'DES',
  E: 'elliptic curve',
  H: 'HMAC',
  R: 'RSA',
  S: 'DSA',
  T: 'TDES',
};

export const modesOfUse: Record<string, string> = {
  B: 'encrypt and decrypt (wrap and unwrap)',
  C: 'MAC generate and verify',
  D: 'decrypt or unwrap only',
  E: 'encrypt or wrap only',
  G: 'MAC generate only',
  N: 'no special restrictions',
  S: 'signature only',
  T: 'sign and decrypt',
  V: 'verify only',
  X: 'key derivation',
  Y: 'create key variants',
};

export const exportabilities: Record<string, string> = {
  E: 'exportable under a KEK in a trusted key block only',
  N: 'not exportable',
  S: 'sensitive: exportable under a KEK in other forms too',
};

export interface OptionalBlock {
  /** Two alphanumeric characters, e.g. KS, KC, HM, PB (padding). */
  id: string;
  /** Printable ASCII. */
  data: string;
}

export interface KeyBlockHeader {
  version: KeyBlockVersion;
  usage: string;
  algorithm: string;
  modeOfUse: string;
  keyVersion: string;
  exportability: string;
  reserved: string;
  optionalBlocks: OptionalBlock[];
}

const printable = /^[\x20-\x7e]*$/;
const maxKeyBlockLength = 9999;

function fail(message: string): never {
  throw new KeyBlockError(message);
}

/** Checks each fixed field against X9.143's alphabet; the message names the field. */
export function checkHeaderFields(header: KeyBlockHeader): void {
  if (!keyBlockVersions.includes(header.version)) {
    fail(`key block version ${header.version} is not supported: use B (TDES KBPK) or D (AES KBPK)`);
  }
  if (!/^[0-9A-Z]{2}$/.test(header.usage)) fail(`key usage "${header.usage}" must be 2 characters A-Z 0-9`);
  if (!(header.algorithm in keyBlockAlgorithms)) {
    fail(`key algorithm "${header.algorithm}" is not one of ${Object.keys(keyBlockAlgorithms).join(' ')}`);
  }
  if (!(header.modeOfUse in modesOfUse)) {
    fail(`mode of use "${header.modeOfUse}" is not one of ${Object.keys(modesOfUse).join(' ')}`);
  }
  if (!/^[0-9A-Za-z]{2}$/.test(header.keyVersion)) {
    fail(`key version number "${header.keyVersion}" must be 2 characters`);
  }
  if (!(header.exportability in exportabilities)) {
    fail(`exportability "${header.exportability}" is not one of E N S`);
  }
  if (!/^[0-9A-Z]{2}$/.test(header.reserved))
    fail(`reserved field "${header.reserved}" must be 2 characters`);
}

/** The component number when the key version field says the block carries a key component ("c1"). */
export function keyComponentNumber(header: KeyBlockHeader): number | null {
  return header.keyVersion.startsWith('c') ? Number(header.keyVersion.slice(1)) : null;
}

function encodeOptionalBlock(block: OptionalBlock, index: number): string {
  if (!/^[0-9A-Z]{2}$/.test(block.id)) {
    fail(`optional block ${index + 1}: ID "${block.id}" must be 2 characters A-Z 0-9`);
  }
  if (!printable.test(block.data))
    fail(`optional block ${index + 1} (${block.id}): data must be printable ASCII`);
  const shortLength = 4 + block.data.length;
  if (shortLength <= 0xff) return `${block.id}${hex(shortLength, 2)}${block.data}`;
  // X9.143 6.3.1: length "00", then the byte count of the length ("02"), then the length, in hex.
  const longLength = 10 + block.data.length;
  return `${block.id}0002${hex(longLength, 4)}${block.data}`;
}

function hex(value: number, digits: number): string {
  return value.toString(16).toUpperCase().padStart(digits, '0');
}

/**
 * The header text for a key block of `totalLength` characters. A padding block (PB, filled with
 * "0") is appended when the header is not whole cipher blocks, as X9.143 6.3.2 requires.
 */
export function buildKeyBlockHeader(header: KeyBlockHeader, totalLength: number): string {
  checkHeaderFields(header);
  if (!Number.isInteger(totalLength) || totalLength < 16 || totalLength > maxKeyBlockLength) {
    fail(`a key block must be 16 to ${maxKeyBlockLength} characters, this one would be ${totalLength}`);
  }
  const blockSize = keyBlockCipherBlock[header.version];
  let blocks = header.optionalBlocks.map(encodeOptionalBlock).join('');
  let count = header.optionalBlocks.length;
  const unaligned = (16 + blocks.length) % blockSize;
  if (unaligned !== 0) {
    const padding = (blockSize - ((16 + blocks.length + 4) % blockSize)) % blockSize;
    blocks += encodeOptionalBlock({ id: 'PB', data: '0'.repeat(padding) }, count);
    count += 1;
  }
  if (count > 99) fail(`a key block has at most 99 optional blocks, this one would have ${count}`);
  return [
    header.version,
    String(totalLength).padStart(4, '0'),
    header.usage,
    header.algorithm,
    header.modeOfUse,
    header.keyVersion,
    header.exportability,
    String(count).padStart(2, '0'),
    header.reserved,
    blocks,
  ].join('');
}

/** The length of the header `buildKeyBlockHeader` gives, which does not depend on the length field. */
export function keyBlockHeaderLength(header: KeyBlockHeader): number {
  return buildKeyBlockHeader(header, 9999).length;
}

/**
 * Parses the clear header at the start of a key block. Returns the fields, the optional blocks
 * (padding included, so the same header can be rebuilt byte for byte), the declared total length
 * and the header's length in characters.
 */
export function parseKeyBlockHeader(text: string): {
  header: KeyBlockHeader;
  declaredLength: number;
  headerLength: number;
} {
  if (text.length < 16) fail(`a key block header is at least 16 characters, got ${text.length}`);
  if (!printable.test(text)) fail('a key block must be printable ASCII');
  const lengthField = text.slice(1, 5);
  if (!/^\d{4}$/.test(lengthField)) fail(`key block length "${lengthField}" must be 4 digits`);
  const countField = text.slice(12, 14);
  if (!/^\d{2}$/.test(countField)) fail(`number of optional blocks "${countField}" must be 2 digits`);
  const header: KeyBlockHeader = {
    version: text[0] as KeyBlockVersion,
    usage: text.slice(5, 7),
    algorithm: text[7]!,
    modeOfUse: text[8]!,
    keyVersion: text.slice(9, 11),
    exportability: text[11]!,
    reserved: text.slice(14, 16),
    optionalBlocks: [],
  };
  checkHeaderFields(header);

  let at = 16;
  for (let index = 0; index < Number(countField); index++) {
    const where = `optional block ${index + 1}`;
    const id = text.slice(at, at + 2);
    if (!/^[0-9A-Z]{2}$/.test(id)) fail(`${where}: ID "${id}" must be 2 characters A-Z 0-9`);
    let length = hexField(text, at + 2, 2, `${where} (${id}): length`);
    let dataStart = at + 4;
    if (length === 0) {
      const lengthBytes = hexField(text, at + 4, 2, `${where} (${id}): length of length`);
      if (lengthBytes === 0) fail(`${where} (${id}): length of length must not be 0`);
      length = hexField(text, at + 6, lengthBytes * 2, `${where} (${id}): length`);
      dataStart = at + 6 + lengthBytes * 2;
    }
    if (at + length < dataStart) {
      fail(`${where} (${id}): length ${length} is shorter than its own ID and length fields`);
    }
    if (at + length > text.length)
      fail(`${where} (${id}): length ${length} runs past the end of the key block`);
    header.optionalBlocks.push({ id, data: text.slice(dataStart, at + length) });
    at += length;
  }
  return { header, declaredLength: Number(lengthField), headerLength: at };
}

function hexField(text: string, start: number, digits: number, name: string): number {
  const field = text.slice(start, start + digits);
  if (field.length !== digits || !/^[0-9A-Fa-f]+$/.test(field)) {
    fail(`${name} "${field}" must be ${digits} hexadecimal digits`);
  }
  return parseInt(field, 16);
}
