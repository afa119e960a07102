import { z } from 'zod';
import { hex, keyRef, maxCardsPerCall, pan, psn, type CommandSpec } from './common';
import { keyUnderKek, transportKek } from './icc-keys';

const maxTransactionDataBytes = 256;
const maxAuditEntryBytes = 64 * 1024;

export const cardVerificationValues = ['cvv', 'cvv2', 'icvv'] as const;
const cardVerificationValue = z.string().regex(/^\d{3}$/, 'must be 3 digits');

/** Per-card symmetric data: card static keys from a KMC, PIN data, CVVs, cryptogram checks. */
export const cardDataCommands = {
  /**
   * Card static keys KENC, KMAC, KDEK from a KMC (usage E5) and each card's key diversification
   * data, by the EMV CPS 1.1 method or the VISA2 method, each under the transport KEK with its KCV.
   */
  deriveCardStaticKeys: {
    params: z.object({
      kmcRef: keyRef,
      kekRef: keyRef,
      method: z.enum(['emv-cps', 'visa2']),
      cards: z
        .array(z.object({ kdd: hex(10) }))
        .min(1)
        .max(maxCardsPerCall),
    }),
    result: z.object({
      kek: transportKek,
      cards: z.array(z.object({ enc: keyUnderKek, mac: keyUnderKek, dek: keyUnderKek })),
    }),
  },
  /**
   * Cardholder PINs from the issuer's input zone (ISO 9564-1 format 0 or 3 under a TDES PIN key,
   * format 4 under an AES PIN key) into the card's offline PIN block, ISO 9564-1 format 2, returned
   * encrypted (TDES-ECB) under the transport KEK. Format 1 is asked for only to be refused.
   */
  translatePinForCard: {
    params: z.object({
      pinKeyRef: keyRef,
      kekRef: keyRef,
      inputFormat: z.union([z.literal(0), z.literal(3), z.literal(4)]),
      outputFormat: z.union([z.literal(1), z.literal(2)]),
      cards: z
        .array(z.object({ pan, pinBlock: hex() }))
        .min(1)
        .max(maxCardsPerCall),
    }),
    result: z.object({
      kek: transportKek,
      cards: z.array(z.object({ cryptogram: hex(8) })),
    }),
  },
  /**
   * For validation and the virtual card: recomputes each card's ARQC from the issuer master key
   * (EMV 4.4 Book 2 A1.4, then A1.3 session key and 8.1.2 MAC) and, when it matches and an ARPC is
   * asked for, answers with the ARPC (8.2.1 method 1 with an ARC, 8.2.2 method 2 with a CSU).
   */
  verifyArqc: {
    params: z.object({
      issuerMasterKeyRef: keyRef,
      method: z.enum(['A', 'B']),
      sessionKeyMethod: z.enum(['none', 'emv-csk', 'mc-skd']),
      padding: z.union([z.literal(1), z.literal(2)]),
      arpc: z
        .discriminatedUnion('method', [
          z.object({ method: z.literal(1), arc: hex(2) }),
          z.object({
            method: z.literal(2),
            csu: hex(4),
            proprietaryData: hex().max(16, 'must be at most 8 bytes'),
          }),
        ])
        .optional(),
      cards: z
        .array(
          z.object({
            pan,
            psn,
            atc: hex(2),
            unpredictableNumber: hex(4).optional(),
            transactionData: hex()
              .min(2, 'must not be empty')
              .max(maxTransactionDataBytes * 2, `must be at most ${maxTransactionDataBytes} bytes`),
            arqc: hex(8),
          }),
        )
        .min(1)
        .max(maxCardsPerCall),
    }),
    result: z.object({
      cards: z.array(z.object({ ok: z.boolean(), arpc: hex().nullable() })),
    }),
  },
  /**
   * The magnetic-stripe family of card verification values from a double-length TDES CVK (usage C0),
   * by the Visa CVV algorithm (server/emv/crypto/cvv.ts): CVV / CVC with the card's service code,
   * CVV2 / CVC2 with 000, iCVV with 999. `expiry` is YYMM, as it was or will be verified; it is not
   * checked as a date. The values are not keys: they come back as digits, and the server protects them.
   */
  computeCardVerificationValues: {
    params: z.object({
      cvkRef: keyRef,
      values: z
        .array(z.enum(cardVerificationValues))
        .min(1)
        .refine((values) => new Set(values).size === values.length, 'must not name a value twice'),
      cards: z
        .array(
          z.object({
            pan,
            expiry: z.string().regex(/^\d{4}$/, 'expiry must be 4 digits (YYMM)'),
            serviceCode: z.string().regex(/^\d{3}$/, 'service code must be 3 digits'),
          }),
        )
        .min(1)
        .max(maxCardsPerCall),
    }),
    result: z.object({
      cards: z.array(
        z
          .object({
            cvv: cardVerificationValue.optional(),
            cvv2: cardVerificationValue.optional(),
            icvv: cardVerificationValue.optional(),
          })
          .strict(),
      ),
    }),
  },
  /**
   * Visa PIN verification values (server/emv/crypto/pvv.ts) from a double-length TDES PVK (usage V2):
   * each card's PIN comes from the issuer's PIN block under the PIN key (usage P0; ISO 9564-1 format
   * 0 or 3 under a TDES key, format 4 under an AES key), is read inside the bridge and never leaves
   * it. The PVKI is each card's (the file's column or the profile's constant). Only the 4-digit PVVs
   * come back.
   */
  computePinVerificationValues: {
    params: z.object({
      pvkRef: keyRef,
      pinKeyRef: keyRef,
      pinBlockFormat: z.union([z.literal(0), z.literal(3), z.literal(4)]),
      cards: z
        .array(
          z.object({
            pan,
            pvki: z.string().regex(/^\d$/, 'PVKI must be 1 digit, 0 to 9'),
            pinBlock: hex(),
          }),
        )
        .min(1)
        .max(maxCardsPerCall),
    }),
    result: z.object({
      cards: z.array(z.object({ pvv: z.string().regex(/^\d{4}$/, 'must be 4 digits') }).strict()),
    }),
  },
  /** HMAC-SHA256 of one audit entry under the audit chain's M7 key, which never leaves the HSM. */
  macAuditEntry: {
    params: z.object({
      hmacKeyRef: keyRef,
      data: hex()
        .min(2, 'must not be empty')
        .max(maxAuditEntryBytes * 2, `must be at most ${maxAuditEntryBytes} bytes`),
    }),
    result: z.object({ mac: hex(32) }),
  },
} as const satisfies Record<string, CommandSpec>;
