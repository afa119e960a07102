import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../db/schema';
import { databaseKinds, freshDatabase } from '../test-support/databases';
import { startTestBridge, type TestBridge } from '../test-support/bridge';
import { seedWorkbench } from '../test-support/workbench';
import { verifyAuditCheckpoints, writeAuditCheckpoint } from './audit-checkpoint';
import { chainHash, recordAudit, verifyAuditChain } from './audit-trail';

const system = { id: null, name: 'Test', role: 'system', origin: 'test' };

describe.each(databaseKinds)('HSM-signed audit checkpoints on %s', (kind) => {
  let bridge: TestBridge;
  let handle: Awaited<ReturnType<typeof freshDatabase>>;
  const file = path.join(
    mkdtempSync(path.join(os.tmpdir(), 'dataprep-checkpoints-')),
    'audit-checkpoints.jsonl',
  );
  beforeAll(async () => {
    bridge = await startTestBridge(`checkpoint-${kind}`);
    handle = await freshDatabase(kind);
    await seedWorkbench(handle.db, bridge.client);
  });
  afterAll(async () => {
    await handle.close();
    await bridge.close();
  });

  it('signs the head of the chain once, in the table and in a file outside the database', async () => {
    for (let i = 0; i < 3; i++)
      await recordAudit(handle.db, system, { category: 'management', action: `test.${i}` });
    const first = await writeAuditCheckpoint(handle.db, bridge.client, file);
    expect(first?.mac).toMatch(/^[0-9A-F]{64}$/);
    expect(await writeAuditCheckpoint(handle.db, bridge.client, file)).toBeNull();
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ seq: first!.seq, chainHash: first!.chainHash, mac: first!.mac });
    expect(await verifyAuditCheckpoints(handle.db, bridge.client)).toMatchObject({
      ok: true,
      checked: 1,
      firstBrokenSeq: null,
    });
  });

  it('refuses UPDATE and DELETE of a checkpoint in the database itself', async () => {
    const refusal = (statement: Promise<unknown>) =>
      statement.then(
        () => 'allowed',
        (error: Error & { cause?: Error }) => error.cause?.message ?? error.message,
      );
    expect(await refusal(handle.db.execute(sql`update audit_checkpoints set mac = 'X'`))).toBe(
      'audit_checkpoints is append-only: UPDATE refused',
    );
    expect(await refusal(handle.db.execute(sql`delete from audit_checkpoints`))).toBe(
      'audit_checkpoints is append-only: DELETE refused',
    );
  });

  it('catches a trail rewritten by a superuser who recomputed the SHA-256 chain', async () => {
    const checkpoint = (await writeAuditCheckpoint(handle.db, bridge.client, file)) ?? null;
    const signedSeq = checkpoint?.seq ?? (await verifyAuditCheckpoints(handle.db, bridge.client)).lastSeq!;
    await handle.db.execute(sql`alter table audit_events disable trigger audit_events_no_update_delete`);
    try {
      const rows = await handle.db.select().from(auditEvents).orderBy(asc(auditEvents.seq));
      const victim = rows[1]!;
      let prev = rows[0]!.hash;
      for (const row of rows.slice(1)) {
        const details = row.seq === victim.seq ? { forged: true } : row.details;
        const { seq: _seq, at, prevHash: _p, hash: _h, ...entry } = row;
        const hash = chainHash(prev, at, { ...entry, details });
        await handle.db.execute(
          sql`update audit_events set details = ${JSON.stringify(details)}::jsonb, prev_hash = ${prev}, hash = ${hash} where seq = ${row.seq}`,
        );
        prev = hash;
      }
    } finally {
      await handle.db.execute(sql`alter table audit_events enable trigger audit_events_no_update_delete`);
    }
    expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: true });
    const checked = await verifyAuditCheckpoints(handle.db, bridge.client);
    expect(checked.ok).toBe(false);
    expect(checked.reason).toMatch(/no longer has the hash it had: the trail was rewritten/);
    expect(checked.firstBrokenSeq).toBeLessThanOrEqual(signedSeq);
  });
});
