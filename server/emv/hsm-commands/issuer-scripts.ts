import { z } from 'zod';
import { hex, keyRef, pan, psn, type CommandSpec } from './common';

const maxScriptCommands = 16;

/** The transaction a script answers, and the card it is for. */
const scriptCard = z.object({ pan, psn, atc: hex(2), arqc: hex(8) });

const sessionKeyMethod = z.enum(['emv-csk', 'visa-sm']);
const macInput = z.enum(['header-atc-arqc-data', 'header-data']);
const byte = z.number().int().min(0).max(255);

/**
 * Issuer scripts for validation and the virtual card (EMV 4.4 Book 2 section 9): secure messaging
 * with the card's MK-SMI / MK-SMC session keys, derived in the bridge from the issuer master keys.
 * Neither command MACs or enciphers bytes that are not a script command it has built itself.
 */
export const issuerScriptCommands = {
  /**
   * Appends the secure-messaging MAC to each script command (Book 2 9.2.3) under SK-SMI, from an
   * IMK-SMI (usage E2): ICC master key by Option A or B (A1.4), session key by `sessionKeyMethod`
   * (emv-csk: A1.3.1 with R = ARQC; visa-sm: MK xor ATC). A PIN change (INS 24 with PIN data) is
   * refused: its PIN data must be enciphered in the bridge (encipherPinChange); PIN UNBLOCK is MACed.
   */
  macIssuerScript: {
    params: z.object({
      issuerMasterKeyRef: keyRef,
      method: z.enum(['A', 'B']),
      sessionKeyMethod,
      macInput,
      macLength: z.number().int().min(4).max(8).default(8),
      card: scriptCard,
      commands: z
        .array(
          z.object({
            cla: byte,
            ins: byte,
            p1: byte,
            p2: byte,
            data: hex().max(2 * 247, 'must be at most 247 bytes'),
          }),
        )
        .min(1)
        .max(maxScriptCommands),
    }),
    result: z.object({ commands: z.array(z.object({ apdu: hex() })) }),
  },
  /**
   * PIN CHANGE/UNBLOCK (EMV 4.4 Book 3 6.5.10, CLA 84 INS 24 P1 00, P2 01 with the current PIN, 02
   * without) for one card: the new PIN (and optionally the current PIN) arrives as an issuer PIN
   * block under a P0 key (ISO 9564-1 format 0 or 3 under TDES, 4 under AES), is enciphered in the
   * bridge under SK-SMC from the IMK-SMC (E1) in the form `encipherment` names (emv, mastercard or
   * visa; visa needs the IMK-AC, E0, for its PIN block), and the command is MACed under SK-SMI from
   * the IMK-SMI (E2). The clear PIN never leaves the bridge.
   */
  encipherPinChange: {
    params: z.object({
      smcKeyRef: keyRef,
      smiKeyRef: keyRef,
      acKeyRef: keyRef.optional(),
      pinKeyRef: keyRef,
      method: z.enum(['A', 'B']),
      sessionKeyMethod,
      macInput,
      encipherment: z.enum(['emv', 'mastercard', 'visa']),
      pinBlockFormat: z.union([z.literal(0), z.literal(3), z.literal(4)]),
      card: scriptCard.extend({ newPinBlock: hex(), currentPinBlock: hex().optional() }),
    }),
    result: z.object({ apdu: hex() }),
  },
} as const satisfies Record<string, CommandSpec>;
