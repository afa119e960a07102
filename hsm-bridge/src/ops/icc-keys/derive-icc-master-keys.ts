import type { CommandParams, CommandResult } from '../../../../server/emv/hsm-commands';
import type { HsmBackend } from '../../backends/backend';
import { deriveIccMasterKeyInHsm, requireIssuerMasterKey } from './icc-master-key';
import { describeTransportKek, encryptKeyUnderKek, requireTransportKek } from './transport-kek';

/**
 * EMV 4.4 Book 2 A1.4.1 (Option A) / A1.4.2 (Option B): ICC master keys for a batch of cards.
 * The HSM encrypts each card's derivation data under the issuer master key; the result, with odd
 * parity, is encrypted (TDES-ECB) under the transport KEK and returned with its 3-byte KCV.
 */
export async function deriveIccMasterKeys(
  backend: HsmBackend,
  params: CommandParams<'deriveIccMasterKeys'>,
): Promise<CommandResult<'deriveIccMasterKeys'>> {
  const imk = await requireIssuerMasterKey(
    backend,
    params.issuerMasterKeyRef,
    ['E0', 'E1', 'E2', 'E4', 'E6'],
    'ICC master key derivation',
  );
  const kek = await requireTransportKek(backend, params.kekRef);
  const keys = [];
  for (const [index, card] of params.cards.entries()) {
    const derived = await deriveIccMasterKeyInHsm(backend, imk, card, params.method, index);
    keys.push(await encryptKeyUnderKek(backend, kek, derived));
  }
  return { kek: await describeTransportKek(backend, kek), keys };
}
