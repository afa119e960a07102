/**
 * The checks a terminal makes on a recovered certificate besides the signature itself (EMV 4.4 Book 2
 * 5.3 steps 8 and 9 for the issuer certificate, 6.4 steps 8 and 9 for the ICC certificate), so that a
 * preparation system can make them before a card is issued with the certificate.
 */

import { toHex } from '../bytes';

/**
 * The calendar month through which an MMYY date is valid, as year * 12 + month - 1. Years 00-49 are
 * 2000-2049 and 50-99 are 1950-1999, the rule terminals apply to two-digit years (EMV 4.4 Book 4,
 * date management).
 */
function expiryMonth(mmyy: string): number {
  if (!/^(0[1-9]|1[0-2])\d{2}$/.test(mmyy)) {
    throw new RangeError(`expiry must be MMYY with a month from 01 to 12, got ${mmyy || 'nothing'}`);
  }
  const yy = Number(mmyy.slice(2));
  return (yy < 50 ? 2000 + yy : 1900 + yy) * 12 + Number(mmyy.slice(0, 2)) - 1;
}

/**
 * Whether a certificate with this expiry date (MMYY, as text or 2 bytes of BCD) has expired on `today`:
 * a certificate is valid through the last day of its expiry month (Book 2 5.3 step 9, 6.4 step 9).
 * `today` is read in UTC so the answer does not depend on the machine's time zone.
 */
export function isCertificateExpired(expiry: string | Uint8Array, today: Date): boolean {
  const mmyy = typeof expiry === 'string' ? expiry : toHex(expiry);
  return expiryMonth(mmyy) < today.getUTCFullYear() * 12 + today.getUTCMonth();
}

/** The digits of an Issuer Identifier field ('476173FF' gives '476173'), or null when it is malformed. */
export function issuerIdentifierDigits(field: Uint8Array): string | null {
  const match = /^(\d{3,8})F*$/.exec(toHex(field));
  return field.length === 4 && match ? match[1]! : null;
}

/**
 * Book 2 5.3 step 8: the Issuer Identifier matches the leftmost 3 to 8 digits of the application PAN
 * (the F padding matches anything).
 */
export function issuerIdentifierMatchesPan(field: Uint8Array, pan: string): boolean {
  const digits = issuerIdentifierDigits(field);
  return digits !== null && /^\d{12,19}$/.test(pan) && pan.startsWith(digits);
}
