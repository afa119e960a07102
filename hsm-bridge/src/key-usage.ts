import { keyUsageNames, type KeyUsage } from '../../server/emv/hsm-commands';
import type { HsmBackend, KeyAttributes } from './backends/backend';
import { BridgeError } from './bridge-error';

/**
 * The one key-usage check: every operation names the usages it accepts for each key it touches,
 * and a key of any other usage is refused before the backend sees it.
 */
export async function requireKeyForPurpose(
  backend: HsmBackend,
  keyRef: string,
  allowed: readonly KeyUsage[],
  purpose: string,
): Promise<KeyAttributes> {
  const key = await backend.findKey(keyRef);
  if (!key) throw new BridgeError('KEY_NOT_FOUND', `key ${keyRef} does not exist in the HSM`);
  if (!allowed.includes(key.usage)) {
    throw new BridgeError(
      'KEY_USAGE_REFUSED',
      `key ${keyRef} has usage ${key.usage} (${keyUsageNames[key.usage]}); ${purpose} needs a key of usage ${allowed.join(' or ')}`,
    );
  }
  return key;
}
