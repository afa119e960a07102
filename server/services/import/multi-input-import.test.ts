import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, asc, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardRecords, jobCards, jobInputRows, jobInputs, jobRejections, jobs } from '../../../db/schema';
import type { Db } from '../../../db/client';
import { withLuhnDigit } from '../../emv/pan';
import { prepareJob } from '../../jobs/prepare-job';
import { preparedRecordContext } from '../../jobs/card-preparation/profile-chunk';
import type { PreparedCardContent } from '../../jobs/card-preparation/types';
import { startTestBridge, type TestBridge } from '../../test-support/bridge';
import { dumpAllTables } from '../../test-support/database-dump';
import { databaseKinds } from '../../test-support/databases';
import { approvedMultiInputProfile } from '../../test-support/multi-input-jobs';
import {
  creditPans,
  workbenchWithCreditProfile,
  type ProfileJobSetup,
} from '../../test-support/profile-jobs';
import {
  distinctCards,
  rejectionOf,
  testDataAtRestKey,
  uploadCsv,
  type SeededWorkbench,
} from '../../test-support/workbench';
import { openCardholderRecord, openText } from '../cardholder-seal';
import { createJob, type CreateJobInput } from '../jobs/create-job';
import { approveJob, cancelJob, submitJob } from '../jobs/job-workflow';
import { joinBatchRows } from './additional-inputs';
import { findUpload } from './upload-store';

process.env.DATA_AT_REST_KEY = testDataAtRestKey;
process.env.DATAPREP_OUTPUT_DIR ??= path.join(os.tmpdir(), 'dataprep-test-outputs');

const pan4 = (pan: string) => `${pan.slice(0, 6)}******${pan.slice(-4)}`;
const ibans = {
  c1: 'DE89370400440532013000',
  c2: 'GB29NWBK60161331926819',
  c3: 'FR1420041010050500013M02606',
};

/** pan,psn,name,customer,svc,lcol: the cardholder file of the profile with an account file. */
const cardholders = (rows: string[][]) =>
  ['pan,psn,name,customer,svc,lcol', ...rows.map((r) => r.join(','))].join('\n');
const accounts = (rows: string[][]) => ['customer_id,iban', ...rows.map((r) => r.join(','))].join('\n');

let bridge: TestBridge;
beforeAll(async () => {
  bridge = await startTestBridge('multi-input');
});
afterAll(() => bridge.close());

describe.each(databaseKinds)('a job with a second input joined on a key column, on %s', (kind) => {
  let handle: Awaited<ReturnType<typeof workbenchWithCreditProfile>>['handle'];
  let w: SeededWorkbench;
  let setup: ProfileJobSetup;
  let db: Db;
  let profileVersionId: string;
  let variant = 0;

  beforeAll(async () => {
    process.env.DATAPREP_UPLOAD_DIR = mkdtempSync(path.join(os.tmpdir(), `dataprep-multi-${kind}-`));
    ({ handle, w, setup } = await workbenchWithCreditProfile(kind, bridge.client));
    db = handle.db;
    profileVersionId = await approvedMultiInputProfile(w);
  }, 120_000);
  afterAll(() => handle.close());

  const jobInput = async (
    main: string,
    second: string | null,
    overrides: Partial<CreateJobInput> = {},
  ): Promise<CreateJobInput> => {
    const upload = await uploadCsv(w.ctx.analyst, main, 'cardholders.csv');
    const extra = second === null ? null : await uploadCsv(w.ctx.analyst, second, 'accounts.csv');
    return {
      profileVersionId,
      bureauId: w.bureaus.DEMO,
      parameters: setup.parameters,
      uploadId: upload.uploadId,
      additionalUploads: extra ? [{ input: 'accounts', uploadId: extra.uploadId }] : [],
      rejectionPolicy: 'all-or-nothing',
      ...overrides,
    };
  };
  const rejectionsOf = (jobId: string) =>
    db
      .select({
        input: jobRejections.input,
        row: jobRejections.rowNumber,
        field: jobRejections.field,
        value: jobRejections.value,
        reason: jobRejections.reason,
      })
      .from(jobRejections)
      .where(eq(jobRejections.jobId, jobId))
      .orderBy(asc(jobRejections.input), asc(jobRejections.rowNumber));
  /** The same cards under other PANs, so every test's job has cards no earlier job holds. */
  const fresh = (text: string) => distinctCards(text, ++variant);

  it('joins each cardholder row to its account row; rows that do not join, or join twice, are rejected with input, row, field and reason', async () => {
    const main = fresh(
      cardholders([
        [creditPans[0], '00', 'ALICE EXAMPLE', 'C-1', '', ''],
        [creditPans[1], '00', 'BOB EXAMPLE', 'C-2', '', ''],
        [creditPans[2], '00', 'CAROL EXAMPLE', 'C-9', '', ''],
        ['9999010000000045', '00', 'DAVE EXAMPLE', 'C-3', '', ''],
      ]),
    );
    const job = await createJob(
      w.ctx.analyst,
      await jobInput(
        main,
        accounts([
          ['C-2', ibans.c2],
          ['C-1', ibans.c1],
          ['C-3', ibans.c3],
          ['C-3', ibans.c3],
          ['C-7', ibans.c3],
          ['', ibans.c1],
        ]),
        { rejectionPolicy: 'accept-valid', acceptValidReason: 'The unjoined rows go back to both systems' },
      ),
    );
    const pans = [...main.matchAll(/^\d{16}/gm)].map((m) => m[0]);
    expect(job).toMatchObject({ totalRows: 4, acceptedRows: 2, rejectedRows: 2 + 4 });
    expect(await rejectionsOf(job.id)).toEqual([
      {
        input: 'accounts',
        row: 4,
        field: 'customer_id',
        value: '(duplicate key)',
        reason:
          'The key in customer_id is also in row 5: each key may be in one row of Account file (core banking) only',
      },
      {
        input: 'accounts',
        row: 5,
        field: 'customer_id',
        value: '(duplicate key)',
        reason:
          'The key in customer_id is also in row 4: each key may be in one row of Account file (core banking) only',
      },
      {
        input: 'accounts',
        row: 6,
        field: 'customer_id',
        value: 'C-7',
        reason: 'No accepted cardholder row has this key in customer',
      },
      {
        input: 'accounts',
        row: 7,
        field: 'customer_id',
        value: '',
        reason: 'The join column customer_id is empty: each row needs the key that joins it to a cardholder',
      },
      {
        input: 'cardholder',
        row: 4,
        field: 'customer',
        value: 'C-9',
        reason: 'No row of Account file (core banking) has this key in customer_id',
      },
      {
        input: 'cardholder',
        row: 5,
        field: 'customer',
        value: 'C-3',
        reason:
          'Joins rows 4 and 5 of Account file (core banking), which hold the same key: correct that file',
      },
    ]);
    const [input] = await db.select().from(jobInputs).where(eq(jobInputs.jobId, job.id));
    expect(input).toMatchObject({
      name: 'accounts',
      label: 'Account file (core banking)',
      fileName: 'accounts.csv',
      totalRows: 6,
      joinedRows: 2,
      rejectedRows: 4,
    });
    expect(input!.sha256).toMatch(/^[0-9a-f]{64}$/);
    // The staging rows do not outlive the import.
    expect((await db.select({ n: count() }).from(jobInputRows))[0]!.n).toBe(0);
    const cards = await db
      .select()
      .from(jobCards)
      .where(eq(jobCards.jobId, job.id))
      .orderBy(asc(jobCards.rowNumber));
    const records = cards.map((c) => openCardholderRecord(c.cardholderSealed, `${job.id}/${c.rowNumber}`));
    expect(
      records.map((r) => [r.pan, r.columns['accounts.iban'], r.columns['accounts.customer_id']]),
    ).toEqual([
      [pans[0], ibans.c1, 'C-1'],
      [pans[1], ibans.c2, 'C-2'],
    ]);
  });

  it('joins across batches: 2,500 cardholders, the account file in reverse order with a key repeated 2,498 rows later', async () => {
    const count = 2_500;
    const main = cardholders(
      Array.from({ length: count }, (_, i) => [
        withLuhnDigit(`99990199${String(i).padStart(7, '0')}`),
        '00',
        'CARD HOLDER',
        `C-${i}`,
        '',
        '',
      ]),
    );
    const second = accounts([
      ...Array.from({ length: count }, (_, i) => [`C-${count - 1 - i}`, `DE${String(i).padStart(20, '0')}`]),
      [`C-${count - 3}`, ibans.c1],
    ]);
    const held: number[] = [];
    const job = await createJob(
      w.ctx.analyst,
      await jobInput(main, second, {
        rejectionPolicy: 'accept-valid',
        acceptValidReason: 'Customer C-2497 has two accounts',
      }),
      { onProgress: (progress) => void held.push(progress.rowsHeld) },
    );
    expect(Math.max(...held)).toBeLessThanOrEqual(joinBatchRows);
    expect(job).toMatchObject({ totalRows: count, acceptedRows: count - 1, rejectedRows: 1 + 2 });
    const rejections = await rejectionsOf(job.id);
    expect(rejections.map((r) => [r.input, r.row, r.field, r.value])).toEqual([
      ['accounts', 4, 'customer_id', '(duplicate key)'],
      ['accounts', count + 2, 'customer_id', '(duplicate key)'],
      ['cardholder', count - 1, 'customer', `C-${count - 3}`],
    ]);
    const [input] = await db.select().from(jobInputs).where(eq(jobInputs.jobId, job.id));
    expect(input).toMatchObject({ totalRows: count + 1, joinedRows: count - 1, rejectedRows: 2 });
    // The last cardholder row (C-2499) joins the first account row, 2,499 rows and two batches away.
    const [last] = await db
      .select()
      .from(jobCards)
      .where(and(eq(jobCards.jobId, job.id), eq(jobCards.rowNumber, count + 1)));
    const record = openCardholderRecord(last!.cardholderSealed, `${job.id}/${count + 1}`);
    expect(record.columns['accounts.iban']).toBe(`DE${'0'.repeat(20)}`);
  }, 120_000);

  it('a PAN key is shown masked (first 6, last 4) when a row does not join', async () => {
    const byPan = await approvedMultiInputProfile(
      w,
      `Demo credit with accounts by PAN ${kind}`,
      (profile) => {
        profile.card.additionalInputs![0]!.joinsTo = 'pan';
      },
    );
    const main = fresh(
      cardholders([
        [creditPans[0], '00', 'ALICE EXAMPLE', '', '', ''],
        [creditPans[1], '00', 'BOB EXAMPLE', '', '', ''],
      ]),
    );
    const [alice, bob] = [...main.matchAll(/^\d{16}/gm)].map((m) => m[0]);
    const stranger = creditPans[2];
    const job = await createJob(w.ctx.analyst, {
      ...(await jobInput(
        main,
        accounts([
          [alice!, ibans.c1],
          [stranger, ibans.c2],
        ]),
      )),
      profileVersionId: byPan,
      rejectionPolicy: 'accept-valid',
      acceptValidReason: 'Bob has no account row yet',
    });
    expect(job).toMatchObject({ acceptedRows: 1, rejectedRows: 2 });
    const rejections = await rejectionsOf(job.id);
    expect(rejections.map((r) => [r.input, r.row, r.field, r.value])).toEqual([
      ['accounts', 3, 'customer_id', pan4(stranger)],
      ['cardholder', 3, 'pan', pan4(bob!)],
    ]);
    // Nowhere in the database in clear: not in the rejections, the staged rows or the audit trail.
    const dump = JSON.stringify(await dumpAllTables(db));
    expect(dump).toContain(pan4(stranger)); // positive control: the dump holds the masked rejection
    for (const pan of [alice!, bob!, stranger]) expect(dump).not.toContain(pan);
  });

  it('all or nothing: an account file not in its layout refuses the job and leaves nothing behind', async () => {
    const counts = async () => ({
      jobs: (await db.select({ n: count() }).from(jobs))[0]!.n,
      rejections: (await db.select({ n: count() }).from(jobRejections))[0]!.n,
      inputs: (await db.select({ n: count() }).from(jobInputs))[0]!.n,
      staged: (await db.select({ n: count() }).from(jobInputRows))[0]!.n,
    });
    const before = await counts();
    const input = await jobInput(
      fresh(cardholders([[creditPans[0], '00', 'ALICE EXAMPLE', 'C-1', '', '']])),
      'member;iban\nC-1;X\n',
    );
    const error = await rejectionOf(createJob(w.ctx.analyst, input));
    expect(error.message).toBe(
      'Account file (core banking): The header line lacks the columns customer_id, iban. Expected: customer_id,iban.',
    );
    expect(await counts()).toEqual(before);
    // Both uploads stay, so the analyst can try again with a corrected file.
    expect(await findUpload(input.uploadId)).not.toBeNull();
    expect(await findUpload(input.additionalUploads![0]!.uploadId)).not.toBeNull();

    const missing = await rejectionOf(createJob(w.ctx.analyst, { ...input, additionalUploads: [] }));
    expect(missing.message).toBe('Upload the Account file (core banking) (input "accounts") as well.');
    const unknown = await rejectionOf(
      createJob(w.ctx.analyst, {
        ...input,
        additionalUploads: [...input.additionalUploads!, { input: 'transit', uploadId: input.uploadId }],
      }),
    );
    expect(unknown.message).toBe('The card template has no additional input "transit": it takes "accounts".');
  });

  it('the approval subject covers the account file: another account file is another subject, so approvals do not carry over', async () => {
    const main = fresh(cardholders([[creditPans[0], '00', 'ALICE EXAMPLE', 'C-1', '', '']]));
    const first = await createJob(w.ctx.analyst, await jobInput(main, accounts([['C-1', ibans.c1]])));
    await submitJob(w.ctx.analyst, first.id);
    await approveJob(w.ctx.officer1, first.id);
    await cancelJob(w.ctx.analyst, first.id);
    // The same two files again (the cards are free once the first job is cancelled): the same subject.
    const same = await createJob(w.ctx.analyst, await jobInput(main, accounts([['C-1', ibans.c1]])));
    expect(same.approvalSubject).toBe(first.approvalSubject);
    await cancelJob(w.ctx.analyst, same.id);
    // The account file replaced, the cardholder file unchanged: the officers must approve again.
    const other = await createJob(w.ctx.analyst, await jobInput(main, accounts([['C-1', ibans.c2]])));
    expect(other.inputSha256).toBe(first.inputSha256);
    expect(other.approvalSubject).not.toBe(first.approvalSubject);
  });

  it('prepares the joined values into the card: 5F53 in DGI 0203, the overridden service code on the chip and the tracks, and every card passes on the virtual card', async () => {
    const main = fresh(
      cardholders([
        [creditPans[0], '00', 'ALICE EXAMPLE', 'C-1', '', ''],
        [creditPans[1], '00', 'BOB EXAMPLE', 'C-2', '221', '05'],
      ]),
    );
    const job = await createJob(
      w.ctx.analyst,
      await jobInput(
        main,
        accounts([
          ['C-1', ibans.c1],
          ['C-2', ibans.c2],
        ]),
      ),
    );
    expect(job).toMatchObject({ acceptedRows: 2, rejectedRows: 0 });
    await submitJob(w.ctx.analyst, job.id);
    await approveJob(w.ctx.officer1, job.id);
    await approveJob(w.ctx.officer2, job.id);
    await prepareJob(db, bridge.client, job.id);
    const [row] = await db.select().from(jobs).where(eq(jobs.id, job.id));
    expect(row).toMatchObject({ status: 'validated', preparedRows: 2 });
    expect(row!.validation).toMatchObject({ sampled: 2, passed: 2, failed: 0 });
    const records = await db
      .select()
      .from(cardRecords)
      .where(eq(cardRecords.jobId, job.id))
      .orderBy(asc(cardRecords.rowNumber));
    expect(records.map((r) => r.problems)).toEqual([[], []]);
    const contents = records.map(
      (r) =>
        JSON.parse(
          openText(r.recordSealed!, preparedRecordContext(job.id, r.rowNumber)),
        ) as PreparedCardContent,
    );
    const dgi = (i: number, name: string) =>
      contents[i]!.applications.find((app) => app.name !== 'PSE')!.dgis.find((d) => d.dgi === name)!.data;
    const tlv = (tag: string, text: string) =>
      `${tag}${text.length.toString(16).toUpperCase().padStart(2, '0')}${Buffer.from(text).toString('hex').toUpperCase()}`;
    expect(dgi(0, '0203')).toBe(`7019${tlv('5F53', ibans.c1)}`);
    expect(dgi(1, '0203')).toBe(`7019${tlv('5F53', ibans.c2)}`);
    // Service code: the template's 201 for Alice, the row's 221 for Bob (5F30 n 3, and track 2).
    expect(dgi(0, '0202')).toContain('5F30020201');
    expect(dgi(1, '0202')).toContain('5F30020221');
    expect(dgi(1, '0202')).toContain('9F140105');
    const pans = [...main.matchAll(/^\d{16}/gm)].map((m) => m[0]);
    expect(contents[0]!.surface.track2).toMatch(new RegExp(`^${pans[0]}=\\d{4}201`));
    expect(contents[1]!.surface.track2).toMatch(new RegExp(`^${pans[1]}=\\d{4}221`));
    expect(records.map((r) => r.panMasked)).toEqual(pans.map(pan4));
  });
});
