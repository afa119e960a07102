import { randomUUID } from 'node:crypto';
import type { CommandParams, CommandResult } from '../../../../server/emv/hsm-commands';
import type { HsmBackend } from '../../backends/backend';
import { BridgeError } from '../../bridge-error';
import { keyCheckValue } from '../../key-check-value';
import { isTestCaLabel, publicKeyHex, testCaLabelPrefix } from './rsa-keys';

/**
 * An issuer RSA key pair generated in the HSM (EMV 4.4 Book 2 5.1: up to 1984 bits, exponent 3 or
 * 2^16 + 1). The private key is sensitive, not extractable and signs raw RSA blocks only.
 */
export async function generateIssuerKeyPair(
  backend: HsmBackend,
  params: CommandParams<'generateIssuerKeyPair'>,
): Promise<CommandResult<'generateIssuerKeyPair'>> {
  if (isTestCaLabel(params.label)) {
    throw new BridgeError(
      'BAD_REQUEST',
      `an issuer key's label must not start with "${testCaLabelPrefix}": that marks the workbench's test certification authority`,
    );
  }
  const key = { keyRef: randomUUID(), usage: 'S0', algorithm: 'RSA', label: params.label } as const;
  const publicKey = await backend.generateRsaKeyPair({
    ...key,
    bits: params.bits,
    publicExponent: params.publicExponent,
  });
  return {
    keyRef: key.keyRef,
    ...publicKeyHex({ modulus: publicKey.modulus, exponent: publicKey.publicExponent }),
    fingerprint: await keyCheckValue(backend, key),
  };
}
