import { bridgeCommands, type BridgeCommand, type CommandParams } from '../../../server/emv/hsm-commands';
import type { HsmBackend } from '../backends/backend';
import { BridgeError } from '../bridge-error';
import { deriveIccMasterKeys } from './derive-icc-master-keys';
import { describeKey } from './describe-key';
import { generateKey } from './generate-key';
import { status } from './status';

type Handler<C extends BridgeCommand> = (backend: HsmBackend, params: CommandParams<C>) => Promise<unknown>;

const handlers: { [C in BridgeCommand]: Handler<C> } = {
  status: (backend) => status(backend),
  generateKey,
  describeKey,
  deriveIccMasterKeys,
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

/** Key references a command touches, for the bridge's audit line. */
export function keyRefsOf(params: unknown): string[] {
  if (!params || typeof params !== 'object') return [];
  return Object.entries(params)
    .filter(([name, value]) => /keyref$/i.test(name) && typeof value === 'string')
    .map(([, value]) => value as string);
}
