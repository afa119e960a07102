import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCardValidations, listJobOutputFiles } from '../../../db/queries/job-outputs';
import { caPublicKeys, cardRecords, jobs } from '../../../db/schema';
import { editProfileText, withIccPrivateKeyForm } from '../../emv/profile/editors';
import { generateIssuerKey } from '../../services/issuer-keys';
import { approveProfileVersion } from '../../services/profiles/approve-profile-version';
import { createProfileFromDemo } from '../../services/profiles/create-profile-from-demo';
import { saveProfileVersion } from '../../services/profiles/save-profile-version';
import { submitProfileVersion } from '../../services/profiles/submit-profile-version';
import { signIssuerCertificateWithTestCa } from '../../services/test-ca';
import { parseCpsFile, parseManifest, writeCpsFile } from '../../bureau-file';
import { openCardholderRecord, openText } from '../../services/cardholder-seal';
import { createJob } from '../../services/jobs/create-job';
import { downloadJobFile } from '../../services/jobs/job-output';
import { cancelJob, releaseJob } from '../../services/jobs/job-workflow';
import { purgeExpiredJobs } from '../retention/purge-jobs';
import { startTestBridge, type TestBridge } from '../../test-support/bridge';
import { databaseKinds } from '../../test-support/databases';
import {
  approvedProfileJob,
  creditCsv,
  profileJobInput,
  threeCreditCards,
  workbenchWithCreditProfile,
  type ProfileJobSetup,
} from '../../test-support/profile-jobs';
import {
  auditEventsFor,
  rejectionOf,
  testDataAtRestKey,
  type SeededWorkbench,
} from '../../test-support/workbench';
import { outputsDir, readSealedOutput, writeSealedOutput } from '../output/output-store';
import { prepareJob, prepareNextChunk, startPreparation } from '../prepare-job';
import { validationReportContext } from '../validation/validate-job';
import { preparedRecordContext } from './profile-chunk';
import type { PreparedCardContent } from './types';

process.env.DATA_AT_REST_KEY = testDataAtRestKey;
process.env.DATAPREP_OUTPUT_DIR ??= path.join(os.tmpdir(), 'dataprep-test-outputs');

async function text(stream: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

let bridge: TestBridge;
beforeAll(async () => {
  bridge = await startTestBridge('profile-job');
});
afterAll(() => bridge.close());

describe.each(databaseKinds)('a job on an approved profile version, on %s', (kind) => {
  let handle: Awaited<ReturnType<typeof workbenchWithCreditProfile>>['handle'];
  let w: SeededWorkbench;
  let setup: ProfileJobSetup;

  beforeAll(async () => {
    ({ handle, w, setup } = await workbenchWithCreditProfile(kind, bridge.client));
  }, 120_000);
  afterAll(() => handle.close());

  const jobRow = async (id: string) => (await handle.db.select().from(jobs).where(eq(jobs.id, id)))[0]!;

  it('prepares every card through the HSM, writes the bureau files, and each card passes an EMV transaction on the virtual card', async () => {
    const job = await approvedProfileJob(w, setup, threeCreditCards);
    await prepareJob(handle.db, bridge.client, job.id);
    const row = await jobRow(job.id);
    expect(row).toMatchObject({ status: 'validated', preparedRows: 3 });
    expect(row.validation).toMatchObject({ sampled: 3, passed: 3, failed: 0 });

    const records = await handle.db
      .select()
      .from(cardRecords)
      .where(eq(cardRecords.jobId, job.id))
      .orderBy(asc(cardRecords.rowNumber));
    expect(records.map((r) => r.problems)).toEqual([[], [], []]);
    const pans = records.map((r) => openCardholderRecord(r.cardholderSealed, `${job.id}/${r.rowNumber}`).pan);
    expect(records.map((r) => r.panMasked)).toEqual(
      pans.map((pan) => `${pan.slice(0, 6)}******${pan.slice(-4)}`),
    );
    const contents = records.map(
      (r) =>
        JSON.parse(
          openText(r.recordSealed!, preparedRecordContext(job.id, r.rowNumber)),
        ) as PreparedCardContent,
    );
    const credit = contents[0]!.applications[1]!;
    expect(contents[0]!.applications.map((app) => app.name)).toEqual(['PSE', credit.name]);
    expect(credit.dgis.map((d) => d.dgi).join()).toBe(
      '0101,0201,0202,0301,0302,9102,9104,0D01,0E01,8000,9000,8201,8202,8203,8204,8205',
    );
    expect(credit.dgis.find((d) => d.dgi === '8000')).toMatchObject({ encrypted: true });
    expect(credit.dgis.find((d) => d.dgi === '8000')!.data).toHaveLength(96);
    // Each card its own MK-AC.
    expect(
      new Set(contents.map((c) => c.applications[1]!.dgis.find((d) => d.dgi === '8000')!.data)).size,
    ).toBe(3);
    expect(contents[0]!.surface.track2).toMatch(new RegExp(`^${pans[0]}=\\d{4}201`));

    const validations = await listCardValidations(handle.db, { jobId: job.id });
    expect(validations.map((v) => [v.rowNumber, v.ok, v.failure])).toEqual([
      [2, true, null],
      [3, true, null],
      [4, true, null],
    ]);
    const report = openText(validations[0]!.reportSealed, validationReportContext(job.id, 2));
    expect(report).toContain('Offline data authentication');
    expect(report).not.toContain(pans[0]);

    const files = await listJobOutputFiles(handle.db, { jobId: job.id });
    expect(files.map((f) => f.kind).sort()).toEqual(['cps', 'jsonl', 'manifest']);
    const manifest = parseManifest(await text(readSealedOutput(job.id, 'manifest')));
    expect(manifest).toMatchObject({ job: job.reference, counts: { cards: 3, applications: 6 } });
    const cards = [];
    for await (const event of parseCpsFile(readSealedOutput(job.id, 'cps'))) {
      if (event.kind === 'card') cards.push(event.card);
    }
    expect(cards.map((c) => c.row)).toEqual([2, 3, 4]);
    expect(cards[0]!.parts.map((p) => p.module)).toEqual(['embossing', 'track1', 'track2', 'chip']);
  }, 120_000);

  it('takes the ICC private key as modulus and exponent when the profile asks: DGIs 8101 and 8103, and every card passes', async () => {
    const { profile, version } = await createProfileFromDemo(w.ctx.analyst, {
      demo: 'generic-credit-vsdc-style-dda.json',
      name: `ICC key modulus-exponent ${kind}`,
    });
    const json = editProfileText(`${JSON.stringify(version.document, null, 2)}\n`, (doc) =>
      withIccPrivateKeyForm(doc.applications[0]!, 'modulus-exponent'),
    );
    const { version: saved } = await saveProfileVersion(w.ctx.analyst, {
      profileId: profile.id,
      json,
      note: 'ICC key form',
    });
    await submitProfileVersion(w.ctx.analyst, { versionId: saved.id });
    await approveProfileVersion(w.ctx.officer1, { versionId: saved.id });
    const job = await approvedProfileJob(w, { ...setup, profileVersionId: saved.id }, threeCreditCards);
    await prepareJob(handle.db, bridge.client, job.id);
    expect(await jobRow(job.id)).toMatchObject({
      status: 'validated',
      preparedRows: 3,
      validation: { sampled: 3, passed: 3, failed: 0 },
    });
    const [record] = await handle.db
      .select()
      .from(cardRecords)
      .where(eq(cardRecords.jobId, job.id))
      .orderBy(asc(cardRecords.rowNumber));
    const content = JSON.parse(
      openText(record!.recordSealed!, preparedRecordContext(job.id, record!.rowNumber)),
    ) as PreparedCardContent;
    const dgis = content.applications[1]!.dgis;
    expect(dgis.map((d) => d.dgi).join()).toBe(
      '0101,0201,0202,0301,0302,9102,9104,0D01,0E01,8000,9000,8101,8103',
    );
    // Private exponent and modulus, each on the 1024-bit modulus length and padded: 136 bytes under the KEK.
    for (const dgi of ['8101', '8103']) {
      expect(dgis.find((d) => d.dgi === dgi)).toMatchObject({ encrypted: true });
      expect(dgis.find((d) => d.dgi === dgi)!.data).toHaveLength(272);
    }
  }, 120_000);

  it('keeps a job whose bureau file was changed after it was written from being validated', async () => {
    const job = await approvedProfileJob(w, setup, threeCreditCards);
    await startPreparation(handle.db, job.id);
    while ((await jobRow(job.id)).status === 'running')
      await prepareNextChunk(handle.db, bridge.client, job.id);
    expect((await jobRow(job.id)).status).toBe('prepared');
    // Someone changes one byte of a DGI in the stored CPS file (rewritten with the same MACs).
    const events = [];
    for await (const event of parseCpsFile(readSealedOutput(job.id, 'cps'))) events.push(event);
    const header = events.find((e) => e.kind === 'header')!;
    const changed = events.flatMap((e) => (e.kind === 'card' ? [e.card] : []));
    const chip = changed[1]!.parts.find((p) => p.module === 'chip');
    if (chip?.module !== 'chip') throw new Error('no chip part');
    const record = chip.applications[1]!.dgis.find((d) => d.dgi === '0101')!;
    record.data = `${record.data.slice(0, -2)}${record.data.endsWith('00') ? '01' : '00'}`;
    await writeSealedOutput(
      job.id,
      'cps',
      writeCpsFile(
        header.kind === 'header' ? header.header : (null as never),
        (async function* () {
          yield* changed;
        })(),
      ),
    );
    await prepareNextChunk(handle.db, bridge.client, job.id);
    const row = await jobRow(job.id);
    expect(row.status).toBe('prepared');
    expect(row.validation).toMatchObject({ sampled: 3, passed: 2, failed: 1 });
    const failed = (await listCardValidations(handle.db, { jobId: job.id })).find((v) => !v.ok)!;
    expect(failed.rowNumber).toBe(3);
    expect(failed.failure).toMatch(/the application MAC in the file does not verify/);

    // Release is blocked; an officer may override only with a written reason, which is audited.
    const refused = await rejectionOf(releaseJob(w.ctx.officer1, job.id));
    expect(refused.message).toContain('1 sampled card failed validation on the virtual card');
    expect((await rejectionOf(releaseJob(w.ctx.officer1, job.id, 'looks fine'))).code).toBe('FORBIDDEN');
    const reason = 'Row 3 was changed on purpose in this test; the bureau re-runs it';
    expect((await releaseJob(w.ctx.officer1, job.id, reason)).status).toBe('released');
    expect((await jobRow(job.id)).releaseOverrideReason).toBe(reason);
    const override = (await auditEventsFor(handle.db, job.id)).find(
      (e) => e.action === 'job.release-override',
    );
    expect(override).toMatchObject({ category: 'alert', details: { reason, failedCards: 1 } });
  }, 120_000);

  it('purges a downloaded job’s cardholder data after the retention period, and audits it', async () => {
    const job = await approvedProfileJob(w, setup, threeCreditCards);
    await prepareJob(handle.db, bridge.client, job.id);
    await releaseJob(w.ctx.officer1, job.id);
    const file = await downloadJobFile(w.ctx.bureau, job.id, 'manifest');
    for await (const _chunk of file.body);
    const downloaded = await jobRow(job.id);
    expect(downloaded.status).toBe('downloaded');
    const day = 24 * 60 * 60 * 1000;
    await purgeExpiredJobs(handle.db, new Date(downloaded.downloadedAt!.getTime() + 29 * day));
    expect((await jobRow(job.id)).status).toBe('downloaded');
    await purgeExpiredJobs(handle.db, new Date(downloaded.downloadedAt!.getTime() + 31 * day));
    expect(await jobRow(job.id)).toMatchObject({ status: 'purged' });
    const left = await handle.db.select().from(cardRecords).where(eq(cardRecords.jobId, job.id));
    expect(left).toEqual([]);
    expect(await listCardValidations(handle.db, { jobId: job.id })).toEqual([]);
    expect(await listJobOutputFiles(handle.db, { jobId: job.id })).toEqual([]);
    expect(existsSync(path.join(outputsDir(), job.id))).toBe(false);
    const purge = (await auditEventsFor(handle.db, job.id)).filter((e) => e.action === 'job.purge');
    expect(purge).toHaveLength(1);
    expect(purge[0]!.details).toMatchObject({ reference: job.reference, records: 3, retentionDays: 30 });
  }, 120_000);

  it('lets the maker cancel an approved job: no card is prepared after it', async () => {
    const job = await approvedProfileJob(w, setup, threeCreditCards);
    await cancelJob(w.ctx.analyst, job.id);
    await prepareJob(handle.db, bridge.client, job.id);
    expect((await jobRow(job.id)).status).toBe('cancelled');
    expect(await handle.db.select().from(cardRecords).where(eq(cardRecords.jobId, job.id))).toEqual([]);
  });

  it('refuses a file outside the profile\u2019s BIN range row by row, and a job without a key the profile needs', async () => {
    const outside = creditCsv([['4761739001010010', '00', 'ALICE EXAMPLE']]);
    const created = await createJob(w.ctx.analyst, await profileJobInput(w, setup, outside));
    expect(created.rejectedRows).toBe(1);

    const masterKeys: Record<string, string> = { ...setup.parameters.masterKeys };
    delete masterKeys.C0;
    const withoutCvk = { ...setup, parameters: { ...setup.parameters, masterKeys } };
    const refused = await rejectionOf(
      createJob(w.ctx.analyst, await profileJobInput(w, withoutCvk, threeCreditCards)),
    );
    expect(refused.message).toContain('Choose the Card verification values (CVK: CVV, iCVV, dCVV) key.');

    // An issuer certificate that expires before the cards would (36 months from today) is refused.
    const [ca] = await handle.db.select().from(caPublicKeys).where(eq(caPublicKeys.rid, 'F000000001'));
    const { issuerKey } = await generateIssuerKey(w.ctx.officer1, {
      label: 'short-lived issuer',
      bits: 1152,
      publicExponent: 3,
      issuerIdentifier: '999901',
      expiry: '1227',
      serial: '000009',
    });
    const short = await signIssuerCertificateWithTestCa(w.ctx.officer1, {
      issuerKeyId: issuerKey.id,
      caPublicKeyId: ca!.id,
    });
    const withShort = {
      ...setup,
      parameters: { ...setup.parameters, issuerCertificates: { 'credit-dda': short.id } },
    };
    const outlived = await rejectionOf(
      createJob(w.ctx.analyst, await profileJobInput(w, withShort, threeCreditCards)),
    );
    expect(outlived.message).toMatch(/their ICC certificates would outlive it/);
  });
});
