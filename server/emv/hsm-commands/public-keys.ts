import type { CommandSpec } from './common';

/** Issuer and ICC RSA keys, CA keys and EMV certificates (EMV 4.4 Book 2 sections 5 and 6). */
export const publicKeyCommands = {} as const satisfies Record<string, CommandSpec>;
