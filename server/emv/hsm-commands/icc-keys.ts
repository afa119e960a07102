import { z } from 'zod';
import { hex, keyRef, maxCardsPerCall, pan, psn, type CommandSpec } from './common';

/** Per-card keys derived from issuer master keys (EMV 4.4 Book 2 Annex A1.4). */
export const iccKeyCommands = {
  /** EMV 4.4 Book 2 A1.4: ICC master keys for a batch of cards, each returned under a transport KEK. */
  deriveIccMasterKeys: {
    params: z.object({
      issuerMasterKeyRef: keyRef,
      kekRef: keyRef,
      method: z.enum(['A', 'B']),
      cards: z.array(z.object({ pan, psn })).min(1).max(maxCardsPerCall),
    }),
    result: z.object({
      kek: z.object({ keyRef, kcv: hex(3) }),
      keys: z.array(z.object({ cryptogram: hex(16), kcv: hex(3) })),
    }),
  },
} as const satisfies Record<string, CommandSpec>;
