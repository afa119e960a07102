import { check, pgEnum, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { keys } from './keys';
import { users } from './users';

/** Live and test CA keys share RIDs and indexes (EMV 4.4 Book 2 11.2.2), so the list is part of a key's identity. */
export const caEnvironmentEnum = pgEnum('ca_environment', ['live', 'test']);
/** Where a CA key came from: a scheme's published list, or the workbench's own TEST CA in the HSM. */
export const caKeySourceEnum = pgEnum('ca_key_source', ['scheme', 'workbench_test_ca']);

/**
 * Certification authority public keys, kept as two lists (live and test). Public data only; the
 * checksum is checked on entry. A workbench TEST CA row points at its S0 key in the inventory.
 */
export const caPublicKeys = pgTable(
  'ca_public_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    rid: text('rid').notNull(),
    index: text('index').notNull(),
    environment: caEnvironmentEnum('environment').notNull(),
    modulus: text('modulus').notNull(),
    exponent: text('exponent').notNull(),
    /** CA Public Key Check Sum: SHA-1 over RID, index, modulus and exponent (Book 2 11.2.2). */
    checksum: text('checksum').notNull(),
    source: caKeySourceEnum('source').notNull(),
    /** The TEST CA's private key in the HSM; null for a scheme's key. */
    keyId: uuid('key_id').references(() => keys.id),
    addedBy: uuid('added_by')
      .notNull()
      .references(() => users.id),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('ca_public_keys_rid_index_environment').on(t.rid, t.index, t.environment),
    // The workbench's TEST CA never goes on the live list.
    check(
      'ca_public_keys_test_ca_on_test_list',
      sql`${t.source} <> 'workbench_test_ca' or (${t.environment} = 'test' and ${t.keyId} is not null)`,
    ),
  ],
);
