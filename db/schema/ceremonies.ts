import { integer, pgEnum, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { keyAlgorithmEnum, keys, keyUsageEnum } from './keys';
import { users } from './users';

export const ceremonyStatusEnum = pgEnum('ceremony_status', ['open', 'completed', 'cancelled']);

/**
 * A key entered from clear components under dual control. The id is the HSM bridge's ceremony id.
 * Components are never stored: only who entered which one, and its KCV.
 */
export const keyCeremonies = pgTable('key_ceremonies', {
  id: uuid('id').primaryKey(),
  label: text('label').notNull(),
  usage: keyUsageEnum('usage').notNull(),
  algorithm: keyAlgorithmEnum('algorithm').notNull(),
  components: integer('components').notNull(),
  status: ceremonyStatusEnum('status').notNull().default('open'),
  /** RSA-OAEP public key (SPKI DER, hex) the custodians' browsers encrypt their components to. */
  publicKeySpki: text('public_key_spki').notNull(),
  publicKeyFingerprint: text('public_key_fingerprint').notNull(),
  startedBy: uuid('started_by')
    .notNull()
    .references(() => users.id),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  keyId: uuid('key_id').references(() => keys.id),
  finalKcv: text('final_kcv'),
});

export const keyCeremonyComponents = pgTable(
  'key_ceremony_components',
  {
    ceremonyId: uuid('ceremony_id')
      .notNull()
      .references(() => keyCeremonies.id),
    componentIndex: integer('component_index').notNull(),
    custodianId: uuid('custodian_id')
      .notNull()
      .references(() => users.id),
    kcv: text('kcv').notNull(),
    enteredAt: timestamp('entered_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.ceremonyId, t.componentIndex] }),
    // Split knowledge: one custodian, one component.
    unique('key_ceremony_components_one_per_custodian').on(t.ceremonyId, t.custodianId),
  ],
);
