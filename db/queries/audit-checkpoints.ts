import { asc, desc } from 'drizzle-orm';
import type { Db } from '../client';
import { auditCheckpoints } from '../schema';

export type AuditCheckpointRow = typeof auditCheckpoints.$inferSelect;

export async function lastAuditCheckpoint(db: Db) {
  const [row] = await db.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.seq)).limit(1);
  return row ?? null;
}

export async function insertAuditCheckpoint(db: Db, params: typeof auditCheckpoints.$inferInsert) {
  const [row] = await db.insert(auditCheckpoints).values(params).onConflictDoNothing().returning();
  return row ?? null;
}

export async function listAuditCheckpoints(db: Db) {
  return db.select().from(auditCheckpoints).orderBy(asc(auditCheckpoints.seq));
}
