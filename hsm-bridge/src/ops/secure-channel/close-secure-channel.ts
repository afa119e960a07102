import type { CommandParams, CommandResult } from '../../../../server/emv/hsm-commands';
import type { HsmBackend } from '../../backends/backend';
import { secureChannels } from './channel-store';

/** Forgets an open channel and zeroes its session keys; closing an unknown handle says so. */
export async function closeSecureChannel(
  backend: HsmBackend,
  params: CommandParams<'closeSecureChannel'>,
): Promise<CommandResult<'closeSecureChannel'>> {
  return { closed: secureChannels(backend).forget(params.handle) };
}
