import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { keyCeremonies, keyCeremonyComponents, users } from '../schema';

export type KeyCeremonyRow = typeof keyCeremonies.$inferSelect;

export async function insertKeyCeremony(db: Db, params: typeof keyCeremonies.$inferInsert) {
  const [row] = await db.insert(keyCeremonies).values(params).returning();
  return row!;
}

export async function findKeyCeremony(db: Db, params: { id: string }) {
  const [row] = await db.select().from(keyCeremonies).where(eq(keyCeremonies.id, params.id)).limit(1);
  return row ?? null;
}

export async function listKeyCeremonies(db: Db) {
  return db
    .select({
      id: keyCeremonies.id,
      label: keyCeremonies.label,
      usage: keyCeremonies.usage,
      algorithm: keyCeremonies.algorithm,
      components: keyCeremonies.components,
      status: keyCeremonies.status,
      startedAt: keyCeremonies.startedAt,
      expiresAt: keyCeremonies.expiresAt,
      finalKcv: keyCeremonies.finalKcv,
      startedByName: users.displayName,
    })
    .from(keyCeremonies)
    .innerJoin(users, eq(users.id, keyCeremonies.startedBy))
    .orderBy(desc(keyCeremonies.startedAt));
}

export async function listCeremonyComponents(db: Db, params: { ceremonyId: string }) {
  return db
    .select({
      componentIndex: keyCeremonyComponents.componentIndex,
      custodianId: keyCeremonyComponents.custodianId,
      custodianName: users.displayName,
      kcv: keyCeremonyComponents.kcv,
      enteredAt: keyCeremonyComponents.enteredAt,
    })
    .from(keyCeremonyComponents)
    .innerJoin(users, eq(users.id, keyCeremonyComponents.custodianId))
    .where(eq(keyCeremonyComponents.ceremonyId, params.ceremonyId))
    .orderBy(asc(keyCeremonyComponents.componentIndex));
}

export async function insertCeremonyComponent(db: Db, params: typeof keyCeremonyComponents.$inferInsert) {
  await db.insert(keyCeremonyComponents).values(params);
}

export async function closeKeyCeremony(
  db: Db,
  params: { id: string; status: 'completed' | 'cancelled'; keyId?: string; finalKcv?: string },
) {
  const [row] = await db
    .update(keyCeremonies)
    .set({ status: params.status, keyId: params.keyId ?? null, finalKcv: params.finalKcv ?? null })
    .where(and(eq(keyCeremonies.id, params.id), eq(keyCeremonies.status, 'open')))
    .returning();
  return row ?? null;
}
