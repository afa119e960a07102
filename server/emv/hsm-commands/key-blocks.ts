import type { CommandSpec } from './common';

/** Keys in and out of the HSM: TR-31 key blocks and key ceremonies from components. */
export const keyBlockCommands = {} as const satisfies Record<string, CommandSpec>;
