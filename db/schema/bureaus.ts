import { boolean, pgTable, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { users } from './users';

/**
 * The personalization bureaus the issuer sends files to. A job names one; its operators download
 * only that bureau's released jobs. Deactivated, not deleted: old jobs and audit entries name it.
 */
export const bureaus = pgTable('bureaus', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Short and unique, as people and the CLI name it: 2–16 capital letters, digits, '-' or '_'. */
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  active: boolean('active').notNull().default(true),
  /** Null for a bureau the demo seed made. */
  createdBy: uuid('created_by').references((): AnyPgColumn => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
