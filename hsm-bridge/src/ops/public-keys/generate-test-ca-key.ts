import { randomUUID } from 'node:crypto';
import { caPublicKeyChecksum } from '../../../../server/emv/certificates/capk';
import { toHex } from '../../../../server/emv/bytes';
import type { CommandParams, CommandResult } from '../../../../server/emv/hsm-commands';
import type { HsmBackend } from '../../backends/backend';
import { keyCheckValue } from '../../key-check-value';
import { publicKeyHex, testCaKeyLabel } from './rsa-keys';

/**
 * The workbench's own TEST certification authority: an S0 key pair generated in the HSM whose label
 * ("TEST CA <RID> <index>") marks it TEST. Only such a key signs in signIssuerCertificateWithTestCa,
 * and it can sign nothing else. Its public key goes on the workbench's test CA list.
 */
export async function generateTestCaKey(
  backend: HsmBackend,
  params: CommandParams<'generateTestCaKey'>,
): Promise<CommandResult<'generateTestCaKey'>> {
  const key = {
    keyRef: randomUUID(),
    usage: 'S0',
    algorithm: 'RSA',
    label: testCaKeyLabel(params.rid, params.index),
  } as const;
  const publicKey = await backend.generateRsaKeyPair({
    ...key,
    bits: params.bits,
    publicExponent: params.publicExponent ?? 3,
  });
  const { modulus, exponent } = publicKeyHex({
    modulus: publicKey.modulus,
    exponent: publicKey.publicExponent,
  });
  const checksum = caPublicKeyChecksum({
    rid: Buffer.from(params.rid, 'hex'),
    index: Buffer.from(params.index, 'hex'),
    modulus: publicKey.modulus,
    exponent: Buffer.from(exponent, 'hex'),
  });
  return {
    keyRef: key.keyRef,
    label: key.label,
    ca: {
      rid: params.rid,
      index: params.index,
      environment: 'test',
      modulus,
      exponent,
      checksum: toHex(checksum),
    },
    fingerprint: await keyCheckValue(backend, key),
  };
}
