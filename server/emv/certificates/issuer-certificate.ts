/**
 * Issuer Public Key Certificate (tag 90), its remainder (92) and exponent (9F32), signed by the
 * payment system's certification authority (EMV 4.4 Book 2 section 5.3, Table 6).
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

export const ISSUER_CERTIFICATE_FORMAT = 0x02;
/** Header, format to exponent length (14), hash and trailer: Table 6 without field 10. */
const ISSUER_CERTIFICATE_OVERHEAD = 36;
const NAME = 'issuer certificate';

export interface IssuerCertificateFields {
  /** Leftmost 3 to 8 PAN digits, padded on the right with F to 4 bytes (Table 6 field 3). */
  issuerIdentifier: Uint8Array;
  /** MMYY, BCD. */
  expiry: Uint8Array;
  /** Certificate serial number, unique per CA key, 3 bytes. */
  serial: Uint8Array;
  issuerPublicKey: RsaPublicKey;
}

export interface IssuerCertificate {
  /** Tag 90. */
  certificate: Buffer;
  /** Tag 92; empty when the issuer key fits in the certificate. */
  remainder: Buffer;
  /** Tag 9F32. */
  exponent: Buffer;
}

export interface RecoveredIssuerCertificate {
  issuerIdentifier: Buffer;
  expiry: Buffer;
  serial: Buffer;
  hashAlgorithm: number;
  publicKeyAlgorithm: number;
  /** Whole issuer modulus: the certificate's part followed by the remainder. */
  issuerModulus: Buffer;
  /** Hash Result as recovered from the certificate. */
  hash: Buffer;
  /** Hash the verifier computes over the recovered fields, remainder and exponent. */
  computedHash: Buffer;
  /** Book 2 5.3 step 7. */
  hashOk: boolean;
}

/** The Issuer Identifier for a PAN: its leftmost 3 to 8 digits padded with F (Book 2 Table 6). */
export function issuerIdentifierFromPan(pan: string, digits = 6): Buffer {
  if (!/^\d{12,19}$/.test(pan)) throw new RangeError('PAN must be 12 to 19 decimal digits');
  if (!Number.isInteger(digits) || digits < 3 || digits > 8) {
    throw new RangeError(`issuer identifier must take 3 to 8 PAN digits, got ${digits}`);
  }
  return Buffer.from(pan.slice(0, digits).padEnd(8, 'F'), 'hex');
}

function requireIssuerIdentifier(issuerIdentifier: Uint8Array): void {
  const hex = toHex(issuerIdentifier);
  if (issuerIdentifier.length !== 4 || !/^\d{3,8}F*$/.test(hex)) {
    throw new RangeError(
      `issuer identifier must be 3 to 8 PAN digits padded with F to 4 bytes, got ${hex || 'nothing'}`,
    );
  }
}

/** Table 6 fields 2 to 9: what precedes the issuer key in the certificate and in the hash input. */
function fieldsBeforeKey(fields: IssuerCertificateFields): Buffer {
  return concat(
    Buffer.from([ISSUER_CERTIFICATE_FORMAT]),
    fields.issuerIdentifier,
    fields.expiry,
    fields.serial,
    Buffer.from([
      HASH_ALGORITHM_SHA1,
      PUBLIC_KEY_ALGORITHM_RSA,
      fields.issuerPublicKey.modulus.length,
      fields.issuerPublicKey.exponent.length,
    ]),
  );
}

/**
 * The unsigned certificate (Table 6) and the remainder, ready for the CA to sign; exposed so an HSM
 * can sign the very same block (Book 2 5.3).
 */
export function issuerCertificateData(
  fields: IssuerCertificateFields,
  caModulusLength: number,
): { data: Buffer; remainder: Buffer } {
  requireIssuerIdentifier(fields.issuerIdentifier);
  requireExpiry(fields.expiry, 'issuer certificate expiry');
  requireSerial(fields.serial, 'issuer certificate serial number');
  requireCertifiableKey(fields.issuerPublicKey, 'issuer public key');
  // Book 2 5.1: the issuer key may not be longer than the CA key that certifies it.
  if (fields.issuerPublicKey.modulus.length > caModulusLength) {
    throw new RangeError(
      `issuer public key (${fields.issuerPublicKey.modulus.length} bytes) must not be longer than the CA public key (${caModulusLength} bytes)`,
    );
  }
  const { inCertificate, remainder } = splitModulus(
    fields.issuerPublicKey.modulus,
    caModulusLength - ISSUER_CERTIFICATE_OVERHEAD,
  );
  const body = concat(fieldsBeforeKey(fields), inCertificate);
  // Book 2 5.3 step 5: the hash covers fields 2 to 10, then the remainder, then the exponent.
  const hash = sha1(body, remainder, fields.issuerPublicKey.exponent);
  return { data: frame(body, hash), remainder };
}

/** Builds and signs an Issuer Public Key Certificate with the CA private key (Book 2 5.3, Table 6). */
export function buildIssuerCertificate(
  fields: IssuerCertificateFields,
  caKey: RsaPrivateKey,
): IssuerCertificate {
  const { data, remainder } = issuerCertificateData(fields, caKey.modulus.length);
  return {
    certificate: rsaSign(data, caKey, 'issuer certificate data', 'CA private key'),
    remainder,
    exponent: Buffer.from(fields.issuerPublicKey.exponent),
  };
}

/**
 * Recovers an Issuer Public Key Certificate with the CA public key and verifies it as a terminal does
 * (Book 2 5.3 steps 1 to 7 and 11). Structural failures throw a CertificateError; a wrong hash is
 * reported in `hashOk` so the recovered fields can still be shown. Steps 8 to 10 (PAN match, expiry,
 * revocation) depend on the transaction and are left to the caller.
 */
export function recoverIssuerCertificate(
  certificate: Uint8Array,
  caKey: RsaPublicKey,
  remainder: Uint8Array,
  issuerExponent: Uint8Array,
): RecoveredIssuerCertificate {
  const recovered = recoverFramed(
    certificate,
    caKey,
    ISSUER_CERTIFICATE_FORMAT,
    ISSUER_CERTIFICATE_OVERHEAD,
    NAME,
    'CA public key',
  );
  const hashAlgorithm = recovered[11]!;
  const publicKeyAlgorithm = recovered[12]!;
  const keyLength = recovered[13]!;
  const exponentLength = recovered[14]!;
  requireSha1(hashAlgorithm, NAME);
  requireRsa(publicKeyAlgorithm, NAME);
  if (exponentLength !== issuerExponent.length) {
    throw new CertificateError(
      'exponent',
      `${NAME}: recovered exponent length is ${exponentLength}, but the issuer public key exponent is ${issuerExponent.length} bytes`,
    );
  }
  const hashOffset = recovered.length - 1 - SHA1_LENGTH;
  const body = recovered.subarray(1, hashOffset);
  const issuerModulus = joinModulus(
    recovered.subarray(15, hashOffset),
    remainder,
    keyLength,
    NAME,
    'issuer public key',
  );
  const hash = recovered.subarray(hashOffset, hashOffset + SHA1_LENGTH);
  const computedHash = sha1(body, remainder, issuerExponent);
  return {
    issuerIdentifier: recovered.subarray(2, 6),
    expiry: recovered.subarray(6, 8),
    serial: recovered.subarray(8, 11),
    hashAlgorithm,
    publicKeyAlgorithm,
    issuerModulus,
    hash,
    computedHash,
    hashOk: computedHash.equals(hash),
  };
}
