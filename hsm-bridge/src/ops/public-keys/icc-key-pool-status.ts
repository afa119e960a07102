import type { CommandResult } from '../../../../server/emv/hsm-commands';
import { iccKeyPool } from './icc-key-pool';

export async function iccKeyPoolStatus(): Promise<CommandResult<'iccKeyPoolStatus'>> {
  return { pools: iccKeyPool.status() };
}
