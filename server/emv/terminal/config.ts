/**
 * What the test terminal is told: the interface, the CA public keys it trusts (by RID, index and list,
 * EMV 4.4 Book 2 11.2), the transaction, its capabilities and action codes (Book 4 Annex A), a test
 * PIN, and what the validation expects of the card. The serializable part is a zod schema, checked at
 * the edge; the issuer host and the random source are passed as functions.
 */
import { z } from 'zod';
import type { IssuerHost } from './issuer-host';

const hex = (bytes?: number) =>
  z
    .string()
    .regex(/^([0-9A-F]{2})+$/, 'must be upper-case hexadecimal bytes')
    .refine((value) => bytes === undefined || value.length === bytes * 2, `must be ${bytes} bytes of hex`);

export const caKeyEntry = z.object({
  rid: hex(5),
  index: hex(1),
  environment: z.enum(['test', 'live']),
  modulus: hex(),
  exponent: hex(),
});
export type CaKeyEntry = z.infer<typeof caKeyEntry>;

export const transactionParameters = z.object({
  /** Amount, Authorised in minor units (9F02). */
  amount: z.number().int().min(0).max(999_999_999_999),
  amountOther: z.number().int().min(0).max(999_999_999_999).default(0),
  currency: z.string().regex(/^\d{3}$/),
  country: z.string().regex(/^\d{3}$/),
  /** YYMMDD (9A). */
  date: z.string().regex(/^\d{6}$/),
  /** HHMMSS (9F21). */
  time: z
    .string()
    .regex(/^\d{6}$/)
    .default('120000'),
  /** Transaction Type (9C): 00 goods and services, 01 cash, 09 cashback. */
  type: z
    .string()
    .regex(/^\d{2}$/)
    .default('00'),
});
export type TransactionParameters = z.infer<typeof transactionParameters>;

const odaMethod = z.enum(['sda', 'dda', 'cda']);

export const terminalSettings = z.object({
  interface: z.enum(['contact', 'contactless']),
  environment: z.enum(['test', 'live']),
  caKeys: z.array(caKeyEntry),
  transaction: transactionParameters,
  /** Terminal floor limit in minor units (Book 3 10.6.1); 0 sends every transaction online. */
  floorLimit: z.number().int().min(0).default(0),
  /** The PIN the cardholder enters: a test PIN, or their own (validation inside the HSM bridge). */
  testPin: z.string().regex(/^\d{4,12}$/),
  /** AIDs the terminal supports (hex); when absent, any application the card lists. */
  supportedAids: z.array(hex()).optional(),
  supportedOda: z.array(odaMethod).default(['sda', 'dda', 'cda']),
  /** Terminal Type (9F35): 22 attended, offline with online capability. */
  terminalType: hex(1).default('22'),
  /** Terminal Action Codes (Book 3 10.7), 5 bytes each. */
  tac: z
    .object({ denial: hex(5), online: hex(5), default: hex(5) })
    .default({ denial: '0000000000', online: '0000000000', default: '0000000000' }),
  /** What preparation says the card must hold; a difference is reported where it shows. */
  expectations: z
    .object({
      pinTryLimit: z.number().int().min(1).max(15).optional(),
      /** The static data the certificates were computed over, to name the record that changed. */
      signedStaticData: z
        .object({
          records: z.array(z.object({ sfi: z.number().int(), record: z.number().int(), data: hex() })),
          aip: hex(2).optional(),
        })
        .optional(),
    })
    .default({}),
});
export type TerminalSettings = z.input<typeof terminalSettings>;
export type ParsedTerminalSettings = z.output<typeof terminalSettings>;

export interface TerminalConfig extends TerminalSettings {
  issuer: IssuerHost;
  /** Unpredictable numbers; tests pass a deterministic source. */
  random: (length: number) => Buffer;
}

/**
 * Terminal Capabilities (9F33, Book 4 Annex A2): IC with contacts; plaintext PIN for ICC verification
 * (contact only), enciphered PIN online, signature, no CVM required; SDA, DDA, CDA.
 */
export function terminalCapabilities(cardInterface: 'contact' | 'contactless'): Buffer {
  return Buffer.from(cardInterface === 'contact' ? 'E0E8C8' : '0068C8', 'hex');
}
