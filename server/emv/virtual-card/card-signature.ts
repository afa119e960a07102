/**
 * The card's RSA signature with the ICC private key it was personalized with, as CPS loads it: the
 * Chinese Remainder Theorem constants of DGIs 8201-8205 (EMV CPS v1.1 Annex A; PKCS #1 v2.2 5.1.2
 * RSADP with the CRT representation), or modulus and private exponent (RSADP with (n, d)). Signing a
 * block that already carries the EMV header, padding and trailer gives the Signed Dynamic Application
 * Data of EMV 4.4 Book 2 6.5.1 and 6.6.1.
 */
import { bigIntToBytes, bytesToBigInt, modPow } from '../certificates/rsa';
import { dynamicDataToSign } from '../certificates/dynamic-data';
import type { CrtPrivateKey, IccPrivateKey, ModulusExponentPrivateKey } from './application-data';

function isCrtKey(key: IccPrivateKey): key is CrtPrivateKey {
  return 'qInv' in key;
}

/**
 * A card signs only with CRT constants that belong together: q * qInv = 1 mod p, and one public
 * exponent e (3 or 65537, Book 2 6.1) with e * dp = 1 mod (p - 1) and e * dq = 1 mod (q - 1).
 * Signing with a dp or dq that does not fit would publish m^x mod p for an unknown x: a fault that
 * reveals x (or the key) to whoever chose p, so such a key is refused, as real cards check it.
 */
export function crtKeyProblem(key: CrtPrivateKey): string | undefined {
  if (key.p < 3n || key.q < 3n || (key.q * key.qInv) % key.p !== 1n) {
    return 'the ICC private key components do not fit together (q * qInv is not 1 mod p)';
  }
  const fits = [3n, 65537n].some(
    (e) => (e * key.dp) % (key.p - 1n) === 1n && (e * key.dq) % (key.q - 1n) === 1n,
  );
  return fits
    ? undefined
    : 'the ICC private key components do not fit together (d mod p-1 or d mod q-1 does not match p, q and the exponent)';
}

/** s = m2 + q * (qInv * (m1 - m2) mod p), with m1 = m^dp mod p and m2 = m^dq mod q. */
export function signWithCrtKey(block: Uint8Array, key: CrtPrivateKey): Buffer {
  const m = bytesToBigInt(block);
  const m1 = modPow(m, key.dp, key.p);
  const m2 = modPow(m, key.dq, key.q);
  const h = (((m1 - m2) % key.p) + key.p) % key.p;
  const s = m2 + key.q * ((key.qInv * h) % key.p);
  return bigIntToBytes(s, key.modulusLength);
}

/**
 * A private exponent that belongs to the modulus for one public exponent e (3 or 65537, Book 2 6.1):
 * (2^e)^d = 2 mod n. A card signs with nothing else, as with CRT constants that do not fit.
 */
export function modulusExponentKeyProblem(key: ModulusExponentPrivateKey): string | undefined {
  const { modulus: n, privateExponent: d } = key;
  const fits = [3n, 65537n].some((e) => modPow(modPow(2n, e, n), d, n) === 2n);
  return fits
    ? undefined
    : 'the ICC private key does not fit together (the private exponent does not invert 3 or 65537 for this modulus)';
}

/** Why the card cannot sign with its ICC private key, in either form; undefined when it can. */
export function iccKeyProblem(key: IccPrivateKey): string | undefined {
  return isCrtKey(key) ? crtKeyProblem(key) : modulusExponentKeyProblem(key);
}

/** s = m^d mod n (PKCS #1 v2.2 5.1.2, first representation). */
export function signWithModulusExponentKey(block: Uint8Array, key: ModulusExponentPrivateKey): Buffer {
  return bigIntToBytes(modPow(bytesToBigInt(block), key.privateExponent, key.modulus), key.modulusLength);
}

export function signWithIccKey(block: Uint8Array, key: IccPrivateKey): Buffer {
  return isCrtKey(key) ? signWithCrtKey(block, key) : signWithModulusExponentKey(block, key);
}

/** Signed Dynamic Application Data for DDA or CDA (Book 2 Table 17) over `terminalData`. */
export function signDynamicApplicationData(
  iccDynamicData: Uint8Array,
  terminalData: Uint8Array,
  key: IccPrivateKey,
): Buffer {
  return signWithIccKey(dynamicDataToSign(iccDynamicData, terminalData, key.modulusLength), key);
}
