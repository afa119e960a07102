import type { BridgeCommand, CommandParams, CommandResult } from '../../../server/emv/hsm-commands';
import type { HsmBackend } from '../backends/backend';

export type Handler<C extends BridgeCommand> = (
  backend: HsmBackend,
  params: CommandParams<C>,
) => Promise<CommandResult<C>>;

/** The handlers of one group of commands; ops/index.ts checks that every command has exactly one. */
export type CommandHandlers<C extends BridgeCommand> = { [K in C]: Handler<K> };
