import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findJob } from '../../../db/queries/jobs';
import { cardRecords, jobCards, keys as keysTable } from '../../../db/schema';
import { parseJsonLinesFile, parseManifest } from '../../bureau-file';
import { preparedRecordContext } from '../../jobs/card-preparation/profile-chunk';
import type { PreparedCardContent } from '../../jobs/card-preparation/types';
import { prepareJob } from '../../jobs/prepare-job';
import { databaseKinds } from '../../test-support/databases';
import { startTestBridge, type TestBridge } from '../../test-support/bridge';
import {
  creditPans,
  profileJobInput,
  threeCreditCards,
  workbenchWithCreditProfile,
  type ProfileJobSetup,
} from '../../test-support/profile-jobs';
import { auditEventsFor, testDataAtRestKey, type SeededWorkbench } from '../../test-support/workbench';
import { verifyAuditChain } from '../audit-trail';
import { openText } from '../cardholder-seal';
import { createJob } from './create-job';
import { downloadJobFile } from './job-output';
import { approveJob, releaseJob, submitJob } from './job-workflow';

process.env.DATA_AT_REST_KEY = testDataAtRestKey;
process.env.DATAPREP_OUTPUT_DIR ??= path.join(os.tmpdir(), 'dataprep-test-outputs');

async function bytesOf(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function* once(bytes: Buffer) {
  yield bytes;
}

let bridge: TestBridge;
beforeAll(async () => {
  bridge = await startTestBridge('job-workflow');
});
afterAll(() => bridge.close());

describe.each(databaseKinds)('job workflow through the services on %s', (kind) => {
  let handle: Awaited<ReturnType<typeof workbenchWithCreditProfile>>['handle'];
  let w: SeededWorkbench;
  let setup: ProfileJobSetup;

  beforeAll(async () => {
    ({ handle, w, setup } = await workbenchWithCreditProfile(kind, bridge.client));
  }, 120_000);
  afterAll(() => handle.close());

  const draft = async (content = threeCreditCards, overrides = {}) =>
    createJob(w.ctx.analyst, await profileJobInput(w, setup, content, overrides));
  const submitted = async () => {
    const job = await draft();
    return submitJob(w.ctx.analyst, job.id);
  };

  it('generates keys in the HSM and keeps only their reference and KCV in the inventory', async () => {
    const [mkAc] = await handle.db
      .select()
      .from(keysTable)
      .where(eq(keysTable.id, setup.parameters.masterKeys.E0!));
    expect(mkAc).toMatchObject({
      label: 'E0 profile job test',
      usage: 'E0',
      algorithm: 'TDES2',
      backend: 'software:software',
      status: 'active',
    });
    expect(mkAc!.kcv).toMatch(/^[0-9A-F]{6}$/);
    const inHsm = await bridge.client.call('describeKey', { keyRef: mkAc!.hsmKeyRef });
    expect(inHsm).toMatchObject({ usage: 'E0', algorithm: 'TDES2', label: 'E0 profile job test' });
    expect(inHsm.kcv.slice(0, 6)).toBe(mkAc!.kcv);
    const [audit] = await auditEventsFor(handle.db, mkAc!.id);
    expect(audit).toMatchObject({
      action: 'key.generate',
      actorName: 'Oscar Officer',
      result: 'success',
      details: { label: 'E0 profile job test', usage: 'E0', algorithm: 'TDES2', kcv: mkAc!.kcv },
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
      [2, '999901******0011'],
      [3, '999901******0029'],
      [4, '999901******0037'],
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
    const [kek] = await handle.db.select().from(keysTable).where(eq(keysTable.id, setup.parameters.kekKeyId));
    const masterKeyDgis = records.map((record) => {
      const content = JSON.parse(
        openText(record.recordSealed!, preparedRecordContext(job.id, record.rowNumber)),
      ) as PreparedCardContent;
      const credit = content.applications.find((app) => app.aid === 'F0000000011010')!;
      expect(credit.kek).toEqual({ id: kek!.id, kcv: kek!.kcv });
      return credit.dgis.find((d) => d.dgi === '8000')!;
    });
    // MK-AC, MK-SMI, MK-SMC of each card, each 16 bytes under the KEK, and each card its own.
    for (const dgi of masterKeyDgis)
      expect(dgi).toMatchObject({ encrypted: true, data: expect.stringMatching(/^[0-9A-F]{96}$/) });
    expect(new Set(masterKeyDgis.map((d) => d.data)).size).toBe(3);

    const released = await releaseJob(w.ctx.officer1, job.id);
    expect([released.status, released.preparedRows]).toEqual(['released', 3]);

    const manifestFile = await downloadJobFile(w.ctx.bureau, job.id, 'manifest');
    const manifest = parseManifest((await bytesOf(manifestFile.body)).toString('utf8'));
    expect(manifest).toMatchObject({ job: job.reference, counts: { cards: 3, applications: 6 } });
    const jsonl = await downloadJobFile(w.ctx.bureau, job.id, 'jsonl');
    const body = await bytesOf(jsonl.body);
    expect(jsonl.fileName).toBe(`${job.reference}.jsonl`);
    expect([body.length, createHash('sha256').update(body).digest('hex')]).toEqual([
      jsonl.bytes,
      jsonl.sha256,
    ]);
    expect(manifest.files.find((f) => f.kind === 'jsonl')).toMatchObject({
      name: jsonl.fileName,
      bytes: jsonl.bytes,
      sha256: jsonl.sha256,
    });
    const delivered = [];
    for await (const event of parseJsonLinesFile(once(body))) {
      if (event.kind === 'card') delivered.push(event.card);
    }
    expect(delivered.map((card) => [card.sequence, card.row])).toEqual([
      [1, 2],
      [2, 3],
      [3, 4],
    ]);
    expect(
      delivered
        .map((card) => card.parts.find((p) => p.module === 'track2'))
        .map((p) => p?.module === 'track2' && p.data.slice(0, 17)),
    ).toEqual(creditPans.map((pan) => `${pan}=`));

    const cps = await downloadJobFile(w.ctx.bureau, job.id, 'cps');
    expect(cps.fileName).toBe(`${job.reference}.cps`);
    await bytesOf(cps.body);
    expect((await findJob(handle.db, { id: job.id }))!.status).toBe('downloaded');
    const events = await auditEventsFor(handle.db, job.id);
    expect(events.map((e) => [e.action, e.actorName, e.result])).toEqual([
      ['job.create', 'Alice Analyst', 'success'],
      ['job.submit', 'Alice Analyst', 'success'],
      ['job.approve', 'Oscar Officer', 'success'],
      ['job.approve', 'Olivia Officer', 'success'],
      ['job.approved', 'Olivia Officer', 'success'],
      ['job.run', 'Preparation worker', 'success'],
      ['job.prepared', 'Preparation worker', 'success'],
      ['job.validated', 'Virtual card validation', 'success'],
      ['job.release', 'Oscar Officer', 'success'],
      ['job.download', 'Bruno Bureau', 'success'],
      ['job.download', 'Bruno Bureau', 'success'],
      ['job.download', 'Bruno Bureau', 'success'],
    ]);
    expect(events.at(-2)!.details).toEqual({
      reference: job.reference,
      file: jsonl.fileName,
      bytes: jsonl.bytes,
      sha256: jsonl.sha256,
    });
    expect(JSON.stringify(events)).not.toContain(creditPans[0]);
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
