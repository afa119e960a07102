import { toHex } from '../../../../server/emv/bytes';
import { issuerIdentifierDigits } from '../../../../server/emv/certificates/certificate-checks';
import { recoverIssuerCertificate } from '../../../../server/emv/certificates/issuer-certificate';
import type { CommandParams, CommandResult } from '../../../../server/emv/hsm-commands';
import type { HsmBackend } from '../../backends/backend';
import { BridgeError } from '../../bridge-error';
import { keyCheckValue } from '../../key-check-value';
import {
  caPublicKeyFrom,
  exponentHex,
  requireIssuerKey,
  requireNotExpired,
  withFieldErrors,
} from './rsa-keys';

/**
 * A scheme-signed Issuer Public Key Certificate, checked as a terminal would check it (EMV 4.4 Book 2
 * 5.3: recovery with the CA public key, trailer, header, format, hash) and against the issuer key in
 * the HSM: it must certify exactly that key, and it must not have expired. Anything else is refused
 * with the reason, so a wrong file or a wrong CA key is found at import, not at the terminal.
 */
export async function importIssuerCertificate(
  backend: HsmBackend,
  params: CommandParams<'importIssuerCertificate'>,
): Promise<CommandResult<'importIssuerCertificate'>> {
  const caKey = caPublicKeyFrom(params.ca);
  const issuer = await requireIssuerKey(backend, params.issuerKeyRef, 'an issuer certificate import');
  const issuerExponent = exponentHex(issuer.publicKey.exponent);
  if (params.exponent !== issuerExponent) {
    throw new BridgeError(
      'BAD_REQUEST',
      `issuer certificate: exponent ${params.exponent} is not the exponent of issuer key ${params.issuerKeyRef} (${issuerExponent})`,
    );
  }
  const recovered = withFieldErrors('', () =>
    recoverIssuerCertificate(
      Buffer.from(params.certificate, 'hex'),
      caKey,
      Buffer.from(params.remainder, 'hex'),
      Buffer.from(params.exponent, 'hex'),
    ),
  );
  if (!recovered.hashOk) {
    throw new BridgeError(
      'BAD_REQUEST',
      `issuer certificate: the hash result does not match the certificate, remainder and exponent (EMV 4.4 Book 2 5.3 step 7): the certificate or its remainder was altered, or belongs to another key`,
    );
  }
  if (!recovered.issuerModulus.equals(issuer.publicKey.modulus)) {
    throw new BridgeError(
      'BAD_REQUEST',
      `issuer certificate: it certifies another issuer public key (${recovered.issuerModulus.length} bytes) than key ${params.issuerKeyRef} in the HSM (${issuer.publicKey.modulus.length} bytes)`,
    );
  }
  const issuerIdentifier = issuerIdentifierDigits(recovered.issuerIdentifier);
  if (!issuerIdentifier) {
    throw new BridgeError(
      'BAD_REQUEST',
      `issuer certificate: issuer identifier ${toHex(recovered.issuerIdentifier)} is not 3 to 8 digits padded with F`,
    );
  }
  const expiry = toHex(recovered.expiry);
  withFieldErrors('issuer certificate: ', () => requireNotExpired(expiry, 'issuer certificate: '));
  return {
    issuerKeyRef: issuer.key.keyRef,
    fingerprint: await keyCheckValue(backend, issuer.key),
    ca: { rid: params.ca.rid, index: params.ca.index, environment: params.ca.environment },
    issuerIdentifier,
    expiry,
    serial: toHex(recovered.serial),
    certificate: params.certificate,
    remainder: params.remainder,
    exponent: params.exponent,
  };
}
