import { fromHex } from '../../../../server/emv/bytes';
import {
  cardStaticKeyDerivationData,
  type CardStaticKeyDerivationData,
} from '../../../../server/emv/crypto/card-static-key-derivation-data';
import type { CommandParams, CommandResult } from '../../../../server/emv/hsm-commands';
import type { HsmBackend } from '../../backends/backend';
import { BridgeError } from '../../bridge-error';
import { requireKeyForPurpose } from '../../key-usage';
import {
  cardError,
  describeTransportKek,
  encryptKeyUnderKek,
  requireTransportKek,
} from '../icc-keys/transport-kek';

/**
 * EMV CPS 1.1 / VISA2 card static keys: each of KENC, KMAC, KDEK is TDES-ECB(KMC)[its derivation
 * block], computed by the HSM so the KMC never leaves it, then encrypted (TDES-ECB) under the
 * transport KEK with its 3-byte KCV.
 */
export async function deriveCardStaticKeys(
  backend: HsmBackend,
  params: CommandParams<'deriveCardStaticKeys'>,
): Promise<CommandResult<'deriveCardStaticKeys'>> {
  const kmc = await requireKeyForPurpose(backend, params.kmcRef, ['E5'], 'card static key derivation');
  if (kmc.algorithm !== 'TDES2') {
    throw new BridgeError('BAD_REQUEST', 'a KMC must be a double-length TDES key');
  }
  const kek = await requireTransportKek(backend, params.kekRef);
  const cards = [];
  for (const [index, card] of params.cards.entries()) {
    let blocks: CardStaticKeyDerivationData;
    try {
      blocks = cardStaticKeyDerivationData(params.method, fromHex(card.kdd, 'kdd'));
    } catch (error) {
      throw cardError(index, error);
    }
    const underKek = async (block: Buffer) =>
      encryptKeyUnderKek(backend, kek, await backend.encrypt(kmc.keyRef, 'ecb', block));
    cards.push({
      enc: await underKek(blocks.enc),
      mac: await underKek(blocks.mac),
      dek: await underKek(blocks.dek),
    });
  }
  return { kek: await describeTransportKek(backend, kek), cards };
}
