import {
  cardStaticKeyDerivationData,
  type CardStaticKeyMethod,
} from '../../../../server/emv/crypto/card-static-key-derivation-data';
import type { CardStaticKeys } from '../../../../server/emv/crypto/card-static-keys';
import type { HsmBackend, KeyAttributes } from '../../backends/backend';
import { BridgeError } from '../../bridge-error';
import { requireKeyForPurpose } from '../../key-usage';

/** A KMC (usage E5); EMV CPS 1.1 and VISA2 diversification need a double-length TDES key. */
export async function requireKmc(
  backend: HsmBackend,
  keyRef: string,
  purpose: string,
): Promise<KeyAttributes> {
  const kmc = await requireKeyForPurpose(backend, keyRef, ['E5'], purpose);
  if (kmc.algorithm !== 'TDES2') {
    throw new BridgeError('BAD_REQUEST', 'a KMC must be a double-length TDES key');
  }
  return kmc;
}

/**
 * A card's static keys KENC, KMAC, KDEK (EMV CPS 1.1 or VISA2): each TDES-ECB(KMC)[its derivation
 * block], computed by the HSM so the KMC never leaves it. The clear keys are the caller's to zero.
 * Throws the EMV core's RangeError for a malformed KDD.
 */
export async function cardStaticKeysInHsm(
  backend: HsmBackend,
  kmc: KeyAttributes,
  method: CardStaticKeyMethod,
  kdd: Buffer,
): Promise<CardStaticKeys> {
  const blocks = cardStaticKeyDerivationData(method, kdd);
  return {
    enc: await backend.encrypt(kmc.keyRef, 'ecb', blocks.enc),
    mac: await backend.encrypt(kmc.keyRef, 'ecb', blocks.mac),
    dek: await backend.encrypt(kmc.keyRef, 'ecb', blocks.dek),
  };
}
