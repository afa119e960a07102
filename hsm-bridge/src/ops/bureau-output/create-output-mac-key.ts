import { randomBytes, randomUUID } from 'node:crypto';
import { adjustOddParity } from '../../../../server/emv/crypto/des';
import type { CommandParams, CommandResult } from '../../../../server/emv/hsm-commands';
import type { HsmBackend } from '../../backends/backend';
import { keyCheckValue } from '../../key-check-value';
import { describeTransportKek, encryptKeyUnderKek, requireTransportKek } from '../icc-keys/transport-kek';

/**
 * The job's MAC key for the files for the bureau: double-length TDES with odd parity, usage M1 (MAC
 * key, ISO 9797-1 algorithm 1), stored in the HSM not extractable, and returned once encrypted
 * (TDES-ECB) under the transport KEK with its KCV, for the bureau's HSM.
 *
 * As for ICC master keys and card static keys, the HSM's part of the export is the KEK: a K0 key only
 * encrypts, and no key wraps (no key can both wrap and decrypt, key-templates.ts), so a key generated
 * inside a PKCS#11 token could never come out under the KEK. The bridge therefore draws the value,
 * as it does for a CVK (pkcs11-backend.ts), encrypts it under the KEK, stores it, and zeroes it: the
 * clear value exists only in the bridge process, for this call. The KCV the HSM computes from the
 * stored key must be the one sent, or nothing is returned.
 */
export async function createOutputMacKey(
  backend: HsmBackend,
  params: CommandParams<'createOutputMacKey'>,
): Promise<CommandResult<'createOutputMacKey'>> {
  const kek = await requireTransportKek(backend, params.kekRef, 'MAC key transport');
  const value = adjustOddParity(randomBytes(16));
  try {
    const underKek = await encryptKeyUnderKek(backend, kek, Buffer.from(value));
    const key = await backend.importKey(
      { keyRef: randomUUID(), algorithm: 'TDES2', usage: 'M1', label: params.label },
      value,
    );
    const kcv = await keyCheckValue(backend, key);
    if (kcv !== underKek.kcv) {
      throw new Error(`the stored MAC key has KCV ${kcv}, not the KCV ${underKek.kcv} of the key sent`);
    }
    return { keyRef: key.keyRef, kcv, underKek, kek: await describeTransportKek(backend, kek) };
  } finally {
    value.fill(0);
  }
}
