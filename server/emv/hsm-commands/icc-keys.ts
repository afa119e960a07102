import { z } from 'zod';
import { hex, keyRef, maxCardsPerCall, pan, psn, type CommandSpec } from './common';

/** The transport KEK a batch of secrets came out under: its reference and 3-byte TDES KCV. */
export const transportKek = z.object({ keyRef, kcv: hex(3) });

/** A double-length TDES key encrypted (TDES-ECB) under the transport KEK, with its 3-byte KCV. */
export const keyUnderKek = z.object({ cryptogram: hex(16), kcv: hex(3) });

/**
 * Names of the per-card master keys a profile asks for. MK-AC, MK-SMI, MK-SMC and MK-DN need an
 * issuer master key of usage E0, E2, E1 and E4; any other name (MK-CVC3, MK-IDN...) usage E6.
 */
export const iccMasterKeyName = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9-]{1,15}$/, 'must be 2 to 16 upper-case letters, digits or dashes');

/** Per-card keys derived from issuer master keys (EMV 4.4 Book 2 Annex A1.4). */
export const iccKeyCommands = {
  /**
   * EMV 4.4 Book 2 A1.4: all the ICC master keys of each card at once (MK-AC, MK-SMI, MK-SMC...),
   * each from its named issuer master key. Method B is Option B (A1.4.2) for PANs over 16 digits and
   * Option A (A1.4.1) for the others; method A is Option A for every PAN. Results keep the order of
   * `cards` and, within a card, of `masterKeys`.
   */
  deriveCardMasterKeys: {
    params: z.object({
      kekRef: keyRef,
      method: z.enum(['A', 'B']),
      masterKeys: z
        .array(z.object({ name: iccMasterKeyName, issuerMasterKeyRef: keyRef }))
        .min(1)
        .max(8)
        .refine((keys) => new Set(keys.map((k) => k.name)).size === keys.length, {
          message: 'must not name the same key twice',
        }),
      cards: z.array(z.object({ pan, psn })).min(1).max(maxCardsPerCall),
    }),
    result: z.object({
      kek: transportKek,
      cards: z.array(z.object({ keys: z.array(keyUnderKek.extend({ name: iccMasterKeyName })) })),
    }),
  },
} as const satisfies Record<string, CommandSpec>;
