import { randomUUID } from 'node:crypto';
import type { CommandParams, CommandResult } from '../../../server/emv/hsm-commands';
import type { HsmBackend } from '../backends/backend';

export async function generateKey(
  backend: HsmBackend,
  params: CommandParams<'generateKey'>,
): Promise<CommandResult<'generateKey'>> {
  const key = await backend.generateKey({ keyRef: randomUUID(), ...params });
  return { keyRef: key.keyRef, algorithm: key.algorithm, usage: key.usage, kcv: key.kcv };
}
