import type { KeyBlockHeader } from '../../../../server/emv/key-blocks/header';
import { sealKeyBlock } from '../../../../server/emv/key-blocks/tr31';
import type { CommandParams, CommandResult } from '../../../../server/emv/hsm-commands';
import type { HsmBackend } from '../../backends/backend';
import { BridgeError } from '../../bridge-error';
import { keyCheckValue } from '../../key-check-value';
import { requireKeyForPurpose } from '../../key-usage';
import { keyBlockStep } from './key-block-errors';
import {
  exchangedUsages,
  kbpkMismatch,
  keyBlockAlgorithm,
  neverExchanged,
  weakerProtection,
} from './key-block-policy';
import { deriveKeyBlockKeysInHsm, wipeKeyBlockKeys } from './hsm-kbpk';

/**
 * A key out of the HSM as a TR-31 key block (version B under a TDES KBPK, D under an AES KBPK),
 * its usage, algorithm and mode of use in the header. Only a key created exportable leaves.
 */
export async function exportKeyBlock(
  backend: HsmBackend,
  params: CommandParams<'exportKeyBlock'>,
): Promise<CommandResult<'exportKeyBlock'>> {
  const kbpk = await requireKeyForPurpose(backend, params.kbpkRef, ['K1'], 'TR-31 key block protection');
  const mismatch = kbpkMismatch(kbpk, params.version);
  if (mismatch) throw new BridgeError('BAD_REQUEST', mismatch);
  if (params.keyRef === params.kbpkRef)
    throw new BridgeError('BAD_REQUEST', 'a key cannot be exported under itself');
  const key = await backend.findKey(params.keyRef);
  if (!key) throw new BridgeError('KEY_NOT_FOUND', `key ${params.keyRef} does not exist in the HSM`);
  const never = neverExchanged[key.usage];
  const usage = exchangedUsages[key.usage];
  if (never || !usage || key.algorithm === 'RSA' || key.algorithm === 'HMAC256') {
    throw new BridgeError(
      'KEY_USAGE_REFUSED',
      `key ${key.keyRef}: ${never ?? 'this key does not travel in a key block'}`,
    );
  }
  if (!key.exportable) {
    throw new BridgeError(
      'KEY_USAGE_REFUSED',
      `key ${key.keyRef} is not exportable: only a key imported from a key block that allows export (exportability E or S) leaves the HSM`,
    );
  }
  const weaker = weakerProtection(kbpk.algorithm, key.algorithm, params.version);
  if (weaker) throw new BridgeError('BAD_REQUEST', `key ${key.keyRef}: ${weaker}`);

  const header: KeyBlockHeader = {
    version: params.version,
    usage: key.usage,
    algorithm: keyBlockAlgorithm(key.algorithm),
    modeOfUse: usage.exported,
    keyVersion: '00',
    exportability: params.exportability,
    reserved: '00',
    optionalBlocks: [],
  };
  const keys = await deriveKeyBlockKeysInHsm(backend, kbpk, params.version);
  let keyBlock: string;
  try {
    const value = await backend.exportableKeyValue(key.keyRef);
    try {
      keyBlock = keyBlockStep(() => sealKeyBlock(header, value, keys));
    } finally {
      value.fill(0);
    }
  } finally {
    wipeKeyBlockKeys(keys);
  }
  return {
    keyBlock,
    key: {
      keyRef: key.keyRef,
      usage: key.usage,
      algorithm: key.algorithm,
      kcv: await keyCheckValue(backend, key),
    },
    kbpk: { keyRef: kbpk.keyRef, kcv: await keyCheckValue(backend, kbpk) },
  };
}
