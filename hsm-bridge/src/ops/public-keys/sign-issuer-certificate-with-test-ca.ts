import { toHex } from '../../../../server/emv/bytes';
import { caPublicKeyChecksum } from '../../../../server/emv/certificates/capk';
import { issuerCertificateData } from '../../../../server/emv/certificates/issuer-certificate';
import type { CommandParams, CommandResult } from '../../../../server/emv/hsm-commands';
import type { HsmBackend } from '../../backends/backend';
import {
  issuerIdentifierField,
  publicKeyHex,
  requireIssuerKey,
  requireNotExpired,
  requireTestCaKey,
  signInHsm,
  withFieldErrors,
} from './rsa-keys';

/**
 * An Issuer Public Key Certificate for a test program (EMV 4.4 Book 2 5.3, Table 6), built by the
 * bridge from the issuer key in the HSM and the fields given, and signed with the workbench's TEST CA
 * key. Any other CA key is refused: production issuer certificates come from a scheme CA.
 */
export async function signIssuerCertificateWithTestCa(
  backend: HsmBackend,
  params: CommandParams<'signIssuerCertificateWithTestCa'>,
): Promise<CommandResult<'signIssuerCertificateWithTestCa'>> {
  const ca = await requireTestCaKey(backend, params.caKeyRef);
  const issuer = await requireIssuerKey(backend, params.issuerKeyRef, 'an issuer certificate');
  requireNotExpired(params.expiry, 'issuer certificate: ');
  const { data, remainder } = withFieldErrors('', () =>
    issuerCertificateData(
      {
        issuerIdentifier: issuerIdentifierField(params.issuerIdentifier),
        expiry: Buffer.from(params.expiry, 'hex'),
        serial: Buffer.from(params.serial, 'hex'),
        issuerPublicKey: issuer.publicKey,
      },
      ca.publicKey.modulus.length,
    ),
  );
  const certificate = await signInHsm(backend, ca, data, 'issuer certificate');
  const caKey = publicKeyHex(ca.publicKey);
  return {
    certificate: toHex(certificate),
    remainder: toHex(remainder),
    exponent: publicKeyHex(issuer.publicKey).exponent,
    ca: {
      rid: ca.rid,
      index: ca.index,
      environment: 'test',
      ...caKey,
      checksum: toHex(
        caPublicKeyChecksum({
          rid: Buffer.from(ca.rid, 'hex'),
          index: Buffer.from(ca.index, 'hex'),
          ...ca.publicKey,
        }),
      ),
    },
  };
}
