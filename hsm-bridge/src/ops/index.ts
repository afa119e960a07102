import { bridgeCommands, type BridgeCommand } from '../../../server/emv/hsm-commands';
import type { HsmBackend } from '../backends/backend';
import { BridgeError } from '../bridge-error';
import { bureauOutputHandlers } from './bureau-output';
import { cardDataHandlers } from './card-data';
import type { CommandHandlers, Handler } from './handler';
import { iccKeyHandlers } from './icc-keys';
import { issuerScriptHandlers } from './issuer-scripts';
import { keyBlockHandlers } from './key-blocks';
import { keyHandlers } from './keys';
import { publicKeyHandlers } from './public-keys';
import { secureChannelHandlers } from './secure-channel';
import { validationHandlers } from './validation';

const handlers: CommandHandlers<BridgeCommand> = {
  ...keyHandlers,
  ...iccKeyHandlers,
  ...cardDataHandlers,
  ...issuerScriptHandlers,
  ...secureChannelHandlers,
  ...publicKeyHandlers,
  ...keyBlockHandlers,
  ...validationHandlers,
  ...bureauOutputHandlers,
};

/** Validates the parameters and the result of a command against the shared command set. */
export async function runCommand(
  backend: HsmBackend,
  command: BridgeCommand,
  rawParams: unknown,
): Promise<unknown> {
  const spec = bridgeCommands[command];
  const parsed = spec.params.safeParse(rawParams);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BridgeError(
      'BAD_REQUEST',
      `${command}: ${issue?.path.join('.') || 'parameters'} ${issue?.message ?? 'invalid'}`,
    );
  }
  const handler = handlers[command] as Handler<BridgeCommand>;
  return spec.result.parse(await handler(backend, parsed.data as never));
}

/** Key references a command touches (any parameter named …Ref, at any depth), for the bridge's audit line. */
export function keyRefsOf(params: unknown): string[] {
  const found = new Set<string>();
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      for (const [name, inner] of Object.entries(value)) {
        if (/Ref$/.test(name) && typeof inner === 'string') found.add(inner);
        else visit(inner);
      }
    }
  };
  visit(params);
  return [...found];
}
