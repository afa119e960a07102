import { pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

/** TR-31 (ANSI X9.143) key usages; one per key. */
export const keyUsageEnum = pgEnum('key_usage', ['E0', 'E1', 'E2', 'K0', 'P0', 'C0', 'M0', 'S0']);
export const keyAlgorithmEnum = pgEnum('key_algorithm', ['TDES2', 'TDES3', 'AES128', 'AES192', 'AES256']);
export const keyStatusEnum = pgEnum('key_status', ['active', 'suspended', 'destroyed']);

/** The inventory: what a key is and where the HSM keeps it. Never a key value. */
export const keys = pgTable('keys', {
  id: uuid('id').primaryKey().defaultRandom(),
  label: text('label').notNull(),
  usage: keyUsageEnum('usage').notNull(),
  algorithm: keyAlgorithmEnum('algorithm').notNull(),
  kcv: text('kcv').notNull(),
  backend: text('backend').notNull(),
  hsmKeyRef: text('hsm_key_ref').notNull().unique(),
  status: keyStatusEnum('status').notNull().default('active'),
  createdBy: uuid('created_by')
    .notNull()
    .references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
