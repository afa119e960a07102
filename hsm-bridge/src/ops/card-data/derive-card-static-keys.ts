import { fromHex } from '../../../../server/emv/bytes';
import type { CardStaticKeys } from '../../../../server/emv/crypto/card-static-keys';
import type { CommandParams, CommandResult } from '../../../../server/emv/hsm-commands';
import type { HsmBackend } from '../../backends/backend';
import {
  cardError,
  describeTransportKek,
  encryptKeyUnderKek,
  requireTransportKek,
} from '../icc-keys/transport-kek';
import { cardStaticKeysInHsm, requireKmc } from './card-static-keys-in-hsm';

/**
 * EMV CPS 1.1 / VISA2 card static keys: each of KENC, KMAC, KDEK is TDES-ECB(KMC)[its derivation
 * block], computed by the HSM so the KMC never leaves it, then encrypted (TDES-ECB) under the
 * transport KEK with its 3-byte KCV.
 */
export async function deriveCardStaticKeys(
  backend: HsmBackend,
  params: CommandParams<'deriveCardStaticKeys'>,
): Promise<CommandResult<'deriveCardStaticKeys'>> {
  const kmc = await requireKmc(backend, params.kmcRef, 'card static key derivation');
  const kek = await requireTransportKek(backend, params.kekRef);
  const cards = [];
  for (const [index, card] of params.cards.entries()) {
    let keys: CardStaticKeys;
    try {
      keys = await cardStaticKeysInHsm(backend, kmc, params.method, fromHex(card.kdd, 'kdd'));
    } catch (error) {
      // A KDD the EMV core refuses is the caller's data; anything else is the HSM's to report.
      throw error instanceof RangeError ? cardError(index, error) : error;
    }
    cards.push({
      enc: await encryptKeyUnderKek(backend, kek, keys.enc),
      mac: await encryptKeyUnderKek(backend, kek, keys.mac),
      dek: await encryptKeyUnderKek(backend, kek, keys.dek),
    });
  }
  return { kek: await describeTransportKek(backend, kek), cards };
}
