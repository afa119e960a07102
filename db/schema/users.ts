import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { bureaus } from './bureaus';

export const roleEnum = pgEnum('role', [
  'analyst',
  'security_officer',
  'bureau_operator',
  'auditor',
  'admin',
]);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    role: roleEnum('role').notNull(),
    passwordHash: text('password_hash').notNull(),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    /** TOTP (RFC 6238) shared secret, sealed under the data-at-rest key; null until enrolled. */
    totpSecretSealed: text('totp_secret_sealed'),
    /** When the user proved the enrolled secret with a first code; until then it is not required. */
    totpConfirmedAt: timestamp('totp_confirmed_at', { withTimezone: true }),
    /** The last TOTP time step accepted, so a code cannot be replayed within its window. */
    totpLastStep: integer('totp_last_step'),
    /**
     * The one bureau a bureau operator works for (null for every other role: the database refuses it).
     * An operator without one sees no job.
     */
    bureauId: uuid('bureau_id').references((): AnyPgColumn => bureaus.id),
    /**
     * The password is a temporary one an administrator was shown (a new account, a reset): the next
     * sign-in must set the user's own before anything else opens.
     */
    passwordChangeRequired: boolean('password_change_required').notNull().default(false),
    /** When an administrator disabled the account: it cannot sign in and has no session. */
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('users_bureau_only_for_operators', sql`${t.role} = 'bureau_operator' or ${t.bureauId} is null`),
    // User names are unique whatever their case: "Alice" cannot be created next to "alice".
    uniqueIndex('users_username_lower_unique').on(sql`lower(${t.username})`),
  ],
);

/** The session id is never stored: only its SHA-256, so a database dump cannot be replayed as a cookie. */
export const sessions = pgTable('sessions', {
  tokenHash: text('token_hash').primaryKey(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  /** When the session passed its second factor (TOTP); null while a code is still owed. */
  secondFactorAt: timestamp('second_factor_at', { withTimezone: true }),
});
