/**
 * ISO 9564-1:2017 PIN blocks. Random fill is a parameter so the functions stay pure and testable;
 * callers must pass fresh random values in production.
 */
import { concat, fromHex, requireLength, toHex, xor } from '../bytes';
import { aesEcbDecrypt, aesEcbEncrypt, tdesEcbDecrypt } from './des';

/** Messages never echo a PIN or PAN: both are secrets or cardholder data. */
function requirePin(pin: string): void {
  if (!/^[0-9]*$/.test(pin)) throw new TypeError('PIN must contain decimal digits only');
  if (pin.length < 4 || pin.length > 12)
    throw new RangeError(`PIN must be 4 to 12 digits, got ${pin.length}`);
}

function requirePan(pan: string, min: number): void {
  if (!/^[0-9]*$/.test(pan)) throw new TypeError('PAN must contain decimal digits only');
  if (pan.length < min || pan.length > 19) {
    throw new RangeError(`PAN must be ${min} to 19 digits, got ${pan.length}`);
  }
}

function requireFill(fill: string, length: number, pattern: RegExp, what: string): void {
  if (fill.length !== length || !pattern.test(fill)) {
    throw new RangeError(`fill must be ${length} ${what} for this PIN length, got ${fill.length} characters`);
  }
}

/** Control nibble, PIN length nibble, PIN, then the fill (ISO 9564-1:2017 9.3.1-9.3.5 PIN field). */
function pinField(format: number, pin: string, fill: string): Buffer {
  return fromHex(`${format}${pin.length.toString(16)}${pin}${fill}`.toUpperCase());
}

/** PAN field of formats 0 and 3: 0000 and the 12 rightmost PAN digits before the check digit. */
export function panFieldFormat0(pan: string): Buffer {
  requirePan(pan, 1);
  return fromHex(`0000${pan.slice(0, -1).slice(-12).padStart(12, '0')}`);
}

/**
 * Reads PIN length and PIN back from a clear PIN field, checking the control nibble and the fill
 * (F for format 0, A for format 4): with the wrong PAN or key the fill is what gives it away.
 */
function readPinField(field: Buffer, format: 0 | 4): string {
  const digits = toHex(field);
  if (digits[0] !== String(format)) {
    throw new RangeError(`PIN block is not ISO format ${format} (control field ${digits[0]})`);
  }
  const length = parseInt(digits[1]!, 16);
  const pin = digits.slice(2, 2 + length);
  const fill = digits.slice(2 + length);
  const fillDigit = format === 0 ? 'F' : 'A';
  if (length < 4 || length > 12 || !/^[0-9]+$/.test(pin) || fill !== fillDigit.repeat(fill.length)) {
    throw new RangeError('PIN block does not hold a valid PIN: wrong key or wrong PAN');
  }
  return pin;
}

/** ISO 9564-1:2017 9.3.1 format 0: PIN field (F fill) xor PAN field. */
export function buildPinBlockIso0(pin: string, pan: string): Buffer {
  requirePin(pin);
  return xor(pinField(0, pin, 'F'.repeat(14 - pin.length)), panFieldFormat0(pan));
}

/** Recovers the PIN from a clear format 0 PIN block (ISO 9564-1:2017 9.3.1). */
export function parsePinBlockIso0(pinBlock: Uint8Array, pan: string): string {
  requireLength(pinBlock, [8], 'format 0 PIN block');
  return readPinField(xor(pinBlock, panFieldFormat0(pan)), 0);
}

/**
 * Deciphers a format 0 PIN block under a TDES PIN key (ISO 9564-1:2017 9.3.1), as a bridge does
 * when translating an issuer file. Returns the clear block too, for translation.
 */
export function decryptPinBlockIso0(
  key: Uint8Array,
  encryptedPinBlock: Uint8Array,
  pan: string,
): { pin: string; pinBlock: Buffer } {
  requireLength(key, [16, 24], 'PIN encryption key');
  requireLength(encryptedPinBlock, [8], 'encrypted PIN block');
  const pinBlock = tdesEcbDecrypt(key, encryptedPinBlock);
  return { pin: parsePinBlockIso0(pinBlock, pan), pinBlock };
}

/** ISO 9564-1:2017 9.3.2 format 1: no PAN; the fill is a transaction-unique hex value. */
export function buildPinBlockIso1(pin: string, fill: string): Buffer {
  requirePin(pin);
  requireFill(fill, 14 - pin.length, /^[0-9A-Fa-f]*$/, 'hexadecimal digits');
  return pinField(1, pin, fill);
}

/** ISO 9564-1:2017 9.3.4 format 3: as format 0 with a random A-F fill instead of F. */
export function buildPinBlockIso3(pin: string, pan: string, fill: string): Buffer {
  requirePin(pin);
  requireFill(fill, 14 - pin.length, /^[A-Fa-f]*$/, 'digits from A to F');
  return xor(pinField(3, pin, fill), panFieldFormat0(pan));
}

/**
 * Format 4 plain-text PIN field (ISO 9564-1:2017 9.3.5): 4, length, PIN, A fill to 16 digits,
 * then 8 random bytes.
 */
export function pinFieldIso4(pin: string, randomFill: Uint8Array): Buffer {
  requirePin(pin);
  requireLength(randomFill, [8], 'format 4 random fill');
  return concat(pinField(4, pin, 'A'.repeat(14 - pin.length)), randomFill);
}

/**
 * Format 4 PAN field (ISO 9564-1:2017 9.3.5): PAN length minus 12 (0 for shorter PANs, which
 * are left-padded to 12 digits), the PAN, then zeros to 32 digits.
 */
export function panFieldIso4(pan: string): Buffer {
  requirePan(pan, 1);
  const digits = pan.padStart(12, '0');
  return fromHex(`${digits.length - 12}${digits}`.padEnd(32, '0'));
}

/** Format 4 encipherment (ISO 9564-1:2017 9.3.5): AES(K, AES(K, PIN field) xor PAN field). */
export function encipherPinBlockIso4(
  key: Uint8Array,
  pin: string,
  pan: string,
  randomFill: Uint8Array,
): Buffer {
  requireLength(key, [16, 24, 32], 'PIN encryption key');
  const intermediate = aesEcbEncrypt(key, pinFieldIso4(pin, randomFill));
  return aesEcbEncrypt(key, xor(intermediate, panFieldIso4(pan)));
}

/** Format 4 decipherment (ISO 9564-1:2017 9.3.5), the reverse of encipherPinBlockIso4. */
export function decipherPinBlockIso4(
  key: Uint8Array,
  pinBlock: Uint8Array,
  pan: string,
): { pin: string; pinField: Buffer } {
  requireLength(key, [16, 24, 32], 'PIN encryption key');
  requireLength(pinBlock, [16], 'format 4 PIN block');
  const intermediate = xor(aesEcbDecrypt(key, pinBlock), panFieldIso4(pan));
  const field = aesEcbDecrypt(key, intermediate);
  return { pin: readPinField(field.subarray(0, 8), 4), pinField: field };
}
