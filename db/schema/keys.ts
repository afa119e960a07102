import { integer, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

/** TR-31 (ANSI X9.143) key usages; one per key. Same list as the bridge's (a test keeps them equal). */
export const keyUsageEnum = pgEnum('key_usage', [
  'E0',
  'E1',
  'E2',
  'E4',
  'E5',
  'E6',
  'K0',
  'K1',
  'P0',
  'C0',
  'V2',
  'M0',
  'M1',
  'M3',
  'M6',
  'M7',
  'S0',
  'D0',
]);
export const keyAlgorithmEnum = pgEnum('key_algorithm', [
  'TDES2',
  'TDES3',
  'AES128',
  'AES192',
  'AES256',
  'HMAC256',
  'RSA',
]);
export const keyStatusEnum = pgEnum('key_status', ['active', 'suspended', 'destroyed']);

/** The inventory: what a key is and where the HSM keeps it. Never a key value. */
export const keys = pgTable('keys', {
  id: uuid('id').primaryKey().defaultRandom(),
  label: text('label').notNull(),
  usage: keyUsageEnum('usage').notNull(),
  algorithm: keyAlgorithmEnum('algorithm').notNull(),
  /** TDES: 3 bytes; AES and HMAC: 5 bytes; RSA: a 3-byte fingerprint of the public key. */
  kcv: text('kcv').notNull(),
  /** RSA keys only: modulus length in bits. */
  rsaBits: integer('rsa_bits'),
  backend: text('backend').notNull(),
  hsmKeyRef: text('hsm_key_ref').notNull().unique(),
  status: keyStatusEnum('status').notNull().default('active'),
  /** Null for keys the workbench made for itself (the audit chain's HMAC key). */
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
