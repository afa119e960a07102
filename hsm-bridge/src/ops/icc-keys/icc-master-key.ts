import { adjustOddParity } from '../../../../server/emv/crypto/des';
import {
  iccMasterKeyDerivationData,
  type MasterKeyDerivationMethod,
} from '../../../../server/emv/crypto/icc-master-key';
import type { KeyUsage } from '../../../../server/emv/hsm-commands';
import type { HsmBackend, KeyAttributes } from '../../backends/backend';
import { BridgeError } from '../../bridge-error';
import { requireKeyForPurpose } from '../../key-usage';
import { cardError } from './transport-kek';

/** An issuer master key of one of the given usages; EMV 4.4 Book 2 A1.4 needs double-length TDES. */
export async function requireIssuerMasterKey(
  backend: HsmBackend,
  keyRef: string,
  allowed: readonly KeyUsage[],
  purpose: string,
): Promise<KeyAttributes> {
  const imk = await requireKeyForPurpose(backend, keyRef, allowed, purpose);
  if (imk.algorithm !== 'TDES2') {
    throw new BridgeError('BAD_REQUEST', 'an issuer master key must be a double-length TDES key');
  }
  return imk;
}

/**
 * EMV 4.4 Book 2 A1.4.1 (Option A) / A1.4.2 (Option B, for PANs over 16 digits when method is B):
 * the HSM encrypts the card's derivation data under the issuer master key; odd parity gives the
 * ICC master key. The clear key is the caller's to zero.
 */
export async function deriveIccMasterKeyInHsm(
  backend: HsmBackend,
  imk: KeyAttributes,
  card: { pan: string; psn: string },
  method: MasterKeyDerivationMethod,
  index: number,
): Promise<Buffer> {
  let block: Buffer;
  try {
    block = iccMasterKeyDerivationData(card.pan, card.psn, method);
  } catch (error) {
    throw cardError(index, error);
  }
  const encrypted = await backend.encrypt(imk.keyRef, 'ecb', block);
  try {
    return adjustOddParity(encrypted);
  } finally {
    encrypted.fill(0);
    block.fill(0);
  }
}
