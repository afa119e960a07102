import type { CommandParams, CommandResult } from '../../../../server/emv/hsm-commands';
import type { HsmBackend } from '../../backends/backend';
import { BridgeError } from '../../bridge-error';
import { keyCheckValue } from '../../key-check-value';

export async function describeKey(
  backend: HsmBackend,
  params: CommandParams<'describeKey'>,
): Promise<CommandResult<'describeKey'>> {
  const key = await backend.findKey(params.keyRef);
  if (!key) throw new BridgeError('KEY_NOT_FOUND', `key ${params.keyRef} does not exist in the HSM`);
  return { ...key, kcv: await keyCheckValue(backend, key) };
}
