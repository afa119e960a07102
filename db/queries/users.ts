import { and, eq, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { bureaus, sessions, users } from '../schema';

export type UserRow = typeof users.$inferSelect;
export type Role = UserRow['role'];

/** User names compare without case (the database keeps them unique that way too). */
export async function findUserByUsername(db: Db, params: { username: string }) {
  const [row] = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.username})`, params.username.toLowerCase()))
    .limit(1);
  return row ?? null;
}

export async function insertUser(
  db: Db,
  params: {
    username: string;
    displayName: string;
    role: Role;
    passwordHash: string;
    bureauId?: string | null;
    passwordChangeRequired?: boolean;
  },
) {
  const [row] = await db.insert(users).values(params).onConflictDoNothing().returning();
  return row ?? null;
}

export async function listUsers(db: Db) {
  return db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      lockedUntil: users.lockedUntil,
      totpConfirmedAt: users.totpConfirmedAt,
      bureauId: users.bureauId,
      bureauCode: bureaus.code,
      disabledAt: users.disabledAt,
      passwordChangeRequired: users.passwordChangeRequired,
      createdAt: users.createdAt,
    })
    .from(users)
    .leftJoin(bureaus, eq(bureaus.id, users.bureauId))
    .orderBy(users.username);
}

/**
 * Counts a failed login in one statement, so guesses sent in parallel cannot read the same count;
 * the account locks when the count reaches `lockAfter` (and the count starts again).
 */
export async function countFailedLogin(
  db: Db,
  params: { userId: string; lockAfter: number; lockUntil: Date },
) {
  const reached = sql`${users.failedLogins} + 1 >= ${params.lockAfter}`;
  const [row] = await db
    .update(users)
    .set({
      failedLogins: sql`case when ${reached} then 0 else ${users.failedLogins} + 1 end`,
      lockedUntil: sql`case when ${reached} then ${params.lockUntil.toISOString()}::timestamptz else ${users.lockedUntil} end`,
    })
    .where(eq(users.id, params.userId))
    .returning({ failedLogins: users.failedLogins, lockedUntil: users.lockedUntil });
  return row ?? null;
}

export async function setLoginFailures(
  db: Db,
  params: { userId: string; failedLogins: number; lockedUntil: Date | null },
) {
  await db
    .update(users)
    .set({ failedLogins: params.failedLogins, lockedUntil: params.lockedUntil })
    .where(eq(users.id, params.userId));
}

export async function insertSession(db: Db, params: { tokenHash: string; userId: string }) {
  await db.insert(sessions).values(params);
}

export async function findSessionWithUser(db: Db, params: { tokenHash: string }) {
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, params.tokenHash))
    .limit(1);
  return row ?? null;
}

export async function touchSession(db: Db, params: { tokenHash: string; now: Date }) {
  await db.update(sessions).set({ lastSeenAt: params.now }).where(eq(sessions.tokenHash, params.tokenHash));
}

export async function deleteSession(db: Db, params: { tokenHash: string }) {
  await db.delete(sessions).where(eq(sessions.tokenHash, params.tokenHash));
}

export async function deleteIdleSessions(db: Db, params: { idleSince: Date }) {
  await db.delete(sessions).where(lt(sessions.lastSeenAt, params.idleSince));
}

export async function findUserById(db: Db, params: { id: string }) {
  const [row] = await db.select().from(users).where(eq(users.id, params.id)).limit(1);
  return row ?? null;
}

/** A new, not yet confirmed TOTP secret (sealed); replaces any earlier unconfirmed one. */
export async function storeUnconfirmedTotpSecret(db: Db, params: { userId: string; secretSealed: string }) {
  const [row] = await db
    .update(users)
    .set({ totpSecretSealed: params.secretSealed, totpConfirmedAt: null, totpLastStep: null })
    .where(and(eq(users.id, params.userId), isNull(users.totpConfirmedAt)))
    .returning({ id: users.id });
  return row ?? null;
}

/**
 * Confirms the secret the user proved with a first code; only the secret that was checked (a second
 * enrollment started meanwhile replaced it, and then nothing is confirmed).
 */
export async function confirmTotpSecret(
  db: Db,
  params: { userId: string; secretSealed: string; step: number; at: Date },
) {
  const [row] = await db
    .update(users)
    .set({ totpConfirmedAt: params.at, totpLastStep: params.step })
    .where(
      and(
        eq(users.id, params.userId),
        eq(users.totpSecretSealed, params.secretSealed),
        isNull(users.totpConfirmedAt),
      ),
    )
    .returning({ id: users.id });
  return row ?? null;
}

/**
 * Records a TOTP step as used, in one statement that only moves forward: of two requests carrying
 * the same code, one gets the row and the other nothing (a replay).
 */
export async function acceptTotpStep(db: Db, params: { userId: string; step: number }) {
  const [row] = await db
    .update(users)
    .set({ totpLastStep: params.step })
    .where(
      and(eq(users.id, params.userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, params.step))),
    )
    .returning({ id: users.id });
  return row ?? null;
}

export async function clearTotp(db: Db, params: { userId: string }) {
  await db
    .update(users)
    .set({ totpSecretSealed: null, totpConfirmedAt: null, totpLastStep: null })
    .where(eq(users.id, params.userId));
}

export async function markSecondFactor(db: Db, params: { tokenHash: string; at: Date }) {
  await db
    .update(sessions)
    .set({ secondFactorAt: params.at })
    .where(eq(sessions.tokenHash, params.tokenHash));
}

export async function deleteSessionsOfUser(db: Db, params: { userId: string }) {
  await db.delete(sessions).where(eq(sessions.userId, params.userId));
}

export async function deleteOtherSessionsOfUser(db: Db, params: { userId: string; keepTokenHash: string }) {
  await db
    .delete(sessions)
    .where(and(eq(sessions.userId, params.userId), ne(sessions.tokenHash, params.keepTokenHash)));
}

/**
 * The active administrators, locked for the rest of the transaction: two administrators disabling
 * each other at once are serialized, so the second sees the first one's change.
 */
export async function lockActiveAdmins(db: Db) {
  return db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'admin'), isNull(users.disabledAt)))
    .for('update');
}

/** Disables (a date) or enables (null) an account; only when it is not already in that state. */
export async function setUserDisabled(db: Db, params: { userId: string; disabledAt: Date | null }) {
  const [row] = await db
    .update(users)
    .set({ disabledAt: params.disabledAt })
    .where(
      and(
        eq(users.id, params.userId),
        params.disabledAt ? isNull(users.disabledAt) : sql`${users.disabledAt} is not null`,
      ),
    )
    .returning({ id: users.id });
  return row ?? null;
}

/** A temporary password from an administrator: to be changed at the next sign-in; any lockout ends. */
export async function setTemporaryPassword(db: Db, params: { userId: string; passwordHash: string }) {
  await db
    .update(users)
    .set({
      passwordHash: params.passwordHash,
      passwordChangeRequired: true,
      failedLogins: 0,
      lockedUntil: null,
    })
    .where(eq(users.id, params.userId));
}

/**
 * The user's own password replaces the temporary one, only if the temporary one is still the
 * stored one (an administrator's reset meanwhile wins).
 */
export async function replaceTemporaryPassword(
  db: Db,
  params: { userId: string; temporaryHash: string; passwordHash: string },
) {
  const [row] = await db
    .update(users)
    .set({ passwordHash: params.passwordHash, passwordChangeRequired: false })
    .where(
      and(
        eq(users.id, params.userId),
        eq(users.passwordHash, params.temporaryHash),
        eq(users.passwordChangeRequired, true),
      ),
    )
    .returning({ id: users.id });
  return row ?? null;
}
