import { randomUUID } from 'node:crypto';
import { keyComponentNumber } from '../../../../server/emv/key-blocks/header';
import { openKeyBlock, parseKeyBlock } from '../../../../server/emv/key-blocks/tr31';
import { keyUsage, type CommandParams, type CommandResult } from '../../../../server/emv/hsm-commands';
import type { HsmBackend } from '../../backends/backend';
import { BridgeError } from '../../bridge-error';
import { keyCheckValue } from '../../key-check-value';
import { requireKeyForPurpose } from '../../key-usage';
import { keyBlockStep } from './key-block-errors';
import {
  describeMode,
  describeUsage,
  exchangedUsages,
  kbpkMismatch,
  neverExchanged,
  unsupportedAlgorithm,
  weakerProtection,
  workbenchAlgorithm,
} from './key-block-policy';
import { deriveKeyBlockKeysInHsm, wipeKeyBlockKeys } from './hsm-kbpk';

/**
 * A key into the HSM from a TR-31 key block. Everything the header says is checked before the key
 * is decrypted (usage, key version, mode of use, algorithm, KBPK), the MAC before the key is used,
 * and the key is stored with exactly the header's usage; the clear key exists only in this call.
 */
export async function importKeyBlock(
  backend: HsmBackend,
  params: CommandParams<'importKeyBlock'>,
): Promise<CommandResult<'importKeyBlock'>> {
  const kbpk = await requireKeyForPurpose(backend, params.kbpkRef, ['K1'], 'TR-31 key block protection');
  const parsed = keyBlockStep(() => parseKeyBlock(params.keyBlock));
  const { header } = parsed;

  const known = keyUsage.safeParse(header.usage);
  if (!known.success) {
    throw new BridgeError(
      'KEY_USAGE_REFUSED',
      `key block usage ${header.usage} is not a usage the workbench knows`,
    );
  }
  const usage = known.data;
  if (usage !== params.expectedUsage) {
    throw new BridgeError(
      'KEY_USAGE_REFUSED',
      `key block usage ${usage} does not match the expected ${params.expectedUsage}`,
    );
  }
  const policy = exchangedUsages[usage];
  if (!policy)
    throw new BridgeError('KEY_USAGE_REFUSED', neverExchanged[usage] ?? `usage ${usage} is not imported`);
  const component = keyComponentNumber(header);
  if (component !== null) {
    throw new BridgeError(
      'BAD_REQUEST',
      `the key block holds key component ${component} (key version ${header.keyVersion}), not a key: enter components in a key ceremony`,
    );
  }
  if (!policy.accepted.includes(header.modeOfUse)) {
    throw new BridgeError(
      'KEY_USAGE_REFUSED',
      `key block mode of use ${describeMode(header.modeOfUse)} does not let the workbench ${policy.needs} with a ${describeUsage(usage)} key: ask for mode ${policy.accepted.join(' or ')}`,
    );
  }
  const unsupported = unsupportedAlgorithm(header.algorithm);
  if (unsupported) throw new BridgeError('BAD_REQUEST', unsupported);
  const mismatch = kbpkMismatch(kbpk, header.version);
  if (mismatch) throw new BridgeError('BAD_REQUEST', mismatch);

  const keys = await deriveKeyBlockKeysInHsm(backend, kbpk, header.version);
  let opened;
  try {
    opened = keyBlockStep(() => openKeyBlock(parsed, keys));
  } finally {
    wipeKeyBlockKeys(keys);
  }
  try {
    const found = workbenchAlgorithm(header.algorithm, opened.key.length);
    if ('refusal' in found) throw new BridgeError('BAD_REQUEST', found.refusal);
    const { algorithm } = found;
    const weaker = weakerProtection(kbpk.algorithm, algorithm, header.version);
    if (weaker) throw new BridgeError('BAD_REQUEST', `the key block: ${weaker}`);
    const exportable = header.exportability !== 'N';
    const stored = await backend.importKey(
      { keyRef: randomUUID(), usage, algorithm, label: params.label, exportable },
      opened.key,
    );
    return {
      keyRef: stored.keyRef,
      usage,
      algorithm,
      kcv: await keyCheckValue(backend, stored),
      exportable,
      kbpk: { keyRef: kbpk.keyRef, kcv: await keyCheckValue(backend, kbpk) },
    };
  } finally {
    opened.key.fill(0);
    opened.pad.fill(0);
  }
}
