import { integer, jsonb, pgEnum, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

export const profileVersionStatusEnum = pgEnum('profile_version_status', [
  'draft',
  'submitted',
  'approved',
  'rejected',
]);

/** How the checks found a version when it was saved (the checks themselves are recomputed on read). */
export interface ProfileCheckSummary {
  errors: number;
  warnings: number;
  /** Distinct check codes that reported an error, e.g. ["cdol1-cvn"]. */
  errorCodes: string[];
}

/** A card profile (the design of a card product); its content lives in its versions. */
export const cardProfiles = pgTable('card_profiles', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  createdBy: uuid('created_by')
    .notNull()
    .references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Every save is a new version holding the whole profile document (the exported JSON format). A version
 * is never edited: only its status moves. An approved version is immutable, which a database trigger
 * enforces as well (migration card_profiles_approved_immutable).
 */
export const cardProfileVersions = pgTable(
  'card_profile_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    profileId: uuid('profile_id')
      .notNull()
      .references(() => cardProfiles.id),
    number: integer('number').notNull(),
    /** The profile document, as validated by parseProfile (server/emv/profile/schema/document.ts). */
    document: jsonb('document').$type<unknown>().notNull(),
    status: profileVersionStatusEnum('status').notNull().default('draft'),
    checkSummary: jsonb('check_summary').$type<ProfileCheckSummary>().notNull(),
    /** What the author says changed, shown in the version history. */
    note: text('note'),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    submittedBy: uuid('submitted_by').references(() => users.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    approvedBy: uuid('approved_by').references(() => users.id),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    rejectedBy: uuid('rejected_by').references(() => users.id),
    rejectedAt: timestamp('rejected_at', { withTimezone: true }),
    rejectionReason: text('rejection_reason'),
  },
  (t) => [unique('card_profile_versions_profile_number').on(t.profileId, t.number)],
);
