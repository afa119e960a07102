/**
 * ICC Public Key Certificate (tag 9F46, remainder 9F48, exponent 9F47) and ICC PIN Encipherment
 * Public Key Certificate (9F2D, 9F2F, 9F2E), both signed by the issuer (EMV 4.4 Book 2 sections 6.3
 * and 6.4, Table 14; section 7.1 for the PIN encipherment key, which uses the same layout but leaves
 * the static data out of the hash).
 */

import { concat, toHex } from '../bytes';
import {
  HASH_ALGORITHM_SHA1,
  PUBLIC_KEY_ALGORITHM_RSA,
  SHA1_LENGTH,
  frame,
  joinModulus,
  recoverFramed,
  requireCertifiableKey,
  requireExpiry,
  requireRsa,
  requireSerial,
  requireSha1,
  sha1,
  splitModulus,
} from './common';
import { CertificateError } from './errors';
import { rsaSign, type RsaPrivateKey, type RsaPublicKey } from './rsa';

export const ICC_CERTIFICATE_FORMAT = 0x04;
/** Table 14 without field 10: header, format to exponent length (20), hash and trailer. */
const ICC_CERTIFICATE_OVERHEAD = 42;
const KEY_OFFSET = 21;

export interface IccCertificateFields {
  /** Application PAN padded on the right with F to 10 bytes (Table 14 field 3). */
  pan: Uint8Array;
  /** MMYY, BCD. */
  expiry: Uint8Array;
  /** Certificate serial number, 3 bytes. */
  serial: Uint8Array;
  iccPublicKey: RsaPublicKey;
  /**
   * Static data to be authenticated (Book 3 10.3: the records flagged by the AFL, then the AIP tag
   * list). Leave it out for a PIN encipherment certificate.
   */
  staticData?: Uint8Array;
}

export interface IccCertificate {
  certificate: Buffer;
  /** Empty when the ICC key fits in the certificate. */
  remainder: Buffer;
  exponent: Buffer;
}

export interface RecoveredIccCertificate {
  pan: Buffer;
  expiry: Buffer;
  serial: Buffer;
  hashAlgorithm: number;
  publicKeyAlgorithm: number;
  iccModulus: Buffer;
  /** Hash Result as recovered from the certificate. */
  hash: Buffer;
  /** Absent when the static data was not given, so the hash could not be checked. */
  computedHash?: Buffer;
  /** Book 2 6.4 step 7; absent when the static data was not given. */
  hashOk?: boolean;
}

/** The Application PAN field: the PAN padded with F to 10 bytes (Book 2 Table 14 field 3). */
export function applicationPanField(pan: string): Buffer {
  if (!/^\d{12,19}$/.test(pan)) throw new RangeError('PAN must be 12 to 19 decimal digits');
  return Buffer.from(pan.padEnd(20, 'F'), 'hex');
}

function requirePanField(pan: Uint8Array): void {
  const hex = toHex(pan);
  if (pan.length !== 10 || !/^\d{12,19}F*$/.test(hex)) {
    throw new RangeError(
      `application PAN must be 12 to 19 digits padded with F to 10 bytes, got ${hex || 'nothing'}`,
    );
  }
}

type CertificateKind = { name: string; keyName: string };
const ICC_KIND: CertificateKind = { name: 'ICC certificate', keyName: 'ICC public key' };
const PIN_KIND: CertificateKind = {
  name: 'ICC PIN encipherment certificate',
  keyName: 'ICC PIN encipherment public key',
};

function certificateData(
  fields: IccCertificateFields,
  issuerModulusLength: number,
  kind: CertificateKind,
): { data: Buffer; remainder: Buffer } {
  requirePanField(fields.pan);
  requireExpiry(fields.expiry, `${kind.name} expiry`);
  requireSerial(fields.serial, `${kind.name} serial number`);
  requireCertifiableKey(fields.iccPublicKey, kind.keyName);
  // Book 2 6.1: the ICC key may not be longer than the issuer key that certifies it.
  if (fields.iccPublicKey.modulus.length > issuerModulusLength) {
    throw new RangeError(
      `${kind.keyName} (${fields.iccPublicKey.modulus.length} bytes) must not be longer than the issuer public key (${issuerModulusLength} bytes)`,
    );
  }
  const { inCertificate, remainder } = splitModulus(
    fields.iccPublicKey.modulus,
    issuerModulusLength - ICC_CERTIFICATE_OVERHEAD,
  );
  const body = concat(
    Buffer.from([ICC_CERTIFICATE_FORMAT]),
    fields.pan,
    fields.expiry,
    fields.serial,
    Buffer.from([
      HASH_ALGORITHM_SHA1,
      PUBLIC_KEY_ALGORITHM_RSA,
      fields.iccPublicKey.modulus.length,
      fields.iccPublicKey.exponent.length,
    ]),
    inCertificate,
  );
  // Book 2 6.4 step 5: fields 2 to 10, remainder, exponent, then the static data to be authenticated.
  const hash = sha1(body, remainder, fields.iccPublicKey.exponent, fields.staticData ?? Buffer.alloc(0));
  return { data: frame(body, hash), remainder };
}

/** The unsigned ICC certificate (Table 14) and remainder, for an HSM to sign (Book 2 6.3). */
export function iccCertificateData(
  fields: IccCertificateFields,
  issuerModulusLength: number,
): { data: Buffer; remainder: Buffer } {
  return certificateData(fields, issuerModulusLength, ICC_KIND);
}

/**
 * The unsigned ICC PIN Encipherment Public Key Certificate and remainder (Book 2 7.1: Table 14's layout
 * with no static data in the hash), for an HSM to sign.
 */
export function iccPinEnciphermentCertificateData(
  fields: Omit<IccCertificateFields, 'staticData'>,
  issuerModulusLength: number,
): { data: Buffer; remainder: Buffer } {
  return certificateData({ ...fields, staticData: Buffer.alloc(0) }, issuerModulusLength, PIN_KIND);
}

/** Builds and signs an ICC Public Key Certificate with the issuer private key (Book 2 6.3, Table 14). */
export function buildIccCertificate(fields: IccCertificateFields, issuerKey: RsaPrivateKey): IccCertificate {
  return sign(fields, issuerKey, ICC_KIND);
}

/**
 * Builds and signs an ICC PIN Encipherment Public Key Certificate (Book 2 7.1): Table 14's layout, with
 * no static data in the hash.
 */
export function buildIccPinEnciphermentCertificate(
  fields: Omit<IccCertificateFields, 'staticData'>,
  issuerKey: RsaPrivateKey,
): IccCertificate {
  return sign({ ...fields, staticData: Buffer.alloc(0) }, issuerKey, PIN_KIND);
}

function sign(fields: IccCertificateFields, issuerKey: RsaPrivateKey, kind: CertificateKind): IccCertificate {
  const { data, remainder } = certificateData(fields, issuerKey.modulus.length, kind);
  return {
    certificate: rsaSign(data, issuerKey, `${kind.name} data`, 'issuer private key'),
    remainder,
    exponent: Buffer.from(fields.iccPublicKey.exponent),
  };
}

function recover(
  certificate: Uint8Array,
  issuerKey: RsaPublicKey,
  remainder: Uint8Array,
  iccExponent: Uint8Array,
  staticData: Uint8Array | undefined,
  kind: CertificateKind,
): RecoveredIccCertificate {
  const recovered = recoverFramed(
    certificate,
    issuerKey,
    ICC_CERTIFICATE_FORMAT,
    ICC_CERTIFICATE_OVERHEAD,
    kind.name,
    'issuer public key',
  );
  const hashAlgorithm = recovered[17]!;
  const publicKeyAlgorithm = recovered[18]!;
  const keyLength = recovered[19]!;
  const exponentLength = recovered[20]!;
  requireSha1(hashAlgorithm, kind.name);
  requireRsa(publicKeyAlgorithm, kind.name);
  if (exponentLength !== iccExponent.length) {
    throw new CertificateError(
      'exponent',
      `${kind.name}: recovered exponent length is ${exponentLength}, but the ${kind.keyName} exponent is ${iccExponent.length} bytes`,
    );
  }
  const hashOffset = recovered.length - 1 - SHA1_LENGTH;
  const iccModulus = joinModulus(
    recovered.subarray(KEY_OFFSET, hashOffset),
    remainder,
    keyLength,
    kind.name,
    kind.keyName,
  );
  const hash = recovered.subarray(hashOffset, hashOffset + SHA1_LENGTH);
  const result: RecoveredIccCertificate = {
    pan: recovered.subarray(2, 12),
    expiry: recovered.subarray(12, 14),
    serial: recovered.subarray(14, 17),
    hashAlgorithm,
    publicKeyAlgorithm,
    iccModulus,
    hash,
  };
  if (staticData !== undefined) {
    const computedHash = sha1(recovered.subarray(1, hashOffset), remainder, iccExponent, staticData);
    result.computedHash = computedHash;
    result.hashOk = computedHash.equals(hash);
  }
  return result;
}

/**
 * Recovers an ICC Public Key Certificate with the issuer public key and verifies it (Book 2 6.4 steps
 * 1 to 7 and 11). Without `staticData` the hash cannot be checked and `hashOk` is absent; a wrong hash
 * is reported in `hashOk`, structural failures throw a CertificateError. Steps 8 and 9 (PAN, expiry)
 * are the caller's.
 */
export function recoverIccCertificate(
  certificate: Uint8Array,
  issuerKey: RsaPublicKey,
  remainder: Uint8Array,
  iccExponent: Uint8Array,
  staticData?: Uint8Array,
): RecoveredIccCertificate {
  return recover(certificate, issuerKey, remainder, iccExponent, staticData, ICC_KIND);
}

/** Recovers an ICC PIN Encipherment Public Key Certificate (Book 2 7.1): no static data in the hash. */
export function recoverIccPinEnciphermentCertificate(
  certificate: Uint8Array,
  issuerKey: RsaPublicKey,
  remainder: Uint8Array,
  exponent: Uint8Array,
): RecoveredIccCertificate {
  return recover(certificate, issuerKey, remainder, exponent, Buffer.alloc(0), PIN_KIND);
}
