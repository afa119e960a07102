import type { CommandSpec } from './common';

/** Per-card symmetric data: card static keys from a KMC, PIN data, CVVs, cryptogram checks. */
export const cardDataCommands = {} as const satisfies Record<string, CommandSpec>;
