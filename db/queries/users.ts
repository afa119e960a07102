import { eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { sessions, users } from '../schema';

export type UserRow = typeof users.$inferSelect;
export type Role = UserRow['role'];

export async function findUserByUsername(db: Db, params: { username: string }) {
  const [row] = await db.select().from(users).where(eq(users.username, params.username)).limit(1);
  return row ?? null;
}

export async function insertUser(
  db: Db,
  params: { username: string; displayName: string; role: Role; passwordHash: string },
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
      createdAt: users.createdAt,
    })
    .from(users)
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
