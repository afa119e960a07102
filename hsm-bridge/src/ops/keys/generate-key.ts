import { randomUUID } from 'node:crypto';
import type { CommandParams, CommandResult } from '../../../../server/emv/hsm-commands';
import type { HsmBackend } from '../../backends/backend';
import { BridgeError } from '../../bridge-error';
import { keyCheckValue } from '../../key-check-value';

/** A new secret key inside the HSM. The algorithm must fit the usage (HMAC keys only for M7). */
export async function generateKey(
  backend: HsmBackend,
  params: CommandParams<'generateKey'>,
): Promise<CommandResult<'generateKey'>> {
  if (params.usage === 'S0') {
    throw new BridgeError(
      'BAD_REQUEST',
      'an S0 signing key is an RSA key pair: generate it as an issuer RSA key',
    );
  }
  if ((params.usage === 'M7') !== (params.algorithm === 'HMAC256')) {
    throw new BridgeError(
      'BAD_REQUEST',
      'HMAC256 keys are for usage M7 (HMAC) only, and M7 keys are HMAC256 keys',
    );
  }
  const key = await backend.generateKey({ keyRef: randomUUID(), ...params });
  return {
    keyRef: key.keyRef,
    algorithm: params.algorithm,
    usage: key.usage,
    kcv: await keyCheckValue(backend, key),
  };
}
