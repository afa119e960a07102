/**
 * The one BER-TLV codec of the EMV core (EMV 4.4 Book 3 Annex B). Tags are upper-case hex strings
 * ("9F27"), values are bytes. Decoding keeps each object's offset so an error, or a caller, can point
 * at the exact byte of a record or a response.
 */

import { concat, fromHex, toHex } from '../bytes';

export type TlvErrorCode = 'truncated' | 'bad-length' | 'bad-tag';

/** A malformed TLV stream; `offset` is the absolute byte offset of the faulty field. */
export class TlvError extends RangeError {
  readonly code: TlvErrorCode;
  readonly offset: number;

  constructor(code: TlvErrorCode, offset: number, message: string) {
    super(message);
    this.name = 'TlvError';
    this.code = code;
    this.offset = offset;
  }
}

export interface TlvNode {
  /** Upper-case hex, e.g. "9F4B". */
  tag: string;
  /** Bit 6 of the first tag byte (Book 3 B1): the value is itself a TLV list. */
  constructed: boolean;
  value: Buffer;
  /** Decoded value of a constructed object; absent for primitive objects. */
  children?: TlvNode[];
  /** Absolute offset of the first tag byte in the decoded input. */
  offset: number;
  /** The object exactly as it was encoded (tag, length and value), for hashes over received data. */
  raw: Buffer;
}

export interface TlvDecodeOptions {
  /** Decode constructed values into `children` (default true). */
  nested?: boolean;
}

/** Bytes that Book 3 Annex B allows before, between and after TLV objects, without meaning. */
function isPadding(byte: number): boolean {
  return byte === 0x00 || byte === 0xff;
}

interface Header {
  tag: string;
  constructed: boolean;
  length: number;
  valueOffset: number;
}

/**
 * Reads the tag at `start` (Book 3 B1: low five bits all set means the tag continues while bit 8 of
 * the next byte is set). Shared with the DOL parser so both read tags the same way.
 */
export function readTag(bytes: Uint8Array, start: number, end = bytes.length): { tag: string; next: number } {
  let pos = start;
  const first = bytes[pos]!;
  pos += 1;
  if ((first & 0x1f) === 0x1f) {
    for (;;) {
      if (pos >= end) {
        throw new TlvError(
          'truncated',
          start,
          `TLV truncated at offset ${start}: tag continues past the end of the data`,
        );
      }
      const next = bytes[pos]!;
      pos += 1;
      if ((next & 0x80) === 0) break;
      if (pos - start >= 4) {
        throw new TlvError(
          'bad-tag',
          start,
          `tag at offset ${start} is longer than 4 bytes, which EMV does not use`,
        );
      }
    }
  }
  return { tag: toHex(bytes.subarray(start, pos)), next: pos };
}

function readHeader(bytes: Uint8Array, start: number, end: number): Header {
  const first = bytes[start]!;
  const { tag, next } = readTag(bytes, start, end);
  let pos = next;
  if (pos >= end) {
    throw new TlvError('truncated', pos, `TLV truncated at offset ${pos}: tag ${tag} has no length field`);
  }
  const lengthOffset = pos;
  const lengthByte = bytes[pos]!;
  pos += 1;
  let length: number;
  if (lengthByte < 0x80) {
    length = lengthByte;
  } else {
    const count = lengthByte & 0x7f;
    if (count === 0) {
      throw new TlvError(
        'bad-length',
        lengthOffset,
        `length of tag ${tag} at offset ${lengthOffset} is 0x80 (indefinite form), which EMV does not allow`,
      );
    }
    // Book 3 B2: a length field has at most three subsequent bytes (0x81, 0x82, 0x83).
    if (count > 3) {
      throw new TlvError(
        'bad-length',
        lengthOffset,
        `length of tag ${tag} at offset ${lengthOffset} is 0x${hexByte(lengthByte)}: EMV allows at most 3 subsequent length bytes`,
      );
    }
    if (pos + count > end) {
      throw new TlvError(
        'truncated',
        lengthOffset,
        `TLV truncated at offset ${lengthOffset}: length field of tag ${tag} needs ${count + 1} bytes, ${end - lengthOffset} remain`,
      );
    }
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[pos + i]!;
    pos += count;
  }
  return { tag, constructed: (first & 0x20) !== 0, length, valueOffset: pos };
}

function hexByte(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}

function decodeRange(bytes: Buffer, start: number, end: number, nested: boolean): TlvNode[] {
  const nodes: TlvNode[] = [];
  let pos = start;
  while (pos < end) {
    if (isPadding(bytes[pos]!)) {
      pos += 1;
      continue;
    }
    const header = readHeader(bytes, pos, end);
    const remaining = end - header.valueOffset;
    if (header.length > remaining) {
      throw new TlvError(
        'truncated',
        pos,
        `TLV truncated at offset ${pos}: length of tag ${header.tag} says ${header.length} bytes, ${remaining} remain`,
      );
    }
    const valueEnd = header.valueOffset + header.length;
    const node: TlvNode = {
      tag: header.tag,
      constructed: header.constructed,
      value: bytes.subarray(header.valueOffset, valueEnd),
      offset: pos,
      raw: bytes.subarray(pos, valueEnd),
    };
    if (header.constructed && nested) {
      node.children = decodeRange(bytes, header.valueOffset, valueEnd, nested);
    }
    nodes.push(node);
    pos = valueEnd;
  }
  return nodes;
}

/**
 * Decodes a BER-TLV list (Book 3 Annex B) into a tree. 00 and FF bytes between objects are skipped
 * as padding (B1). Errors carry the absolute byte offset of the faulty field.
 */
export function decodeTlv(input: Uint8Array | string, options: TlvDecodeOptions = {}): TlvNode[] {
  const bytes = typeof input === 'string' ? fromHex(input, 'TLV data') : Buffer.from(input);
  return decodeRange(bytes, 0, bytes.length, options.nested ?? true);
}

/** Encodes a length field in the shortest form (Book 3 B2: 1 to 4 bytes, up to 0xFFFFFF). */
export function encodeTlvLength(length: number): Buffer {
  if (!Number.isInteger(length) || length < 0) {
    throw new RangeError(`TLV length must be a non-negative integer, got ${length}`);
  }
  if (length < 0x80) return Buffer.from([length]);
  if (length <= 0xff) return Buffer.from([0x81, length]);
  if (length <= 0xffff) return Buffer.from([0x82, length >> 8, length & 0xff]);
  if (length <= 0xffffff) {
    return Buffer.from([0x83, length >> 16, (length >> 8) & 0xff, length & 0xff]);
  }
  throw new RangeError(`TLV length ${length} does not fit in the 3 length bytes EMV allows`);
}

/** Validates a tag's encoding (Book 3 B1) and returns its bytes. */
export function encodeTag(tag: string): Buffer {
  const bytes = fromHex(tag, `tag "${tag}"`);
  if (bytes.length === 0 || bytes.length > 4) {
    throw new RangeError(`tag "${tag}" must be 1 to 4 bytes`);
  }
  const multiByte = (bytes[0]! & 0x1f) === 0x1f;
  for (let i = 1; i < bytes.length; i++) {
    const last = i === bytes.length - 1;
    if (!multiByte || ((bytes[i]! & 0x80) === 0) !== last) {
      throw new RangeError(`tag "${tag}" is not a valid BER-TLV tag`);
    }
  }
  if (multiByte && bytes.length === 1) {
    throw new RangeError(`tag "${tag}" announces a subsequent tag byte but has none`);
  }
  return bytes;
}

/** Whether a tag denotes a constructed object: bit 6 of its first byte (Book 3 B1). */
export function isConstructedTag(tag: string): boolean {
  return (encodeTag(tag)[0]! & 0x20) !== 0;
}

/** Encodes one object with the minimal length encoding (Book 3 B2). */
export function encodeTlv(tag: string, value: Uint8Array): Buffer {
  return concat(encodeTag(tag), encodeTlvLength(value.length), value);
}

/** Input for `encodeTlvTree`: a constructed object's value comes from its children when given. */
export interface TlvInput {
  tag: string;
  value?: Uint8Array;
  children?: readonly TlvInput[];
}

/**
 * Encodes a list of objects, building constructed values from their children (Book 3 Annex B).
 * A node that has both uses its children, so a decoded and edited tree re-encodes as edited.
 */
export function encodeTlvTree(nodes: readonly TlvInput[]): Buffer {
  return concat(
    ...nodes.map((node) => {
      if (node.children) {
        if (!isConstructedTag(node.tag)) {
          throw new RangeError(`tag ${node.tag} is primitive and cannot have children`);
        }
        return encodeTlv(node.tag, encodeTlvTree(node.children));
      }
      return encodeTlv(node.tag, node.value ?? Buffer.alloc(0));
    }),
  );
}

/** First object with `tag`, searched depth first through constructed objects (Book 3 Annex B). */
export function findTag(nodes: readonly TlvNode[], tag: string): TlvNode | undefined {
  const wanted = tag.toUpperCase();
  for (const node of nodes) {
    if (node.tag === wanted) return node;
    if (node.children) {
      const found = findTag(node.children, wanted);
      if (found) return found;
    }
  }
  return undefined;
}
