import { createHash, createPublicKey, randomUUID } from 'node:crypto';
import { toHex } from '../../../../server/emv/bytes';
import type { CommandParams, CommandResult } from '../../../../server/emv/hsm-commands';
import type { HsmBackend } from '../../backends/backend';
import { BridgeError } from '../../bridge-error';
import { ceremonyLifetimeMs, keyCeremoniesOf } from './key-ceremonies';

const ceremonyKeyBits = 2048;

/**
 * Opens a key ceremony: a fresh RSA-2048 key pair in the HSM whose public key the custodians'
 * browsers encrypt their components to (contract: server/emv/hsm-commands/key-blocks.ts).
 */
export async function startKeyCeremony(
  backend: HsmBackend,
  params: CommandParams<'startKeyCeremony'>,
): Promise<CommandResult<'startKeyCeremony'>> {
  if (params.usage === 'S0') {
    throw new BridgeError(
      'BAD_REQUEST',
      'an S0 signing key is an RSA key pair: it cannot be entered from components',
    );
  }
  if (params.usage === 'M7') {
    throw new BridgeError(
      'BAD_REQUEST',
      'an M7 key is an HMAC key generated in the HSM: it cannot be entered from components',
    );
  }
  const id = randomUUID();
  const ceremonyKeyRef = `ceremony-${id}`;
  const publicKey = await backend.generateRsaDecryptionKeyPair({
    keyRef: ceremonyKeyRef,
    label: params.label,
    bits: ceremonyKeyBits,
  });
  const spki = createPublicKey({
    key: {
      kty: 'RSA',
      n: publicKey.modulus.toString('base64url'),
      e: publicKey.publicExponent.toString('base64url'),
    },
    format: 'jwk',
  }).export({ type: 'spki', format: 'der' });
  const expiresAt = Date.now() + ceremonyLifetimeMs;
  keyCeremoniesOf(backend).add({
    id,
    usage: params.usage,
    algorithm: params.algorithm,
    label: params.label,
    componentCount: params.components,
    ceremonyKeyRef,
    expiresAt,
    components: new Map(),
    acceptedCiphertexts: new Map(),
    ended: false,
  });
  return {
    ceremonyId: id,
    usage: params.usage,
    algorithm: params.algorithm,
    components: params.components,
    expiresAt: new Date(expiresAt).toISOString(),
    publicKey: { spki: toHex(spki), fingerprint: toHex(createHash('sha256').update(spki).digest()) },
  };
}
