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

/**
 * The one refusal of a decryption under a transport KEK, made by both backends' decrypt before the
 * key is used. A K0 key decrypts in the HSM (a PKCS#11 token holds it with CKA_DECRYPT) only so that
 * validation on a virtual card can play the bureau, and a bureau's device can personalize a real card
 * over a secure channel: the secret DGIs it protects are translated to the card's DEK inside the
 * bridge (ops/validation/kek-secrets.ts, the one caller of HsmBackend.decryptUnderTransportKek). Any other decryption under it would undo the transport
 * encryption of the card keys it protects (the Clulow attack), so it is refused here.
 */
export function refuseDecryptionUnderTransportKek(key: KeyAttributes): void {
  if (key.usage !== 'K0') return;
  throw new BridgeError(
    'KEY_USAGE_REFUSED',
    `key ${key.keyRef} has usage K0 (${keyUsageNames.K0}): the HSM decrypts under a transport KEK only to translate a card's secret DGIs to a card's DEK inside the bridge (validateOnVirtualCard, reencryptDgisForChannel), never for a result that leaves it`,
  );
}

/** The check both backends make before decryptUnderTransportKek: the key must be a K0 KEK. */
export function requireTransportKekForTranslation(keyRef: string, key: KeyAttributes | null): KeyAttributes {
  if (!key) throw new BridgeError('KEY_NOT_FOUND', `key ${keyRef} does not exist in the HSM`);
  if (key.usage !== 'K0') {
    throw new BridgeError(
      'KEY_USAGE_REFUSED',
      `key ${keyRef} has usage ${key.usage} (${keyUsageNames[key.usage]}); secret DGI translation for the virtual card needs a key of usage K0`,
    );
  }
  return key;
}
