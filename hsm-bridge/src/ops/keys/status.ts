import type { CommandResult } from '../../../../server/emv/hsm-commands';
import type { HsmBackend } from '../../backends/backend';

export async function status(backend: HsmBackend): Promise<CommandResult<'status'>> {
  return { backend: backend.name, token: backend.token, keyCount: await backend.countKeys() };
}
