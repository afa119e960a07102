import { and, asc, desc, eq, gte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { auditEvents } from '../schema';

export type AuditEventRow = typeof auditEvents.$inferSelect;
export type NewAuditEvent = Omit<AuditEventRow, 'seq' | 'at' | 'prevHash' | 'hash'>;

/** Serialises appends so the chain has one tail; the lock is released at commit. */
export async function lockAuditChain(db: Db): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(727274)`);
}

export async function lastAuditHash(db: Db): Promise<string | null> {
  const [row] = await db
    .select({ hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  return row?.hash ?? null;
}

export async function insertAuditEvent(
  db: Db,
  params: NewAuditEvent & { at: Date; prevHash: string; hash: string },
): Promise<void> {
  await db.insert(auditEvents).values(params);
}

export interface ListAuditEventsParams {
  category?: string;
  actorName?: string;
  since?: Date;
  limit: number;
  offset: number;
}

export async function listAuditEvents(db: Db, params: ListAuditEventsParams) {
  const filters: SQL[] = [];
  if (params.category) filters.push(eq(auditEvents.category, params.category));
  if (params.actorName) filters.push(eq(auditEvents.actorName, params.actorName));
  if (params.since) filters.push(gte(auditEvents.at, params.since));
  const where = filters.length ? and(...filters) : undefined;
  const [rows, [count]] = await Promise.all([
    db
      .select()
      .from(auditEvents)
      .where(where)
      .orderBy(asc(auditEvents.seq))
      .limit(params.limit)
      .offset(params.offset),
    db
      .select({ total: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(where),
  ]);
  return { rows, total: count?.total ?? 0 };
}

export async function allAuditEventsInOrder(db: Db): Promise<AuditEventRow[]> {
  return db.select().from(auditEvents).orderBy(asc(auditEvents.seq));
}
