import { toHex } from '../../../../server/emv/bytes';
import { adjustOddParity } from '../../../../server/emv/crypto/des';
import { tdesKcv } from '../../../../server/emv/crypto/kcv';
import { iccMasterKeyDerivationData } from '../../../../server/emv/crypto/icc-master-key';
import type { CommandParams, CommandResult } from '../../../../server/emv/hsm-commands';
import type { HsmBackend } from '../../backends/backend';
import { BridgeError } from '../../bridge-error';
import { keyCheckValue } from '../../key-check-value';
import { requireKeyForPurpose } from '../../key-usage';

/**
 * EMV 4.4 Book 2 A1.4.1 (Option A) / A1.4.2 (Option B): ICC master keys for a batch of cards.
 * The HSM encrypts each card's derivation data under the issuer master key; the result, with odd
 * parity, is encrypted (TDES-ECB) under the transport KEK and returned with its 3-byte KCV.
 */
export async function deriveIccMasterKeys(
  backend: HsmBackend,
  params: CommandParams<'deriveIccMasterKeys'>,
): Promise<CommandResult<'deriveIccMasterKeys'>> {
  const imk = await requireKeyForPurpose(
    backend,
    params.issuerMasterKeyRef,
    ['E0', 'E1', 'E2', 'E4', 'E6'],
    'ICC master key derivation',
  );
  if (imk.algorithm !== 'TDES2') {
    throw new BridgeError('BAD_REQUEST', 'an issuer master key must be a double-length TDES key');
  }
  const kek = await requireKeyForPurpose(backend, params.kekRef, ['K0'], 'key transport');
  if (kek.algorithm !== 'TDES2' && kek.algorithm !== 'TDES3') {
    throw new BridgeError('BAD_REQUEST', 'the transport KEK must be a TDES key');
  }
  const keys = [];
  for (const [index, card] of params.cards.entries()) {
    let block: Buffer;
    try {
      block = iccMasterKeyDerivationData(card.pan, card.psn, params.method);
    } catch (error) {
      throw new BridgeError('BAD_REQUEST', `card ${index + 1}: ${(error as Error).message}`);
    }
    const derived = adjustOddParity(await backend.encrypt(imk.keyRef, 'ecb', block));
    try {
      keys.push({
        cryptogram: toHex(await backend.encrypt(kek.keyRef, 'ecb', derived)),
        kcv: toHex(tdesKcv(derived)).slice(0, 6),
      });
    } finally {
      derived.fill(0);
    }
  }
  return { kek: { keyRef: kek.keyRef, kcv: await keyCheckValue(backend, kek) }, keys };
}
