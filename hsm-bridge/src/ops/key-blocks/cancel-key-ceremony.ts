import type { CommandParams, CommandResult } from '../../../../server/emv/hsm-commands';
import type { HsmBackend } from '../../backends/backend';
import { keyCeremoniesOf } from './key-ceremonies';

/** Ends a ceremony at once: its components are wiped and its key pair destroyed. */
export async function cancelKeyCeremony(
  backend: HsmBackend,
  params: CommandParams<'cancelKeyCeremony'>,
): Promise<CommandResult<'cancelKeyCeremony'>> {
  const ceremonies = keyCeremoniesOf(backend);
  await ceremonies.end(ceremonies.require(params.ceremonyId));
  return { ceremonyId: params.ceremonyId, cancelled: true };
}
