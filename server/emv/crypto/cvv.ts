/**
 * Card verification values of the magnetic stripe family: Visa CVV / Mastercard CVC (with the card's
 * service code), CVV2 / CVC2 (service code 000) and iCVV (service code 999, the value the chip's
 * track 2 equivalent data carries). One algorithm, three service codes.
 *
 * Source: the Visa CVV algorithm as IBM CCA implements it ("CVV Generate (CSNBCSG)", CCA Basic
 * Services Reference) and as payShield host command CW computes it:
 * 1. PAN || expiry (YYMM) || service code, right-padded with zeros to 32 digits, as two 8-byte blocks;
 * 2. block 1 encrypted under CVK A (single DES), XOR block 2, then encrypted under CVK A, decrypted
 *    under CVK B and encrypted under CVK A: that is ISO/IEC 9797-1 MAC algorithm 3 with K = CVK A,
 *    K' = CVK B over the 16 bytes;
 * 3. decimalisation: the result's digits 0-9 left to right, then its digits A-F minus 10; the CVV is
 *    the first three.
 */
import { requireLength } from '../bytes';
import { macAlgorithm3 } from './mac';

/** CVV2 / CVC2: the printed value, computed with service code 000. */
export const CVV2_SERVICE_CODE = '000';
/** iCVV: the chip's track 2 equivalent data, computed with service code 999 (Visa). */
export const ICVV_SERVICE_CODE = '999';

/** Messages never echo the PAN: it is cardholder data (PCI DSS 3.4). */
function requireCvvInputs(pan: string, expiry: string, serviceCode: string): void {
  if (!/^[0-9]*$/.test(pan)) throw new TypeError('PAN must contain decimal digits only');
  if (pan.length < 12 || pan.length > 19) {
    throw new RangeError(`PAN must be 12 to 19 digits, got ${pan.length}`);
  }
  // Not checked as a date: issuers compute with YYMM or MMYY, and verification must use the same.
  if (!/^[0-9]{4}$/.test(expiry)) throw new RangeError('expiry must be 4 decimal digits');
  if (!/^[0-9]{3}$/.test(serviceCode)) throw new RangeError('service code must be 3 decimal digits');
}

/** Step 1: PAN || expiry || service code, right-padded with zeros to 32 digits: two 8-byte blocks. */
export function cvvInputBlock(pan: string, expiry: string, serviceCode: string): Buffer {
  requireCvvInputs(pan, expiry, serviceCode);
  return Buffer.from(`${pan}${expiry}${serviceCode}`.padEnd(32, '0'), 'hex');
}

/** Step 3: the first three digits of the decimalised MAC. */
export function cvvFromMac(mac: Uint8Array): string {
  return decimalise(mac).slice(0, 3);
}

/** Digits 0-9 in order, then the letters A-F as 0-5, as every CVV and PVV decimalisation does. */
export function decimalise(block: Uint8Array): string {
  const nibbles = [...Buffer.from(block).toString('hex').toUpperCase()];
  const digits = nibbles.filter((c) => c <= '9');
  const letters = nibbles.filter((c) => c >= 'A').map((c) => String(c.charCodeAt(0) - 'A'.charCodeAt(0)));
  return [...digits, ...letters].join('');
}

/**
 * The 3-digit CVV of a card from a double-length CVK (CVK A || CVK B). `expiry` is YYMM; the same
 * format must be used to verify. Use CVV2_SERVICE_CODE or ICVV_SERVICE_CODE for CVV2 and iCVV.
 */
export function computeCvv(cvk: Uint8Array, pan: string, expiry: string, serviceCode: string): string {
  requireLength(cvk, [16], 'CVK');
  const block = cvvInputBlock(pan, expiry, serviceCode);
  const mac = macAlgorithm3(cvk, block, 1);
  try {
    return cvvFromMac(mac);
  } finally {
    block.fill(0);
    mac.fill(0);
  }
}
