import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { caPublicKeys, users } from '../schema';

export type CaPublicKeyRow = typeof caPublicKeys.$inferSelect;
export type CaEnvironment = CaPublicKeyRow['environment'];

export async function insertCaPublicKey(db: Db, params: typeof caPublicKeys.$inferInsert) {
  const [row] = await db.insert(caPublicKeys).values(params).returning();
  return row!;
}

export interface CaPublicKeyIdentityParams {
  rid: string;
  index: string;
  environment: CaEnvironment;
}

export async function findCaPublicKeyByIdentity(db: Db, params: CaPublicKeyIdentityParams) {
  const [row] = await db
    .select()
    .from(caPublicKeys)
    .where(
      and(
        eq(caPublicKeys.rid, params.rid),
        eq(caPublicKeys.index, params.index),
        eq(caPublicKeys.environment, params.environment),
      ),
    )
    .limit(1);
  return row ?? null;
}

export async function findCaPublicKey(db: Db, params: { id: string }) {
  const [row] = await db.select().from(caPublicKeys).where(eq(caPublicKeys.id, params.id)).limit(1);
  return row ?? null;
}

/** Both lists, live first, each by RID and index. */
export async function listCaPublicKeys(db: Db) {
  return db
    .select({
      id: caPublicKeys.id,
      rid: caPublicKeys.rid,
      index: caPublicKeys.index,
      environment: caPublicKeys.environment,
      modulus: caPublicKeys.modulus,
      exponent: caPublicKeys.exponent,
      checksum: caPublicKeys.checksum,
      source: caPublicKeys.source,
      addedAt: caPublicKeys.addedAt,
      addedByName: users.displayName,
    })
    .from(caPublicKeys)
    .innerJoin(users, eq(users.id, caPublicKeys.addedBy))
    .orderBy(asc(caPublicKeys.environment), asc(caPublicKeys.rid), asc(caPublicKeys.index));
}
