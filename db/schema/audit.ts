import { bigint, bigserial, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The audit trail. Append-only: a trigger in the migrations refuses UPDATE, DELETE and TRUNCATE.
 * Each entry carries the hash of the one before it, so a removed or reordered entry breaks the chain.
 */
export const auditEvents = pgTable('audit_events', {
  seq: bigserial('seq', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  actorId: text('actor_id'),
  actorName: text('actor_name').notNull(),
  actorRole: text('actor_role').notNull(),
  category: text('category').notNull(),
  action: text('action').notNull(),
  objectType: text('object_type'),
  objectId: text('object_id'),
  result: text('result').notNull(),
  origin: text('origin').notNull(),
  details: jsonb('details').$type<Record<string, unknown>>().notNull(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
});

/**
 * Signed checkpoints of the chain, outside the audit table: every so often the head of the chain
 * (its sequence number and hash) is MACed in the HSM with an HMAC key that never leaves it. Someone
 * who rewrites entries and recomputes the SHA-256 chain cannot forge these. Append-only too, and
 * each is also appended to a file beside the database.
 */
export const auditCheckpoints = pgTable('audit_checkpoints', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull().unique(),
  chainHash: text('chain_hash').notNull(),
  mac: text('mac').notNull(),
  keyId: uuid('key_id').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
