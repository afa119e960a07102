/**
 * Signed Static Application Data (tag 93) for SDA: the issuer signs the hash of the static data to be
 * authenticated together with a 2-byte Data Authentication Code (EMV 4.4 Book 2 sections 5.1.1 and
 * 5.4, Tables 3 and 7).
 */

import { concat, requireLength } from '../bytes';
import { HASH_ALGORITHM_SHA1, SHA1_LENGTH, frame, recoverFramed, requireSha1, sha1 } from './common';
import { rsaSign, type RsaPrivateKey, type RsaPublicKey } from './rsa';

export const SSAD_FORMAT = 0x03;
/** Header, format, hash algorithm, DAC, hash and trailer: everything but the BB padding. */
const SSAD_OVERHEAD = 26;
const NAME = 'signed static application data';

export interface RecoveredStaticData {
  hashAlgorithm: number;
  /** Data Authentication Code (tag 9F45 once recovered). */
  dac: Buffer;
  /** Hash Result as recovered. */
  hash: Buffer;
  /** Absent when the static data was not given, so the hash could not be checked. */
  computedHash?: Buffer;
  /** Book 2 5.4 step 7; absent when the static data was not given. */
  hashOk?: boolean;
}

/** The unsigned SSAD block (Table 3), for an HSM to sign with the issuer key (Book 2 5.1.1). */
export function staticDataToSign(
  dac: Uint8Array,
  staticData: Uint8Array,
  issuerModulusLength: number,
): Buffer {
  requireLength(dac, [2], 'data authentication code');
  if (issuerModulusLength <= SSAD_OVERHEAD) {
    throw new RangeError(`issuer public key must be longer than ${SSAD_OVERHEAD} bytes`);
  }
  const body = concat(
    Buffer.from([SSAD_FORMAT, HASH_ALGORITHM_SHA1]),
    dac,
    Buffer.alloc(issuerModulusLength - SSAD_OVERHEAD, 0xbb),
  );
  // Book 2 5.4 step 5: fields 2 to 5 (format to pad pattern), then the static data to be authenticated.
  return frame(body, sha1(body, staticData));
}

/** Signs static data to be authenticated with the issuer private key (Book 2 5.1.1, Table 3). */
export function signStaticData(dac: Uint8Array, staticData: Uint8Array, issuerKey: RsaPrivateKey): Buffer {
  const data = staticDataToSign(dac, staticData, issuerKey.modulus.length);
  return rsaSign(data, issuerKey, 'signed static application data block', 'issuer private key');
}

/**
 * Recovers Signed Static Application Data with the issuer public key and verifies it (Book 2 5.4 steps
 * 1 to 7). Structural failures throw a CertificateError; a wrong hash is reported in `hashOk`.
 */
export function recoverStaticData(
  ssad: Uint8Array,
  issuerKey: RsaPublicKey,
  staticData?: Uint8Array,
): RecoveredStaticData {
  const recovered = recoverFramed(ssad, issuerKey, SSAD_FORMAT, SSAD_OVERHEAD, NAME, 'issuer public key');
  const hashAlgorithm = recovered[2]!;
  requireSha1(hashAlgorithm, NAME);
  const hashOffset = recovered.length - 1 - SHA1_LENGTH;
  const hash = recovered.subarray(hashOffset, hashOffset + SHA1_LENGTH);
  const result: RecoveredStaticData = { hashAlgorithm, dac: recovered.subarray(3, 5), hash };
  if (staticData !== undefined) {
    const computedHash = sha1(recovered.subarray(1, hashOffset), staticData);
    result.computedHash = computedHash;
    result.hashOk = computedHash.equals(hash);
  }
  return result;
}
