import { fromHex, toHex } from '../../../../server/emv/bytes';
import { DES_BLOCK } from '../../../../server/emv/crypto/des';
import { padIso9797 } from '../../../../server/emv/crypto/mac';
import type { CommandParams, CommandResult } from '../../../../server/emv/hsm-commands';
import type { HsmBackend } from '../../backends/backend';
import { BridgeError } from '../../bridge-error';
import { requireKeyForPurpose } from '../../key-usage';

/**
 * ISO/IEC 9797-1:2011 MAC algorithm 1 with padding method 3 under the job's M1 key, one HSM call per
 * item: TDES-CBC with a zero IV over the padded item, of which only the last block (the MAC) leaves
 * the bridge. The same value as server/bureau-file's bureauMac with the clear key.
 */
export async function macOutputData(
  backend: HsmBackend,
  params: CommandParams<'macOutputData'>,
): Promise<CommandResult<'macOutputData'>> {
  const key = await requireKeyForPurpose(backend, params.macKeyRef, ['M1'], 'the bureau output MAC');
  if (key.algorithm !== 'TDES2') {
    throw new BridgeError('BAD_REQUEST', 'the bureau output MAC key must be a double-length TDES key');
  }
  const macs = [];
  for (const [index, item] of params.items.entries()) {
    const padded = padIso9797(fromHex(item, `items[${index}]`), 3);
    const chained = await backend.encrypt(key.keyRef, 'cbc', padded, Buffer.alloc(DES_BLOCK));
    macs.push(toHex(chained.subarray(chained.length - DES_BLOCK)));
  }
  return { macs };
}
