import { toHex } from '../../../server/emv/bytes';
import { iccMasterKeyDerivationData } from '../../../server/emv/crypto/icc-master-key';
import type { CommandParams, CommandResult } from '../../../server/emv/hsm-commands';
import type { HsmBackend } from '../backends/backend';
import { BridgeError } from '../bridge-error';
import { requireKeyForPurpose } from '../key-usage';

/**
 * EMV 4.4 Book 2 A1.4.1 (Option A) / A1.4.2 (Option B): ICC master keys for a batch of cards,
 * each returned TDES-ECB encrypted under the transport KEK, with its 3-byte KCV.
 */
export async function deriveIccMasterKeys(
  backend: HsmBackend,
  params: CommandParams<'deriveIccMasterKeys'>,
): Promise<CommandResult<'deriveIccMasterKeys'>> {
  const imk = await requireKeyForPurpose(
    backend,
    params.issuerMasterKeyRef,
    ['E0', 'E1', 'E2'],
    'ICC master key derivation',
  );
  if (imk.algorithm !== 'TDES2') {
    throw new BridgeError('BAD_REQUEST', 'an issuer master key must be a double-length TDES key');
  }
  const kek = await requireKeyForPurpose(backend, params.kekRef, ['K0'], 'key transport');
  if (kek.algorithm !== 'TDES2' && kek.algorithm !== 'TDES3') {
    throw new BridgeError('BAD_REQUEST', 'the transport KEK must be a TDES key');
  }
  const blocks = params.cards.map((card, index) => {
    try {
      return iccMasterKeyDerivationData(card.pan, card.psn, params.method);
    } catch (error) {
      throw new BridgeError('BAD_REQUEST', `card ${index + 1}: ${(error as Error).message}`);
    }
  });
  const wrapped = await backend.deriveTdesKeysUnderKek(imk.keyRef, kek.keyRef, blocks);
  return {
    kek: { keyRef: kek.keyRef, kcv: kek.kcv.slice(0, 6) },
    keys: wrapped.map((key) => ({ cryptogram: toHex(key.cryptogram), kcv: toHex(key.kcv).slice(0, 6) })),
  };
}
