import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { insertKey } from '../../db/queries/keys';
import { cardRecords, jobs } from '../../db/schema';
import { databaseKinds } from '../test-support/databases';
import { startTestBridge, type TestBridge } from '../test-support/bridge';
import {
  allAuditEvents,
  approvedJob,
  auditEventsFor,
  testDataAtRestKey,
  threeValidCards,
  workbenchWithKeys,
  type SeededWorkbench,
} from '../test-support/workbench';
import { prepareJob } from './prepare-job';

process.env.DATA_AT_REST_KEY = testDataAtRestKey;

let bridge: TestBridge;
beforeAll(async () => {
  bridge = await startTestBridge('prepare-job');
});
afterAll(() => bridge.close());

function recordsOf(db: Db, jobId: string) {
  return db
    .select()
    .from(cardRecords)
    .where(eq(cardRecords.jobId, jobId))
    .orderBy(asc(cardRecords.rowNumber));
}

async function jobRow(db: Db, jobId: string) {
  const [job] = await db.select().from(jobs).where(eq(jobs.id, jobId));
  return job!;
}

describe.each(databaseKinds)('preparing a job on %s', (kind) => {
  let handle: Awaited<ReturnType<typeof workbenchWithKeys>>['handle'];
  let w: SeededWorkbench;
  let keys: { imkKeyId: string; kekKeyId: string };

  beforeAll(async () => {
    ({ handle, w, keys } = await workbenchWithKeys(kind, bridge.client));
  });
  afterAll(() => handle.close());

  it('does nothing to a job that is already prepared', async () => {
    const job = await approvedJob(w, keys, threeValidCards);
    await prepareJob(handle.db, bridge.client, job.id);
    const records = await recordsOf(handle.db, job.id);
    const auditCount = (await allAuditEvents(handle.db)).length;
    expect(records).toHaveLength(3);

    await prepareJob(handle.db, bridge.client, job.id);
    expect(await recordsOf(handle.db, job.id)).toEqual(records);
    expect(await jobRow(handle.db, job.id)).toMatchObject({ status: 'prepared', preparedRows: 3 });
    expect(await allAuditEvents(handle.db)).toHaveLength(auditCount);
  });

  it('does nothing to a job that is not approved yet', async () => {
    const job = await approvedJob(w, keys, threeValidCards);
    await handle.db.update(jobs).set({ status: 'submitted' }).where(eq(jobs.id, job.id));
    await prepareJob(handle.db, bridge.client, job.id);
    expect(await recordsOf(handle.db, job.id)).toEqual([]);
    expect(await jobRow(handle.db, job.id)).toMatchObject({ status: 'submitted', preparedRows: 0 });
  });

  it('resumes a job left running by a crash without duplicating or changing any card', async () => {
    const job = await approvedJob(w, keys, threeValidCards);
    await prepareJob(handle.db, bridge.client, job.id);
    const before = await recordsOf(handle.db, job.id);

    // A worker that died after the first chunk of a bigger job: the job is still 'running' and the
    // last card has no record yet.
    await handle.db
      .delete(cardRecords)
      .where(and(eq(cardRecords.jobId, job.id), eq(cardRecords.rowNumber, 4)));
    await handle.db.update(jobs).set({ status: 'running', preparedRows: 2 }).where(eq(jobs.id, job.id));
    await prepareJob(handle.db, bridge.client, job.id);

    const after = await recordsOf(handle.db, job.id);
    expect(after.map((r) => r.rowNumber)).toEqual([2, 3, 4]);
    expect(after.slice(0, 2)).toEqual(before.slice(0, 2));
    // The derivation is deterministic, so the re-made card carries the same cryptogram and KCV.
    expect(after[2]!.application).toEqual(before[2]!.application);
    expect(await jobRow(handle.db, job.id)).toMatchObject({ status: 'prepared', preparedRows: 3 });

    // Crashed after the last chunk but before the status moved: nothing left to derive.
    await handle.db.update(jobs).set({ status: 'running' }).where(eq(jobs.id, job.id));
    await prepareJob(handle.db, bridge.client, job.id);
    expect(await recordsOf(handle.db, job.id)).toEqual(after);
    expect(await jobRow(handle.db, job.id)).toMatchObject({ status: 'prepared', preparedRows: 3 });
    const events = (await auditEventsFor(handle.db, job.id)).map((e) => e.action);
    expect(events.slice(-4)).toEqual(['job.run', 'job.prepared', 'job.prepared', 'job.prepared']);
  });

  it('fails the job, with the HSM reason and an alert, when its key is missing from the HSM', async () => {
    const ghost = await insertKey(handle.db, {
      label: 'IMK deleted from the HSM',
      usage: 'E0',
      algorithm: 'TDES2',
      kcv: '000000',
      backend: 'software:software',
      hsmKeyRef: 'missing-key-0001',
      createdBy: w.ctx.officer1.user.id,
    });
    const job = await approvedJob(w, { imkKeyId: ghost.id, kekKeyId: keys.kekKeyId }, threeValidCards);
    await prepareJob(handle.db, bridge.client, job.id);
    expect(await jobRow(handle.db, job.id)).toMatchObject({
      status: 'failed',
      preparedRows: 0,
      failureReason: 'key missing-key-0001 does not exist in the HSM',
    });
    expect(await recordsOf(handle.db, job.id)).toEqual([]);
    const [failed] = (await auditEventsFor(handle.db, job.id)).filter((e) => e.action === 'job.failed');
    expect(failed).toMatchObject({
      category: 'alert',
      result: 'failed',
      actorName: 'Preparation worker',
      details: { reference: job.reference, reason: 'key missing-key-0001 does not exist in the HSM' },
    });
  });
});
