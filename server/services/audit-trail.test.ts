import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { auditEvents } from '../../db/schema';
import { databaseKinds, freshDatabase } from '../test-support/databases';
import { allAuditEvents, rejectionOf } from '../test-support/workbench';
import { recordAudit, verifyAuditChain, type Actor } from './audit-trail';

const officer: Actor = { id: null, name: 'Oscar Officer', role: 'security_officer', origin: '10.0.0.7' };
const genesis = '0'.repeat(64);

/** Drizzle wraps the driver's error; the database's own message is on the cause. */
function databaseMessage(error: Error): string {
  return (error.cause as Error | undefined)?.message ?? error.message;
}

async function writeEntries(db: Db, count: number): Promise<void> {
  for (let i = 1; i <= count; i++) {
    await recordAudit(db, officer, {
      category: 'management',
      action: `key.generate`,
      objectType: 'key',
      objectId: `key-${i}`,
      details: { label: `Key ${i}`, kcv: 'ABC123', nested: { z: i, a: [1, 'two'] } },
    });
  }
}

/**
 * Tampers as a database superuser would (append-only trigger switched off), reports what
 * verifyAuditChain then says, and puts the trail back exactly as it was.
 */
async function verifyWhileTampered(db: Db, ...statements: ReturnType<typeof sql>[]) {
  const original = await allAuditEvents(db);
  await db.execute(sql`alter table audit_events disable trigger audit_events_no_update_delete`);
  try {
    for (const statement of statements) await db.execute(statement);
    return await verifyAuditChain(db);
  } finally {
    await db.delete(auditEvents).where(sql`true`);
    await db.insert(auditEvents).values(original);
    await db.execute(sql`alter table audit_events enable trigger audit_events_no_update_delete`);
  }
}

describe.each(databaseKinds)('audit trail on %s', (kind) => {
  let handle: Awaited<ReturnType<typeof freshDatabase>>;
  let emptyVerification: Awaited<ReturnType<typeof verifyAuditChain>>;
  beforeAll(async () => {
    handle = await freshDatabase(kind);
    emptyVerification = await verifyAuditChain(handle.db);
    await writeEntries(handle.db, 4);
  });
  afterAll(() => handle.close());

  it('accepts an empty trail', () => {
    expect(emptyVerification).toEqual({ ok: true, checked: 0, firstBrokenSeq: null, reason: null });
  });

  it('chains every entry to the one before it, and verifies the chain', async () => {
    const rows = (await allAuditEvents(handle.db)).slice(0, 4);
    expect(rows.map((r) => r.objectId)).toEqual(['key-1', 'key-2', 'key-3', 'key-4']);
    expect(rows[0]!.prevHash).toBe(genesis);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    expect(new Set(rows.map((r) => r.hash)).size).toBe(4);
    for (const row of rows) expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]).toMatchObject({
      actorId: null,
      actorName: 'Oscar Officer',
      actorRole: 'security_officer',
      origin: '10.0.0.7',
      category: 'management',
      result: 'success',
      details: { label: 'Key 1', kcv: 'ABC123', nested: { z: 1, a: [1, 'two'] } },
    });
    expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: true, firstBrokenSeq: null, reason: null });
  });

  it('writes nothing when the surrounding transaction rolls back', async () => {
    const before = (await allAuditEvents(handle.db)).length;
    await rejectionOf(
      handle.db.transaction(async (tx) => {
        await recordAudit(tx, officer, {
          category: 'management',
          action: 'key.generate',
          objectId: 'rolled-back',
        });
        throw new Error('the action failed');
      }),
    );
    expect(await allAuditEvents(handle.db)).toHaveLength(before);
  });

  it.each([
    ['UPDATE', sql`update audit_events set details = '{}'::jsonb where object_id = 'key-2'`],
    ['DELETE', sql`delete from audit_events where object_id = 'key-2'`],
    ['TRUNCATE', sql`truncate audit_events`],
  ])('refuses %s in the database itself', async (operation, statement) => {
    const before = await allAuditEvents(handle.db);
    const error = await rejectionOf(handle.db.execute(statement));
    expect(databaseMessage(error)).toBe(`audit_events is append-only: ${operation} refused`);
    expect(await allAuditEvents(handle.db)).toEqual(before);
    expect((await verifyAuditChain(handle.db)).ok).toBe(true);
  });
  it('keeps one chain when many entries are written at once', async () => {
    const before = (await allAuditEvents(handle.db)).length;
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        recordAudit(handle.db, officer, { category: 'security', action: 'login', objectId: `parallel-${i}` }),
      ),
    );
    expect(await verifyAuditChain(handle.db)).toEqual({
      ok: true,
      checked: before + 12,
      firstBrokenSeq: null,
      reason: null,
    });
  });
});

describe.each(databaseKinds)('audit trail tampering on %s', (kind) => {
  let handle: Awaited<ReturnType<typeof freshDatabase>>;
  let seqs: number[];
  beforeAll(async () => {
    handle = await freshDatabase(kind);
    await writeEntries(handle.db, 5);
    seqs = (await allAuditEvents(handle.db)).map((r) => r.seq);
  });
  afterEach(async () => {
    // The restored trail verifies again: the check depends on content only.
    expect(await verifyAuditChain(handle.db)).toEqual({
      ok: true,
      checked: 5,
      firstBrokenSeq: null,
      reason: null,
    });
  });
  afterAll(() => handle.close());

  it('finds an entry whose details were changed afterwards', async () => {
    const result = await verifyWhileTampered(
      handle.db,
      sql`update audit_events set details = '{"label":"Key 3","kcv":"FFFFFF"}'::jsonb where seq = ${seqs[2]}`,
    );
    expect(result).toEqual({
      ok: false,
      checked: 5,
      firstBrokenSeq: seqs[2],
      reason: 'the entry was changed after it was written',
    });
  });

  it('finds an entry whose result was changed afterwards', async () => {
    const result = await verifyWhileTampered(
      handle.db,
      sql`update audit_events set result = 'refused' where seq = ${seqs[1]}`,
    );
    expect(result).toEqual({
      ok: false,
      checked: 5,
      firstBrokenSeq: seqs[1],
      reason: 'the entry was changed after it was written',
    });
  });

  it('finds an entry whose time was moved', async () => {
    const result = await verifyWhileTampered(
      handle.db,
      sql`update audit_events set at = at - interval '1 hour' where seq = ${seqs[3]}`,
    );
    expect(result).toEqual({
      ok: false,
      checked: 5,
      firstBrokenSeq: seqs[3],
      reason: 'the entry was changed after it was written',
    });
  });

  it('finds a removed entry at the entry that followed it', async () => {
    const result = await verifyWhileTampered(handle.db, sql`delete from audit_events where seq = ${seqs[2]}`);
    expect(result).toEqual({
      ok: false,
      checked: 4,
      firstBrokenSeq: seqs[3],
      reason: 'the entry does not follow the one before it (an entry was removed or reordered)',
    });
  });

  it('finds two entries swapped in order', async () => {
    const result = await verifyWhileTampered(
      handle.db,
      sql`update audit_events set seq = -1 where seq = ${seqs[1]}`,
      sql`update audit_events set seq = ${seqs[1]} where seq = ${seqs[2]}`,
      sql`update audit_events set seq = ${seqs[2]} where seq = -1`,
    );
    expect(result).toMatchObject({ ok: false, checked: 5, firstBrokenSeq: seqs[1] });
    expect(result.reason).toContain('removed or reordered');
  });
});
