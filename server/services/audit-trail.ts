import { createHash } from 'node:crypto';
import type { Db } from '../../db/client';
import {
  allAuditEventsInOrder,
  insertAuditEvent,
  lastAuditHash,
  lockAuditChain,
  type AuditEventRow,
  type NewAuditEvent,
} from '../../db/queries/audit';

export type AuditCategory = 'management' | 'security' | 'alert' | 'personalization';

export interface Actor {
  id: string | null;
  name: string;
  role: string;
  origin: string;
}

export interface AuditInput {
  category: AuditCategory;
  action: string;
  objectType?: string;
  objectId?: string;
  result?: 'success' | 'refused' | 'failed';
  details?: Record<string, unknown>;
}

const genesis = '0'.repeat(64);

/**
 * The one audit writer. Runs inside the caller's transaction when given one, so an action and its
 * audit entry commit together or not at all. Details must never hold a secret or a full PAN.
 */
export async function recordAudit(db: Db, actor: Actor, input: AuditInput): Promise<void> {
  await db.transaction(async (tx) => {
    const chained = tx as unknown as Db;
    await lockAuditChain(chained);
    const prevHash = (await lastAuditHash(chained)) ?? genesis;
    const entry: NewAuditEvent = {
      actorId: actor.id,
      actorName: actor.name,
      actorRole: actor.role,
      category: input.category,
      action: input.action,
      objectType: input.objectType ?? null,
      objectId: input.objectId ?? null,
      result: input.result ?? 'success',
      origin: actor.origin,
      // Stored as jsonb: hash exactly what PostgreSQL will give back (no undefined, Dates as strings).
      details: JSON.parse(JSON.stringify(input.details ?? {})) as Record<string, unknown>,
    };
    // A JS Date has millisecond precision, which PostgreSQL stores exactly, so the hash can be recomputed.
    const at = new Date();
    await insertAuditEvent(chained, { ...entry, at, prevHash, hash: chainHash(prevHash, at, entry) });
  });
}

export function chainHash(prevHash: string, at: Date, entry: NewAuditEvent): string {
  const canonical = JSON.stringify([
    prevHash,
    at.toISOString(),
    entry.actorId,
    entry.actorName,
    entry.actorRole,
    entry.category,
    entry.action,
    entry.objectType,
    entry.objectId,
    entry.result,
    entry.origin,
    canonicalJson(entry.details),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  firstBrokenSeq: number | null;
  reason: string | null;
}

/** Recomputes every link; reports the first entry whose hash or predecessor does not match. */
export async function verifyAuditChain(db: Db): Promise<ChainVerification> {
  const rows = await allAuditEventsInOrder(db);
  let prevHash = genesis;
  for (const row of rows) {
    const broken = checkLink(row, prevHash);
    if (broken) return { ok: false, checked: rows.length, firstBrokenSeq: row.seq, reason: broken };
    prevHash = row.hash;
  }
  return { ok: true, checked: rows.length, firstBrokenSeq: null, reason: null };
}

function checkLink(row: AuditEventRow, expectedPrev: string): string | null {
  if (row.prevHash !== expectedPrev) {
    return 'the entry does not follow the one before it (an entry was removed or reordered)';
  }
  const { seq: _seq, at, prevHash, hash, ...entry } = row;
  if (chainHash(prevHash, at, entry) !== hash) return 'the entry was changed after it was written';
  return null;
}
