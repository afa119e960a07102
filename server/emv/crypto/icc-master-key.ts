/**
 * ICC master key derivation from an issuer master key, PAN and PAN sequence number
 * (EMV 4.4 Book 2 Annex A1.4). The same derivation serves the AC, SMI and SMC master keys.
 */
import { createHash } from 'node:crypto';

import { concat, fromHex, requireLength, xor } from '../bytes';
import { adjustOddParity, tdesEcbEncrypt } from './des';

export type MasterKeyDerivationMethod = 'A' | 'B';

const ALL_ONES = Buffer.alloc(8, 0xff);

/** Messages never echo the PAN: it is cardholder data (PCI DSS 3.4). */
function requirePan(pan: string): void {
  if (!/^[0-9]*$/.test(pan)) throw new TypeError('PAN must contain decimal digits only');
  if (pan.length < 12 || pan.length > 19) {
    throw new RangeError(`PAN must be 12 to 19 digits, got ${pan.length}`);
  }
}

function requirePsn(psn: string): void {
  if (!/^[0-9]{2}$/.test(psn)) {
    throw new RangeError(`PAN sequence number must be 2 decimal digits, got "${psn}"`);
  }
}

/** EMV 4.4 Book 2 A1.4.1: the 16 rightmost digits of PAN || PSN, left-padded with zeros. */
function optionAY(pan: string, psn: string): Buffer {
  return fromHex((pan + psn).slice(-16).padStart(16, '0'));
}

/**
 * EMV 4.4 Book 2 A1.4.2 steps 2-4: SHA-1 over PAN || PSN (an odd count of digits gets a leading
 * zero), then decimalisation: the hash's decimal digits first, topped up with its letters A-F
 * read as 0-5, until 16 digits.
 */
function optionBY(pan: string, psn: string): Buffer {
  const digits = pan + psn;
  const hashed = createHash('sha1')
    .update(fromHex(digits.length % 2 === 0 ? digits : `0${digits}`))
    .digest('hex')
    .toUpperCase();
  const decimals = [...hashed].filter((c) => c >= '0' && c <= '9');
  const letters = [...hashed]
    .filter((c) => c >= 'A' && c <= 'F')
    .map((c) => String(c.charCodeAt(0) - 'A'.charCodeAt(0)));
  return fromHex([...decimals, ...letters].slice(0, 16).join(''));
}

/**
 * The 16-byte block Y || (Y xor FF..FF) of EMV 4.4 Book 2 A1.4.1 (Option A) or A1.4.2 (Option B):
 * TDES-ECB under the issuer master key, then odd parity, gives the ICC master key. This is the
 * only card-specific input an HSM needs, so the bridge builds it here and keeps the key inside.
 * Option B falls back to Option A for PANs of 16 digits or fewer, as A1.4.2 step 1 requires.
 */
export function iccMasterKeyDerivationData(
  pan: string,
  psn: string = '00',
  method: MasterKeyDerivationMethod = 'A',
): Buffer {
  requirePan(pan);
  requirePsn(psn);
  if (method !== 'A' && method !== 'B') {
    throw new RangeError(`ICC master key derivation method must be "A" or "B", got "${String(method)}"`);
  }
  const y = method === 'B' && pan.length > 16 ? optionBY(pan, psn) : optionAY(pan, psn);
  return concat(y, xor(y, ALL_ONES));
}

function deriveIccMasterKey(
  imk: Uint8Array,
  pan: string,
  psn: string,
  method: MasterKeyDerivationMethod,
): Buffer {
  requireLength(imk, [16], 'issuer master key');
  return adjustOddParity(tdesEcbEncrypt(imk, iccMasterKeyDerivationData(pan, psn, method)));
}

/** ICC master key, EMV 4.4 Book 2 A1.4.1 (Option A), for PANs of up to 16 digits and beyond. */
export function deriveIccMasterKeyOptionA(imk: Uint8Array, pan: string, psn: string = '00'): Buffer {
  return deriveIccMasterKey(imk, pan, psn, 'A');
}

/** ICC master key, EMV 4.4 Book 2 A1.4.2 (Option B), required by some schemes for 17-19 digit PANs. */
export function deriveIccMasterKeyOptionB(imk: Uint8Array, pan: string, psn: string = '00'): Buffer {
  return deriveIccMasterKey(imk, pan, psn, 'B');
}
