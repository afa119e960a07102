/**
 * Translation of a cardholder PIN from the issuer's input zone (ISO 9564-1:2017 formats 0, 3 and 4)
 * into the plaintext PIN block a card stores for offline PIN verification: ISO 9564-1:2017 9.3.3
 * format 2 (control 2, PIN length, PIN, F fill), the block EMV 4.4 Book 3 10.5.1 compares a
 * VERIFY command with and that EMV CPS 1.1 carries, enciphered, in DGI 8010.
 *
 * The PIN is handled as nibbles in a buffer the caller zeroes, never as a string, and no message
 * names it.
 */
import { requireLength, xor } from '../bytes';
import { panFieldFormat0 } from './pin-block';

/** The formats an issuer may send PINs in; format 1 is not bound to a PAN and is not accepted. */
export type IssuerPinBlockFormat = 0 | 3 | 4;

/** A clear PIN block that does not hold a PIN of the expected format for the card's PAN. */
export class PinBlockRefused extends RangeError {}

function nibble(bytes: Uint8Array, index: number): number {
  const byte = bytes[index >> 1]!;
  return index % 2 === 0 ? byte >> 4 : byte & 0x0f;
}

function setNibble(bytes: Buffer, index: number, value: number): void {
  const byte = bytes[index >> 1]!;
  bytes[index >> 1] = index % 2 === 0 ? (byte & 0x0f) | (value << 4) : (byte & 0xf0) | value;
}

/** Fill digits of the PIN field (ISO 9564-1:2017 9.3.1, 9.3.4, 9.3.5): F, then random A-F, then A. */
const fillAllowed: Record<IssuerPinBlockFormat, (digit: number) => boolean> = {
  0: (digit) => digit === 0xf,
  3: (digit) => digit >= 0xa,
  4: (digit) => digit === 0xa,
};

/**
 * The plain-text PIN field of a clear format 0 or 3 PIN block: the block XOR the PAN field
 * (ISO 9564-1:2017 9.3.1 and 9.3.4; both use the 12 rightmost PAN digits before the check digit).
 */
export function pinFieldOfIso0Or3Block(clearPinBlock: Uint8Array, pan: string): Buffer {
  requireLength(clearPinBlock, [8], 'format 0 or 3 PIN block');
  return xor(clearPinBlock, panFieldFormat0(pan));
}

/**
 * The card's format 2 PIN block from the plain-text PIN field of a format 0, 3 or 4 block (for
 * format 4, the first 8 of its 16 bytes). The field is checked first: control nibble, PIN length 4
 * to 12, decimal PIN digits and the format's fill. With the wrong PAN or key the field is noise, so
 * the fill (or, for format 4, the control nibble) is what gives a wrong binding away.
 */
export function iso2PinBlockFromPinField(pinField: Uint8Array, format: IssuerPinBlockFormat): Buffer {
  requireLength(pinField, format === 4 ? [16] : [8], `format ${format} PIN field`);
  if (nibble(pinField, 0) !== format) throw new PinBlockRefused(`the PIN block is not format ${format}`);
  const length = nibble(pinField, 1);
  let valid = length >= 4 && length <= 12;
  for (let i = 2; i < 16 && valid; i++) {
    valid = i < 2 + length ? nibble(pinField, i) <= 9 : fillAllowed[format](nibble(pinField, i));
  }
  if (!valid) {
    throw new PinBlockRefused(
      'the PIN block does not hold a PIN bound to this PAN: wrong PAN, or enciphered under another key',
    );
  }
  // ISO 9564-1:2017 9.3.3: control field 2, then the same length and PIN, fill F.
  const block = Buffer.from(pinField.subarray(0, 8));
  setNibble(block, 0, 2);
  for (let i = 2 + length; i < 16; i++) setNibble(block, i, 0xf);
  return block;
}
