import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { bureaus, users } from '../schema';

export type BureauRow = typeof bureaus.$inferSelect;

export interface InsertBureauParams {
  code: string;
  name: string;
  createdBy: string | null;
}

/** Null when the code is taken. */
export async function insertBureau(db: Db, params: InsertBureauParams) {
  const [row] = await db.insert(bureaus).values(params).onConflictDoNothing().returning();
  return row ?? null;
}

export async function findBureau(db: Db, params: { id: string }) {
  const [row] = await db.select().from(bureaus).where(eq(bureaus.id, params.id)).limit(1);
  return row ?? null;
}

export async function findBureauByCode(db: Db, params: { code: string }) {
  const [row] = await db.select().from(bureaus).where(eq(bureaus.code, params.code)).limit(1);
  return row ?? null;
}

export interface ListBureausParams {
  activeOnly?: boolean;
}

export async function listBureaus(db: Db, params: ListBureausParams = {}) {
  return db
    .select({
      id: bureaus.id,
      code: bureaus.code,
      name: bureaus.name,
      active: bureaus.active,
      createdAt: bureaus.createdAt,
      createdByName: users.displayName,
    })
    .from(bureaus)
    .leftJoin(users, eq(users.id, bureaus.createdBy))
    .where(params.activeOnly ? eq(bureaus.active, true) : undefined)
    .orderBy(asc(bureaus.code));
}

/** Null when the bureau does not exist or is already inactive (a lost race or a second click). */
export async function deactivateBureau(db: Db, params: { id: string }) {
  const [row] = await db
    .update(bureaus)
    .set({ active: false })
    .where(and(eq(bureaus.id, params.id), eq(bureaus.active, true)))
    .returning();
  return row ?? null;
}

/** Sets the bureau of a bureau operator; null when the user is not one (the check constraint agrees). */
export async function setUserBureau(db: Db, params: { userId: string; bureauId: string }) {
  const [row] = await db
    .update(users)
    .set({ bureauId: params.bureauId })
    .where(and(eq(users.id, params.userId), eq(users.role, 'bureau_operator')))
    .returning({ id: users.id });
  return row ?? null;
}
