import { and, asc, desc, eq, gte, ilike, lte, or, sql, type SQL } from 'drizzle-orm';
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

export interface AuditFilter {
  category?: string;
  /** Part of the actor's name, any case. */
  actorName?: string;
  /** An object id, or part of the reference in the details (a job reference). */
  object?: string;
  since?: Date;
  until?: Date;
}

export interface ListAuditEventsParams extends AuditFilter {
  limit: number;
  offset: number;
}

function auditWhere(filter: AuditFilter): SQL | undefined {
  const filters: SQL[] = [];
  if (filter.category) filters.push(eq(auditEvents.category, filter.category));
  if (filter.actorName) filters.push(ilike(auditEvents.actorName, `%${filter.actorName}%`));
  if (filter.object) {
    filters.push(
      or(
        eq(auditEvents.objectId, filter.object),
        ilike(sql`${auditEvents.details}->>'reference'`, `%${filter.object}%`),
      )!,
    );
  }
  if (filter.since) filters.push(gte(auditEvents.at, filter.since));
  if (filter.until) filters.push(lte(auditEvents.at, filter.until));
  return filters.length ? and(...filters) : undefined;
}

export async function listAuditEvents(db: Db, params: ListAuditEventsParams) {
  const where = auditWhere(params);
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

export async function allAuditEventsInOrder(db: Db, filter: AuditFilter = {}): Promise<AuditEventRow[]> {
  return db.select().from(auditEvents).where(auditWhere(filter)).orderBy(asc(auditEvents.seq));
}

export async function lastAuditEvent(db: Db) {
  const [row] = await db
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  return row ?? null;
}
