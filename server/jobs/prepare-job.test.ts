import os from 'node:os';
import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { listCardValidations, listJobOutputFiles } from '../../db/queries/job-outputs';
import { insertJob } from '../../db/queries/jobs';
import { insertKey } from '../../db/queries/keys';
import { cardRecords, jobs } from '../../db/schema';
import { openText } from '../services/cardholder-seal';
import { databaseKinds } from '../test-support/databases';
import { startTestBridge, type TestBridge } from '../test-support/bridge';
import {
  approvedProfileJob,
  threeCreditCards,
  workbenchWithCreditProfile,
  type ProfileJobSetup,
} from '../test-support/profile-jobs';
import {
  allAuditEvents,
  auditEventsFor,
  testDataAtRestKey,
  type SeededWorkbench,
} from '../test-support/workbench';
import { preparedRecordContext } from './card-preparation/profile-chunk';
import type { PreparedCardContent } from './card-preparation/types';
import { writeOutputFiles } from './output/write-output-files';
import { prepareJob, prepareNextChunk, startPreparation } from './prepare-job';

process.env.DATA_AT_REST_KEY = testDataAtRestKey;
process.env.DATAPREP_OUTPUT_DIR ??= path.join(os.tmpdir(), 'dataprep-test-outputs');

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

/** The DGI of the credit application that holds the card's ICC master keys under the KEK, and their KCVs. */
function cardKeysOf(jobId: string, record: { rowNumber: number; recordSealed: string | null }) {
  const content = JSON.parse(
    openText(record.recordSealed!, preparedRecordContext(jobId, record.rowNumber)),
  ) as PreparedCardContent;
  const dgis = content.applications.find((app) => app.name !== 'PSE')!.dgis;
  return ['8000', '9000'].map((dgi) => dgis.find((d) => d.dgi === dgi)!.data);
}

describe.each(databaseKinds)('preparing a job on %s', (kind) => {
  let handle: Awaited<ReturnType<typeof workbenchWithCreditProfile>>['handle'];
  let w: SeededWorkbench;
  let setup: ProfileJobSetup;

  beforeAll(async () => {
    ({ handle, w, setup } = await workbenchWithCreditProfile(kind, bridge.client));
  }, 120_000);
  afterAll(() => handle.close());

  it('does nothing to a job that is already prepared and validated', async () => {
    const job = await approvedProfileJob(w, setup, threeCreditCards);
    await prepareJob(handle.db, bridge.client, job.id);
    const records = await recordsOf(handle.db, job.id);
    const files = await listJobOutputFiles(handle.db, { jobId: job.id });
    const auditCount = (await allAuditEvents(handle.db)).length;
    expect(records).toHaveLength(3);
    expect(await jobRow(handle.db, job.id)).toMatchObject({ status: 'validated', preparedRows: 3 });

    await prepareJob(handle.db, bridge.client, job.id);
    expect(await recordsOf(handle.db, job.id)).toEqual(records);
    expect(await listJobOutputFiles(handle.db, { jobId: job.id })).toEqual(files);
    expect(await jobRow(handle.db, job.id)).toMatchObject({ status: 'validated', preparedRows: 3 });
    expect(await allAuditEvents(handle.db)).toHaveLength(auditCount);
  });

  it('does nothing to a job that is not approved yet', async () => {
    const job = await approvedProfileJob(w, setup, threeCreditCards);
    await handle.db.update(jobs).set({ status: 'submitted' }).where(eq(jobs.id, job.id));
    await prepareJob(handle.db, bridge.client, job.id);
    expect(await recordsOf(handle.db, job.id)).toEqual([]);
    expect(await jobRow(handle.db, job.id)).toMatchObject({ status: 'submitted', preparedRows: 0 });
  });

  it('resumes a job left running by a crash without duplicating or changing any card or file', async () => {
    const job = await approvedProfileJob(w, setup, threeCreditCards);
    await startPreparation(handle.db, job.id);
    expect(await prepareNextChunk(handle.db, bridge.client, job.id)).toBe('more');
    const before = await recordsOf(handle.db, job.id);
    expect(before.map((r) => r.rowNumber)).toEqual([2, 3, 4]);

    // A worker that died after the first chunk of a bigger job: the job is still 'running' and the
    // last card has no record yet.
    await handle.db
      .delete(cardRecords)
      .where(and(eq(cardRecords.jobId, job.id), eq(cardRecords.rowNumber, 4)));
    await handle.db.update(jobs).set({ preparedRows: 2 }).where(eq(jobs.id, job.id));
    expect(await prepareNextChunk(handle.db, bridge.client, job.id)).toBe('more');
    const after = await recordsOf(handle.db, job.id);
    expect(after.map((r) => r.rowNumber)).toEqual([2, 3, 4]);
    expect(after.slice(0, 2)).toEqual(before.slice(0, 2));
    // The derivation is deterministic, so the re-made card carries the same master keys and KCVs.
    expect(cardKeysOf(job.id, after[2]!)).toEqual(cardKeysOf(job.id, before[2]!));
    expect(await jobRow(handle.db, job.id)).toMatchObject({ status: 'running', preparedRows: 3 });

    // A worker that died after writing the bureau files, before the status moved: the files stay.
    await writeOutputFiles(handle.db, bridge.client, await jobRow(handle.db, job.id));
    const files = await listJobOutputFiles(handle.db, { jobId: job.id });
    expect(files.map((f) => f.kind).sort()).toEqual(['cps', 'jsonl', 'manifest']);
    await prepareJob(handle.db, bridge.client, job.id);

    expect(await recordsOf(handle.db, job.id)).toEqual(after);
    expect(await listJobOutputFiles(handle.db, { jobId: job.id })).toEqual(files);
    expect((await listCardValidations(handle.db, { jobId: job.id })).map((v) => v.rowNumber)).toEqual([
      2, 3, 4,
    ]);
    expect(await jobRow(handle.db, job.id)).toMatchObject({ status: 'validated', preparedRows: 3 });
    const events = (await auditEventsFor(handle.db, job.id)).map((e) => e.action);
    expect(events.slice(-3)).toEqual(['job.run', 'job.prepared', 'job.validated']);
  });

  it('fails the job, with the HSM reason and an alert, when its key is missing from the HSM', async () => {
    const ghost = await insertKey(handle.db, {
      label: 'MK-AC deleted from the HSM',
      usage: 'E0',
      algorithm: 'TDES2',
      kcv: '000000',
      backend: 'software:software',
      hsmKeyRef: 'missing-key-0001',
      createdBy: w.ctx.officer1.user.id,
    });
    const withGhost = {
      ...setup,
      parameters: { ...setup.parameters, masterKeys: { ...setup.parameters.masterKeys, E0: ghost.id } },
    };
    const job = await approvedProfileJob(w, withGhost, threeCreditCards);
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

  it('fails a job made before card profiles, saying to create it again from a profile version', async () => {
    const legacy = await insertJob(handle.db, {
      reference: `JOB-LEGACY-${kind}`,
      kekKeyId: setup.parameters.kekKeyId,
      status: 'approved',
      inputFileName: 'cardholders.csv',
      inputSha256: '0'.repeat(64),
      totalRows: 0,
      acceptedRows: 0,
      rejectedRows: 0,
      approvalSubject: 'f'.repeat(64),
      createdBy: w.ctx.analyst.user.id,
    });
    await prepareJob(handle.db, bridge.client, legacy.id);
    expect(await jobRow(handle.db, legacy.id)).toMatchObject({
      status: 'failed',
      failureReason: 'made before card profiles; create it again from a profile version',
    });
    expect((await auditEventsFor(handle.db, legacy.id)).map((e) => [e.action, e.category])).toEqual([
      ['job.run', 'personalization'],
      ['job.failed', 'alert'],
    ]);
  });
});
