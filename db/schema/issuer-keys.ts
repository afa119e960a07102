import { boolean, check, pgEnum, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { caEnvironmentEnum, caPublicKeys } from './ca-public-keys';
import { keys } from './keys';
import { users } from './users';

export const issuerKeyStatusEnum = pgEnum('issuer_key_status', ['awaiting_certificate', 'certified']);
export const issuerCertificateSourceEnum = pgEnum('issuer_certificate_source', [
  'scheme_import',
  'workbench_test_ca',
]);

/**
 * An issuer RSA key pair (its private key stays in the HSM: the inventory row, usage S0) and the
 * certificate fields asked of the CA (EMV 4.4 Book 2 Table 6 fields 3 to 5).
 */
export const issuerKeys = pgTable('issuer_keys', {
  id: uuid('id').primaryKey().defaultRandom(),
  keyId: uuid('key_id')
    .notNull()
    .unique()
    .references(() => keys.id),
  /** The leftmost 3 to 8 PAN digits. */
  issuerIdentifier: text('issuer_identifier').notNull(),
  /** MMYY. */
  expiry: text('expiry').notNull(),
  /** Certificate serial number, 3 bytes hex. */
  serial: text('serial').notNull(),
  /** Public exponent as in tag 9F32: 03 or 010001. */
  exponent: text('exponent').notNull(),
  status: issuerKeyStatusEnum('status').notNull().default('awaiting_certificate'),
  createdBy: uuid('created_by')
    .notNull()
    .references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * An Issuer Public Key Certificate (tags 90, 92, 9F32) checked by recovery with its CA key, with the
 * fields recovered from it. The environment is the CA key's list: a card profile for production
 * refuses a test certificate.
 */
export const issuerCertificates = pgTable(
  'issuer_certificates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    issuerKeyId: uuid('issuer_key_id')
      .notNull()
      .references(() => issuerKeys.id),
    caPublicKeyId: uuid('ca_public_key_id')
      .notNull()
      .references(() => caPublicKeys.id),
    environment: caEnvironmentEnum('environment').notNull(),
    source: issuerCertificateSourceEnum('source').notNull(),
    issuerIdentifier: text('issuer_identifier').notNull(),
    expiry: text('expiry').notNull(),
    serial: text('serial').notNull(),
    /** Book 2 5.3 step 7; a certificate whose hash does not match is refused, so this is recorded as checked. */
    hashOk: boolean('hash_ok').notNull(),
    certificate: text('certificate').notNull(),
    remainder: text('remainder').notNull(),
    exponent: text('exponent').notNull(),
    addedBy: uuid('added_by')
      .notNull()
      .references(() => users.id),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('issuer_certificates_one_per_ca_key').on(t.issuerKeyId, t.caPublicKeyId),
    check(
      'issuer_certificates_test_ca_is_test',
      sql`${t.source} <> 'workbench_test_ca' or ${t.environment} = 'test'`,
    ),
  ],
);
