/**
 * The card's RSA signature with the ICC private key it was personalized with, as CPS loads it: the
 * Chinese Remainder Theorem constants of DGIs 8201-8205 (EMV CPS v1.1 Annex A; PKCS #1 v2.2 5.1.2
 * RSADP with the CRT representation). Signing a block that already carries the EMV header, padding and
 * trailer gives the Signed Dynamic Application Data of EMV 4.4 Book 2 6.5.1 and 6.6.1.
 */
import { bigIntToBytes, bytesToBigInt, modPow } from '../certificates/rsa';
import { dynamicDataToSign } from '../certificates/dynamic-data';
import type { CrtPrivateKey } from './application-data';

/** s = m2 + q * (qInv * (m1 - m2) mod p), with m1 = m^dp mod p and m2 = m^dq mod q. */
export function signWithCrtKey(block: Uint8Array, key: CrtPrivateKey): Buffer {
  const m = bytesToBigInt(block);
  const m1 = modPow(m, key.dp, key.p);
  const m2 = modPow(m, key.dq, key.q);
  const h = (((m1 - m2) % key.p) + key.p) % key.p;
  const s = m2 + key.q * ((key.qInv * h) % key.p);
  return bigIntToBytes(s, key.modulusLength);
}

/** Signed Dynamic Application Data for DDA or CDA (Book 2 Table 17) over `terminalData`. */
export function signDynamicApplicationData(
  iccDynamicData: Uint8Array,
  terminalData: Uint8Array,
  key: CrtPrivateKey,
): Buffer {
  return signWithCrtKey(dynamicDataToSign(iccDynamicData, terminalData, key.modulusLength), key);
}
