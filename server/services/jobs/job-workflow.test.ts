import { createHash } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findJob } from '../../../db/queries/jobs';
import { cardRecords, jobCards, keys as keysTable } from '../../../db/schema';
import { databaseKinds } from '../../test-support/databases';
import { startTestBridge, type TestBridge } from '../../test-support/bridge';
import {
  auditEventsFor,
  jobInput,
  testDataAtRestKey,
  testPans,
  threeValidCards,
  workbenchWithKeys,
  type SeededWorkbench,
} from '../../test-support/workbench';
import { prepareJob } from '../../jobs/prepare-job';
import { verifyAuditChain } from '../audit-trail';
import { createJob } from './create-job';
import { downloadJobOutput } from './job-output';
import { approveJob, releaseJob, submitJob } from './job-workflow';

process.env.DATA_AT_REST_KEY = testDataAtRestKey;

let bridge: TestBridge;
beforeAll(async () => {
  bridge = await startTestBridge('job-workflow');
});
afterAll(() => bridge.close());

describe.each(databaseKinds)('job workflow through the services on %s', (kind) => {
  let handle: Awaited<ReturnType<typeof workbenchWithKeys>>['handle'];
  let w: SeededWorkbench;
  let keys: { imkKeyId: string; kekKeyId: string };

  beforeAll(async () => {
    ({ handle, w, keys } = await workbenchWithKeys(kind, bridge.client));
  });
  afterAll(() => handle.close());

  const draft = async (content = threeValidCards, overrides = {}) =>
    createJob(w.ctx.analyst, await jobInput(w, keys, content, overrides));
  const submitted = async () => {
    const job = await draft();
    return submitJob(w.ctx.analyst, job.id);
  };

  it('generates keys in the HSM and keeps only their reference and KCV in the inventory', async () => {
    const [imk] = await handle.db.select().from(keysTable).where(eq(keysTable.id, keys.imkKeyId));
    expect(imk).toMatchObject({
      label: 'IMK AC test',
      usage: 'E0',
      algorithm: 'TDES2',
      backend: 'software:software',
      status: 'active',
    });
    expect(imk!.kcv).toMatch(/^[0-9A-F]{6}$/);
    const inHsm = await bridge.client.call('describeKey', { keyRef: imk!.hsmKeyRef });
    expect(inHsm).toMatchObject({ usage: 'E0', algorithm: 'TDES2', label: 'IMK AC test' });
    expect(inHsm.kcv.slice(0, 6)).toBe(imk!.kcv);
    const [audit] = await auditEventsFor(handle.db, imk!.id);
    expect(audit).toMatchObject({
      action: 'key.generate',
      actorName: 'Oscar Officer',
      result: 'success',
      details: { label: 'IMK AC test', usage: 'E0', algorithm: 'TDES2', kcv: imk!.kcv },
    });
  });

  it('takes a job from file to bureau download with dual control and an unbroken audit chain', async () => {
    const job = await draft();
    expect(job).toMatchObject({
      status: 'draft',
      totalRows: 3,
      acceptedRows: 3,
      rejectedRows: 0,
      preparedRows: 0,
    });
    const cards = await handle.db
      .select()
      .from(jobCards)
      .where(eq(jobCards.jobId, job.id))
      .orderBy(asc(jobCards.rowNumber));
    expect(cards.map((c) => [c.rowNumber, c.panMasked])).toEqual([
      [2, '476173******0010'],
      [3, '476173******0028'],
      [4, '476173******0036'],
    ]);

    expect((await submitJob(w.ctx.analyst, job.id)).status).toBe('submitted');
    const first = await approveJob(w.ctx.officer1, job.id);
    expect([first.job.status, first.approvals, first.complete]).toEqual(['submitted', 1, false]);
    const second = await approveJob(w.ctx.officer2, job.id);
    expect([second.job.status, second.approvals, second.complete]).toEqual(['approved', 2, true]);

    await prepareJob(handle.db, bridge.client, job.id);
    const records = await handle.db
      .select()
      .from(cardRecords)
      .where(eq(cardRecords.jobId, job.id))
      .orderBy(asc(cardRecords.rowNumber));
    expect(records.map((r) => [r.rowNumber, r.panMasked])).toEqual(
      cards.map((c) => [c.rowNumber, c.panMasked]),
    );
    const [kek] = await handle.db.select().from(keysTable).where(eq(keysTable.id, keys.kekKeyId));
    for (const record of records) {
      expect(record.application).toMatchObject({
        aid: 'A0000000031010',
        kekKeyRef: kek!.id,
        kekKcv: kek!.kcv,
      });
      expect(record.application.tags.slice(0, 3)).toEqual([
        { tag: '4F', value: 'A0000000031010' },
        { tag: '50', value: '44454D4F20435245444954' },
        { tag: '82', value: '1C00' },
      ]);
      expect(record.application.secrets).toHaveLength(1);
      expect(record.application.secrets[0]!.name).toBe('MK-AC');
      expect(record.application.secrets[0]!.cryptogram).toMatch(/^[0-9A-F]{32}$/);
      expect(record.application.secrets[0]!.kcv).toMatch(/^[0-9A-F]{6}$/);
    }
    const cryptograms = new Set(records.map((r) => r.application.secrets[0]!.cryptogram));
    expect(cryptograms.size).toBe(3);

    const released = await releaseJob(w.ctx.officer1, job.id);
    expect([released.status, released.preparedRows]).toEqual(['released', 3]);

    const file = await downloadJobOutput(w.ctx.bureau, job.id);
    expect(file.fileName).toBe(`${job.reference}.jsonl`);
    expect(file.sha256).toBe(createHash('sha256').update(file.body).digest('hex'));
    const lines = file.body
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatchObject({
      type: 'header',
      format: 'dataprep-jsonl',
      version: 1,
      job: job.reference,
      records: 3,
    });
    expect(lines[4]).toEqual({ type: 'trailer', records: 3 });
    expect(lines[1]).toMatchObject({
      type: 'card',
      row: 2,
      embossing: { pan: testPans[0], name: 'ALICE EXAMPLE', expiry: '12/30' },
      chip: {
        aid: 'A0000000031010',
        kek: { id: kek!.id, kcv: kek!.kcv },
        secrets: records[0]!.application.secrets,
      },
    });
    expect(lines[1].chip.tags.slice(0, 5)).toEqual([
      { tag: '5A', value: testPans[0] },
      { tag: '5F34', value: '00' },
      { tag: '5F24', value: '301231' },
      { tag: '5F20', value: '414C494345204558414D504C45' },
      { tag: '4F', value: 'A0000000031010' },
    ]);
    expect(lines.slice(1, 4).map((line) => [line.row, line.embossing.pan, line.chip.tags[1].value])).toEqual([
      [2, testPans[0], '00'],
      [3, testPans[1], '01'],
      [4, testPans[2], '00'],
    ]);

    const again = await downloadJobOutput(w.ctx.bureau, job.id);
    expect(again.body.split('\n').slice(1)).toEqual(file.body.split('\n').slice(1));
    const events = await auditEventsFor(handle.db, job.id);
    expect(events.map((e) => [e.action, e.actorName, e.result])).toEqual([
      ['job.create', 'Alice Analyst', 'success'],
      ['job.submit', 'Alice Analyst', 'success'],
      ['job.approve', 'Oscar Officer', 'success'],
      ['job.approve', 'Olivia Officer', 'success'],
      ['job.approved', 'Olivia Officer', 'success'],
      ['job.run', 'Preparation worker', 'success'],
      ['job.prepared', 'Preparation worker', 'success'],
      ['job.release', 'Oscar Officer', 'success'],
      ['job.download', 'Bruno Bureau', 'success'],
      ['job.download', 'Bruno Bureau', 'success'],
    ]);
    expect(events.at(-2)!.details).toEqual({ reference: job.reference, records: 3, sha256: file.sha256 });
    expect(JSON.stringify(events)).not.toContain(testPans[0]);
    expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: true, firstBrokenSeq: null, reason: null });
  });

  it('approves a job that two officers approve at the same moment', async () => {
    const racing = await Promise.all(Array.from({ length: 5 }, () => submitted()));
    await Promise.all(
      racing.flatMap((job) => [approveJob(w.ctx.officer1, job.id), approveJob(w.ctx.officer2, job.id)]),
    );
    const statuses = await Promise.all(
      racing.map(async (job) => (await findJob(handle.db, { id: job.id }))!.status),
    );
    expect(statuses).toEqual(['approved', 'approved', 'approved', 'approved', 'approved']);
  });
});
