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

/**
 * Whether a certificate expiring `expiry` outlives one expiring `limit` (both MMYY, as text or 2 bytes
 * of BCD): EMV 4.4 Book 2 6.3 / 6.4 step 9, an ICC Public Key Certificate is recovered with the issuer
 * public key and each certificate's expiry is checked against the transaction date, so an ICC
 * certificate expiring after the Issuer Public Key Certificate fails offline data authentication
 * from the month after the issuer certificate's expiry.
 */
export function expiresAfter(expiry: string | Uint8Array, limit: string | Uint8Array): boolean {
  const mmyy = (date: string | Uint8Array) => (typeof date === 'string' ? date : toHex(date));
  return expiryMonth(mmyy(expiry)) > expiryMonth(mmyy(limit));
}

const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** An MMYY date as people read it, with the same century rule: '1230' gives 'December 2030'. */
export function expiryInWords(expiry: string | Uint8Array): string {
  const month = expiryMonth(typeof expiry === 'string' ? expiry : toHex(expiry));
  return `${monthNames[month % 12]!} ${Math.floor(month / 12)}`;
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
