/**
 * The Visa PIN Verification Value (PVV), the 4 digits a track's discretionary data carries so that
 * the issuer can verify a PIN without storing it.
 *
 * Source: the Visa PVV algorithm as IBM CCA documents it ("PVV generation algorithm", CCA Basic
 * Services Reference, Clear_PIN_Generate with VISA-PVV) and as payShield host command DG / console
 * command PV computes it, in the ISO 9564 / ANSI X9.8 context of PIN management:
 * 1. the transformed security parameter (TSP): the 11 rightmost PAN digits excluding the check digit
 *    || the PIN verification key index (PVKI, 1 digit) || the 4 leftmost PIN digits, 16 digits packed
 *    into one 8-byte block;
 * 2. the TSP is TDES-encrypted (ECB, E(A) D(B) E(A)) under the double-length PVK (PVK A || PVK B);
 * 3. decimalisation as for the CVV (cvv.ts): digits 0-9 left to right, then A-F minus 10; the PVV is
 *    the first four.
 */
import { requireLength } from '../bytes';
import { decimalise } from './cvv';
import { tdesEcbEncrypt } from './des';

/** Messages never echo the PAN or the PIN: cardholder data (PCI DSS 3.4) and a secret. */
function requirePvvInputs(pan: string, pvki: string, pin: string): void {
  if (!/^[0-9]*$/.test(pan)) throw new TypeError('PAN must contain decimal digits only');
  if (pan.length < 12 || pan.length > 19) {
    throw new RangeError(`PAN must be 12 to 19 digits, got ${pan.length}`);
  }
  if (!/^[0-9]$/.test(pvki)) throw new RangeError('PVKI must be 1 decimal digit, 0 to 9');
  // ISO 9564-1 PINs are 4 to 12 digits; the PVV takes the 4 leftmost.
  if (!/^[0-9]{4,12}$/.test(pin)) throw new RangeError('PIN must be 4 to 12 decimal digits');
}

/** Step 1: the TSP, 11 PAN digits left of the check digit || PVKI || 4 leftmost PIN digits. */
export function pvvTransformedSecurityParameter(pan: string, pvki: string, pin: string): Buffer {
  requirePvvInputs(pan, pvki, pin);
  return Buffer.from(`${pan.slice(-12, -1)}${pvki}${pin.slice(0, 4)}`, 'hex');
}

/**
 * Step 1 from the card's clear ISO 9564-1 format 2 PIN block (control 2, length, PIN, F fill), as the
 * bridge holds the PIN: the 4 leftmost PIN digits are bytes 1 and 2 of the block, so the PIN never
 * becomes a string. The caller zeroes both buffers.
 */
export function pvvTransformedSecurityParameterFromIso2Block(
  pan: string,
  pvki: string,
  iso2PinBlock: Uint8Array,
): Buffer {
  requireLength(iso2PinBlock, [8], 'format 2 PIN block');
  const length = iso2PinBlock[0]! & 0x0f;
  if (iso2PinBlock[0]! >> 4 !== 2 || length < 4 || length > 12) {
    throw new RangeError('the PIN block is not an ISO 9564-1 format 2 block of a 4 to 12 digit PIN');
  }
  requirePvvInputs(pan, pvki, '0000');
  const tsp = Buffer.from(`${pan.slice(-12, -1)}${pvki}0000`, 'hex');
  tsp[6] = iso2PinBlock[1]!;
  tsp[7] = iso2PinBlock[2]!;
  return tsp;
}

/** Step 3: the first four digits of the decimalised encrypted TSP. */
export function pvvFromEncryptedTsp(encrypted: Uint8Array): string {
  requireLength(encrypted, [8], 'encrypted TSP');
  return decimalise(encrypted).slice(0, 4);
}

/** The 4-digit PVV of a card's PIN under a double-length PVK (PVK A || PVK B). */
export function computePvv(pvk: Uint8Array, pan: string, pvki: string, pin: string): string {
  requireLength(pvk, [16], 'PVK');
  const tsp = pvvTransformedSecurityParameter(pan, pvki, pin);
  const encrypted = tdesEcbEncrypt(pvk, tsp);
  try {
    return pvvFromEncryptedTsp(encrypted);
  } finally {
    tsp.fill(0);
    encrypted.fill(0);
  }
}
