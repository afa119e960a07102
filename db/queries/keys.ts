import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { keys, users } from '../schema';

export type KeyRow = typeof keys.$inferSelect;

export async function insertKey(db: Db, params: typeof keys.$inferInsert) {
  const [row] = await db.insert(keys).values(params).returning();
  return row!;
}

export async function listKeys(db: Db) {
  return db
    .select({
      id: keys.id,
      label: keys.label,
      usage: keys.usage,
      algorithm: keys.algorithm,
      kcv: keys.kcv,
      backend: keys.backend,
      status: keys.status,
      createdAt: keys.createdAt,
      createdByName: sql<string>`coalesce(${users.displayName}, 'the workbench')`,
    })
    .from(keys)
    .leftJoin(users, eq(users.id, keys.createdBy))
    .orderBy(desc(keys.createdAt));
}

export async function findKey(db: Db, params: { id: string }) {
  const [row] = await db.select().from(keys).where(eq(keys.id, params.id)).limit(1);
  return row ?? null;
}

export async function setKeyStatus(db: Db, params: { id: string; status: KeyRow['status'] }) {
  const [row] = await db
    .update(keys)
    .set({ status: params.status })
    .where(eq(keys.id, params.id))
    .returning();
  return row ?? null;
}

export async function findActiveKeyByLabel(db: Db, params: { label: string; usage: KeyRow['usage'] }) {
  const [row] = await db
    .select()
    .from(keys)
    .where(and(eq(keys.label, params.label), eq(keys.usage, params.usage), eq(keys.status, 'active')))
    .limit(1);
  return row ?? null;
}
