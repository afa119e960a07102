import { concat, toHex } from '../../../../server/emv/bytes';
import { SHA1_LENGTH } from '../../../../server/emv/certificates/common';
import { issuerCertificateData } from '../../../../server/emv/certificates/issuer-certificate';
import type { CommandParams, CommandResult } from '../../../../server/emv/hsm-commands';
import type { HsmBackend } from '../../backends/backend';
import { keyCheckValue } from '../../key-check-value';
import {
  caPublicKeyFrom,
  issuerIdentifierField,
  publicKeyHex,
  requireIssuerKey,
  requireNotExpired,
  withFieldErrors,
} from './rsa-keys';

/**
 * The issuer public key and the certificate fields a scheme CA needs to certify it (EMV 4.4 Book 2
 * 5.3, Table 6 fields 3 to 9). The split of the modulus between certificate and remainder, and so the
 * hash input, depend on the CA key's length: they are returned when the caller names the CA key.
 */
export async function exportIssuerPublicKey(
  backend: HsmBackend,
  params: CommandParams<'exportIssuerPublicKey'>,
): Promise<CommandResult<'exportIssuerPublicKey'>> {
  const issuer = await requireIssuerKey(backend, params.issuerKeyRef, 'an issuer public key export');
  requireNotExpired(params.expiry, 'issuer certificate: ');
  const fields = {
    issuerIdentifier: issuerIdentifierField(params.issuerIdentifier),
    expiry: Buffer.from(params.expiry, 'hex'),
    serial: Buffer.from(params.serial, 'hex'),
    issuerPublicKey: issuer.publicKey,
  };
  let certificateData: CommandResult<'exportIssuerPublicKey'>['certificateData'];
  if (params.ca) {
    const caKey = caPublicKeyFrom(params.ca);
    const { data, remainder } = withFieldErrors('', () =>
      issuerCertificateData(fields, caKey.modulus.length),
    );
    // Book 2 5.3 step 5: fields 2 to 10 (between the header and the hash), the remainder, the exponent.
    const hashOffset = data.length - 1 - SHA1_LENGTH;
    certificateData = {
      ca: { rid: params.ca.rid, index: params.ca.index, environment: params.ca.environment },
      hashInput: toHex(concat(data.subarray(1, hashOffset), remainder, issuer.publicKey.exponent)),
      hash: toHex(data.subarray(hashOffset, hashOffset + SHA1_LENGTH)),
      remainder: toHex(remainder),
    };
  }
  return {
    issuerKeyRef: issuer.key.keyRef,
    fingerprint: await keyCheckValue(backend, issuer.key),
    issuerIdentifier: toHex(fields.issuerIdentifier),
    expiry: params.expiry,
    serial: params.serial,
    hashAlgorithm: '01',
    publicKeyAlgorithm: '01',
    modulusLength: issuer.publicKey.modulus.length,
    ...publicKeyHex(issuer.publicKey),
    ...(certificateData ? { certificateData } : {}),
  };
}
