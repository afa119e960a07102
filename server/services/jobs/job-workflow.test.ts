import { createHash } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardRecords, jobCards, keys as keysTable } from '../../../db/schema';
import { databaseKinds, freshDatabase } from '../../test-support/databases';
import { startTestBridge, type TestBridge } from '../../test-support/bridge';
import {
  auditEventsFor,
  cardholderCsv,
  futureExpiry,
  jobInput,
  rejectionOf,
  seedWorkbench,
  testDataAtRestKey,
  testPans,
  threeValidCards,
  type SeededWorkbench,
} from '../../test-support/workbench';
import { prepareJob } from '../../jobs/prepare-job';
import { verifyAuditChain } from '../audit-trail';
import { generateKey } from '../generate-key';
import { createJob } from './create-job';
import { downloadJobOutput } from './job-output';
import { approveJob, cancelJob, releaseJob, submitJob } from './job-workflow';

process.env.DATA_AT_REST_KEY = testDataAtRestKey;

let bridge: TestBridge;
beforeAll(async () => {
  bridge = await startTestBridge('job-workflow');
});
afterAll(() => bridge.close());

describe.each(databaseKinds)('job workflow through the services on %s', (kind) => {
  let handle: Awaited<ReturnType<typeof freshDatabase>>;
  let w: SeededWorkbench;
  let keys: { imkKeyId: string; kekKeyId: string };

  beforeAll(async () => {
    handle = await freshDatabase(kind);
    w = await seedWorkbench(handle.db, bridge.client);
    const imk = await generateKey(w.ctx.officer1, { label: 'IMK AC test', usage: 'E0', algorithm: 'TDES2' });
    const kek = await generateKey(w.ctx.officer1, { label: 'KEK bureau test', usage: 'K0', algorithm: 'TDES2' });
    keys = { imkKeyId: imk.id, kekKeyId: kek.id };
  });
  afterAll(() => handle.close());

  const draft = (content = threeValidCards, overrides = {}) =>
    createJob(w.ctx.analyst, jobInput(w, keys, content, overrides));
  const submitted = async () => {
    const job = await draft();
    return submitJob(w.ctx.analyst, job.id);
  };
  const refusals = async (jobId: string) =>
    (await auditEventsFor(handle.db, jobId))
      .filter((event) => event.result === 'refused')
      .map((event) => ({ action: event.action, actor: event.actorName, category: event.category, details: event.details }));

  it('generates keys in the HSM and keeps only their reference and KCV in the inventory', async () => {
    const [imk] = await handle.db.select().from(keysTable).where(eq(keysTable.id, keys.imkKeyId));
    expect(imk).toMatchObject({ label: 'IMK AC test', usage: 'E0', algorithm: 'TDES2', backend: 'software:software', status: 'active' });
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
    expect(job).toMatchObject({ status: 'draft', totalRows: 3, acceptedRows: 3, rejectedRows: 0, preparedRows: 0 });
    const cards = await handle.db.select().from(jobCards).where(eq(jobCards.jobId, job.id)).orderBy(asc(jobCards.rowNumber));
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
    const records = await handle.db.select().from(cardRecords).where(eq(cardRecords.jobId, job.id)).orderBy(asc(cardRecords.rowNumber));
    expect(records.map((r) => [r.rowNumber, r.panMasked])).toEqual(cards.map((c) => [c.rowNumber, c.panMasked]));
    const [kek] = await handle.db.select().from(keysTable).where(eq(keysTable.id, keys.kekKeyId));
    for (const record of records) {
      expect(record.application).toMatchObject({ aid: 'A0000000031010', kekKeyRef: kek!.id, kekKcv: kek!.kcv });
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
    const lines = file.body.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatchObject({ type: 'header', format: 'dataprep-jsonl', version: 1, job: job.reference, records: 3 });
    expect(lines[4]).toEqual({ type: 'trailer', records: 3 });
    expect(lines[1]).toMatchObject({
      type: 'card',
      row: 2,
      embossing: { pan: testPans[0], name: 'ALICE EXAMPLE', expiry: '12/30' },
      chip: { aid: 'A0000000031010', kek: { id: kek!.id, kcv: kek!.kcv }, secrets: records[0]!.application.secrets },
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

  it('refuses the maker as an approver, and audits the refusal', async () => {
    const job = await submitted();
    const error = await rejectionOf(approveJob(w.ctx.analyst, job.id));
    expect([error.code, error.message]).toEqual(['FORBIDDEN', 'You created this job; its approvers must be two other officers.']);
    expect(await refusals(job.id)).toEqual([
      {
        action: 'job.approve',
        actor: 'Alice Analyst',
        category: 'security',
        details: { reference: job.reference, reason: 'You created this job; its approvers must be two other officers.' },
      },
    ]);
  });

  it('refuses the same officer approving twice: one officer cannot make the pair', async () => {
    const job = await submitted();
    await approveJob(w.ctx.officer1, job.id);
    const error = await rejectionOf(approveJob(w.ctx.officer1, job.id));
    expect([error.code, error.message]).toEqual([
      'FORBIDDEN',
      'You have already approved this job; a second officer must approve it.',
    ]);
    expect((await refusals(job.id)).map((r) => [r.action, r.actor])).toEqual([['job.approve', 'Oscar Officer']]);
    const second = await approveJob(w.ctx.officer2, job.id);
    expect([second.job.status, second.approvals]).toEqual(['approved', 2]);
  });

  it('approves only submitted jobs', async () => {
    const job = await draft();
    const error = await rejectionOf(approveJob(w.ctx.officer1, job.id));
    expect([error.code, error.message]).toEqual(['CONFLICT', `Job ${job.reference} is draft; only a submitted job can be approved.`]);
  });

  it('lets only the maker submit', async () => {
    const job = await draft();
    const error = await rejectionOf(submitJob(w.ctx.officer1, job.id));
    expect([error.code, error.message]).toEqual(['FORBIDDEN', 'Only the analyst who created this job can submit it.']);
    expect((await refusals(job.id)).map((r) => [r.action, r.actor])).toEqual([['job.submit', 'Oscar Officer']]);
  });

  it('refuses to submit an all-or-nothing job with rejected rows, and takes valid rows when told why', async () => {
    const content = cardholderCsv([
      [testPans[0], '00', 'ALICE EXAMPLE', futureExpiry],
      ['4761739001010011', '00', 'BAD LUHN', futureExpiry],
      [testPans[2], '00', 'CAROL EXAMPLE', futureExpiry],
    ]);
    const strict = await draft(content);
    expect([strict.totalRows, strict.acceptedRows, strict.rejectedRows]).toEqual([3, 2, 1]);
    const error = await rejectionOf(submitJob(w.ctx.analyst, strict.id));
    expect([error.code, error.message]).toEqual([
      'CONFLICT',
      '1 row(s) were rejected and this job is all-or-nothing: fix the file and create a new job, or create it with "accept valid rows" and a reason.',
    ]);

    const lenient = await draft(content, { rejectionPolicy: 'accept-valid', acceptValidReason: 'Row 3 is reissued next week' });
    await submitJob(w.ctx.analyst, lenient.id);
    await approveJob(w.ctx.officer1, lenient.id);
    await approveJob(w.ctx.officer2, lenient.id);
    await prepareJob(handle.db, bridge.client, lenient.id);
    const records = await handle.db.select().from(cardRecords).where(eq(cardRecords.jobId, lenient.id)).orderBy(asc(cardRecords.rowNumber));
    expect(records.map((r) => [r.rowNumber, r.panMasked])).toEqual([
      [2, '476173******0010'],
      [4, '476173******0036'],
    ]);
  });

  it('refuses to submit a job without accepted cards', async () => {
    const job = await draft(cardholderCsv([['4761739001010011', '00', 'BAD LUHN', futureExpiry]]), {
      rejectionPolicy: 'accept-valid',
      acceptValidReason: 'Testing the empty case',
    });
    const error = await rejectionOf(submitJob(w.ctx.analyst, job.id));
    expect([error.code, error.message]).toEqual(['CONFLICT', 'This job has no accepted cards: fix the file and create a new job.']);
  });

  it('refuses a download before release, and audits it', async () => {
    const job = await submitted();
    await approveJob(w.ctx.officer1, job.id);
    await approveJob(w.ctx.officer2, job.id);
    await prepareJob(handle.db, bridge.client, job.id);
    const error = await rejectionOf(downloadJobOutput(w.ctx.bureau, job.id));
    expect([error.code, error.message]).toEqual(['FORBIDDEN', `Job ${job.reference} has not been released to the bureau.`]);
    expect(await refusals(job.id)).toEqual([
      { action: 'job.download', actor: 'Bruno Bureau', category: 'security', details: { reference: job.reference, status: 'prepared' } },
    ]);
  });

  it('refuses a release by the maker, and a release of a job that is not prepared', async () => {
    const job = await submitted();
    const byMaker = await rejectionOf(releaseJob(w.ctx.analyst, job.id));
    expect([byMaker.code, byMaker.message]).toEqual(['FORBIDDEN', 'You created this job; another officer must release it.']);
    expect((await refusals(job.id)).map((r) => [r.action, r.actor])).toEqual([['job.release', 'Alice Analyst']]);
    const early = await rejectionOf(releaseJob(w.ctx.officer1, job.id));
    expect([early.code, early.message]).toEqual(['CONFLICT', `Job ${job.reference} is submitted; it cannot be released now.`]);
  });

  it('cancels a submitted job, after which it can be neither approved nor cancelled again', async () => {
    const job = await submitted();
    expect((await cancelJob(w.ctx.analyst, job.id)).status).toBe('cancelled');
    const approve = await rejectionOf(approveJob(w.ctx.officer1, job.id));
    expect(approve.message).toBe(`Job ${job.reference} is cancelled; only a submitted job can be approved.`);
    const again = await rejectionOf(cancelJob(w.ctx.analyst, job.id));
    expect([again.code, again.message]).toEqual(['CONFLICT', `Job ${job.reference} is cancelled; it cannot be cancelled now.`]);
  });

  it('refuses a job whose keys have the wrong usage, and an unknown job', async () => {
    const swapped = await rejectionOf(
      createJob(w.ctx.analyst, jobInput(w, { imkKeyId: keys.kekKeyId, kekKeyId: keys.kekKeyId }, threeValidCards)),
    );
    expect([swapped.code, swapped.message]).toEqual([
      'INVALID_INPUT',
      'The issuer master key (MK-AC) must be a key of usage E0; "KEK bureau test" has usage K0.',
    ]);
    const unknown = await rejectionOf(submitJob(w.ctx.analyst, '00000000-0000-4000-8000-000000000000'));
    expect([unknown.code, unknown.message]).toEqual(['NOT_FOUND', 'This job does not exist.']);
  });
});
