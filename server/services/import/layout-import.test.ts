import { createHash, randomBytes } from 'node:crypto';
import { asc, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beginCardholderImport, insertJob } from '../../../db/queries/jobs';
import { jobCards, jobRejections, jobs } from '../../../db/schema';
import type { Db } from '../../../db/client';
import { cardholderRulesOf, type CardholderRules } from '../../emv/profile/input-rows';
import { demo } from '../../emv/profile/testing';
import { startTestBridge, type TestBridge } from '../../test-support/bridge';
import { databaseKinds } from '../../test-support/databases';
import { workbenchWithCreditProfile, type ProfileJobSetup } from '../../test-support/profile-jobs';
import { rejectionOf, testDataAtRestKey, type SeededWorkbench } from '../../test-support/workbench';
import { openCardholderRecord } from '../cardholder-seal';
import type { TextEncodingName } from './csv-stream';
import { importBatchRows, importCardholderFile, type ImportProgress } from './import-cardholder-file';

process.env.DATA_AT_REST_KEY = testDataAtRestKey;

/** The debit demo: fixed-width records of 80 characters, BIN range 99990200 to 99990299, PAN length 16. */
const fixedWidth = cardholderRulesOf(demo('debit').card);
/** CSV with ';' and no header, without PAN length or BIN range. */
const semicolonNoHeader: CardholderRules = {
  input: {
    kind: 'csv',
    delimiter: ';',
    header: false,
    columns: [
      { name: 'pan', role: 'pan' },
      { name: 'psn', role: 'pan-sequence-number' },
      { name: 'name', role: 'cardholder-name' },
      { name: 'expiry', role: 'expiry-date' },
    ],
  },
};

/** A Luhn-valid 16-digit PAN in the debit demo's BIN range for serial `n`. */
function pan(n: number, series: string): string {
  const body = `99990200${series}${String(n).padStart(6, '0')}`;
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d *= 2;
    sum += d > 9 ? d - 9 : d;
  }
  return body + ((10 - (sum % 10)) % 10);
}

/** A record of the debit demo's layout: 64 characters of fields, padded with spaces to 80. */
const record = (pan: string, psn: string, name: string, expiry = '3012', pinBlock = '0412AC89ABCDEF67') =>
  `${pan.padEnd(16)}${psn.padEnd(2)}${name.padEnd(26)}${expiry.padEnd(4)}${pinBlock.padEnd(16)}`.padEnd(80);

/** The bytes in chunks of an odd size, so lines and characters are cut at every kind of place. */
async function* chunksOf(bytes: Buffer) {
  for (let at = 0; at < bytes.length; at += 4093) yield bytes.subarray(at, at + 4093);
}

let bridge: TestBridge;
beforeAll(async () => {
  bridge = await startTestBridge('layout-import');
});
afterAll(() => bridge.close());

describe.each(databaseKinds)('importing cardholder files in the layout of a card template on %s', (kind) => {
  let handle: Awaited<ReturnType<typeof workbenchWithCreditProfile>>['handle'];
  let w: SeededWorkbench;
  let setup: ProfileJobSetup;
  let db: Db;

  beforeAll(async () => {
    ({ handle, w, setup } = await workbenchWithCreditProfile(kind, bridge.client));
    db = handle.db;
  }, 120_000);
  afterAll(() => handle.close());

  /**
   * A new job holding the file, in one transaction, as createJob makes it (the job's profile version
   * does not matter here: the file is read with the layout the test gives).
   */
  const importFile = (
    bytes: Buffer,
    rules: CardholderRules,
    options: { encoding?: TextEncodingName; onProgress?: (progress: ImportProgress) => void } = {},
  ) =>
    db.transaction(async (tx) => {
      await beginCardholderImport(tx);
      const job = await insertJob(tx, {
        reference: `JOB-TEST-${randomBytes(3).toString('hex').toUpperCase()}`,
        profileVersionId: setup.profileVersionId,
        parameters: setup.parameters,
        kekKeyId: setup.parameters.kekKeyId,
        inputFileName: 'cardholders.txt',
        inputSha256: createHash('sha256').update(bytes).digest('hex'),
        totalRows: 0,
        acceptedRows: 0,
        rejectedRows: 0,
        approvalSubject: '',
        createdBy: w.ctx.analyst.user.id,
      });
      const imported = await importCardholderFile(tx, {
        jobId: job.id,
        source: chunksOf(bytes),
        encoding: options.encoding ?? 'utf-8',
        rules,
        onProgress: options.onProgress,
      });
      return { job, imported };
    });
  const tableCounts = async () => ({
    jobs: (await db.select({ n: count() }).from(jobs))[0]!.n,
    cards: (await db.select({ n: count() }).from(jobCards))[0]!.n,
    rejections: (await db.select({ n: count() }).from(jobRejections))[0]!.n,
  });
  const rejectionsOf = (jobId: string) =>
    db
      .select({
        row: jobRejections.rowNumber,
        field: jobRejections.field,
        value: jobRejections.value,
        reason: jobRejections.reason,
      })
      .from(jobRejections)
      .where(eq(jobRejections.jobId, jobId))
      .orderBy(asc(jobRejections.rowNumber), asc(jobRejections.field));

  let fixedWidthJob: { id: string; reference: string };

  it('imports a fixed-width ISO-8859-1 file in batches: rows of another length rejected, columns sealed', async () => {
    const lines = Array.from({ length: 2500 }, (_, i) =>
      record(pan(i + 1, '1'), '01', `CARD HOLDER ${i + 1}`),
    );
    lines[0] = record(pan(1, '1'), '01', 'ALICE EXAMPLE', '3012', '0412ac89abcdef67');
    lines[4] = lines[4]!.trimEnd();
    lines[6] = record(pan(7, '1'), '01', 'ZOË DUPONT');
    lines[8] = record(pan(9, '1'), '01', 'BOB EXAMPLE', '3012', '0412AC89ABCDEF6Z');
    lines[1199] = `${lines[1199]}0`;
    // Row 2400 repeats row 3, which an earlier batch wrote.
    lines[2399] = record(pan(3, '1'), '01', 'CARD HOLDER 3 AGAIN');
    const bytes = Buffer.from(lines.join('\r\n'), 'latin1');
    const progress: ImportProgress[] = [];
    const { job, imported } = await importFile(bytes, fixedWidth, {
      encoding: 'iso-8859-1',
      onProgress: (p) => void progress.push(p),
    });
    fixedWidthJob = job;

    expect(imported).toEqual({
      totalRows: 2500,
      acceptedRows: 2495,
      rejectedRows: 5,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes: bytes.length,
    });
    expect(progress.map((p) => p.rowsRead)).toEqual([1000, 2000, 2500]);
    expect(Math.max(...progress.map((p) => p.rowsHeld))).toBeLessThanOrEqual(importBatchRows);
    const rejected = await rejectionsOf(job.id);
    expect(rejected).toEqual([
      {
        row: 5,
        field: 'row',
        value: '64 characters',
        reason: 'row 5 has 64 characters, the layout expects 80',
      },
      {
        row: 7,
        field: 'name',
        value: 'ZOË DUPONT',
        reason: "Name may hold only upper-case letters, digits, space and . - / ' (ISO/IEC 7813)",
      },
      {
        row: 9,
        field: 'pin_block',
        value: '(hidden)',
        reason: 'PIN block must be 16 hexadecimal digits (ISO 9564 format 0 or 3) or 32 (format 4)',
      },
      {
        row: 1200,
        field: 'row',
        value: '81 characters',
        reason: 'row 1200 has 81 characters, the layout expects 80',
      },
      {
        row: 2400,
        field: 'pan',
        value: `999902******${pan(3, '1').slice(-4)}`,
        reason: 'Same PAN and PSN as row 3',
      },
    ]);
    expect(JSON.stringify(rejected)).not.toContain('AC89');

    const [first] = await db
      .select()
      .from(jobCards)
      .where(eq(jobCards.jobId, job.id))
      .orderBy(jobCards.rowNumber);
    expect(first!.rowNumber).toBe(1);
    expect(first!.panMasked).toBe(`999902******${pan(1, '1').slice(-4)}`);
    expect(JSON.stringify(first)).not.toContain(pan(1, '1'));
    expect(openCardholderRecord(first!.cardholderSealed, `${job.id}/1`)).toEqual({
      pan: pan(1, '1'),
      psn: '01',
      columns: {
        pan: pan(1, '1'),
        psn: '01',
        name: 'ALICE EXAMPLE',
        expiry: '3012',
        pin_block: '0412AC89ABCDEF67',
      },
    });
  });

  it('refuses, after whole batches, a file in which no line has the record length, and leaves nothing', async () => {
    const lines = Array.from({ length: 2500 }, (_, i) =>
      record(pan(i + 1, '2'), '01', 'CARD HOLDER').slice(0, 79),
    );
    const before = await tableCounts();
    const error = await rejectionOf(importFile(Buffer.from(lines.join('\n')), fixedWidth));
    expect(error.message).toBe(
      'This does not look like the fixed-width layout of the card template: every line has 79 characters, the layout expects 80.',
    );
    expect(await tableCounts()).toEqual(before);
  });

  it('reads CSV with ";" without a header from row 1, finding cards of a job imported in another layout', async () => {
    const rows = [
      `${pan(3, '1')};01;ALICE EXAMPLE;3012`,
      `${pan(3, '1')};02;ALICE NEW CARD;3012`,
      `${pan(1, '3')};00;CAROL EXAMPLE;3012`,
      `${pan(2, '3')};00;DAVE EXAMPLE`,
    ];
    const { job, imported } = await importFile(Buffer.from(rows.join('\n')), semicolonNoHeader);
    expect([imported.totalRows, imported.acceptedRows, imported.rejectedRows]).toEqual([4, 2, 2]);
    expect(await rejectionsOf(job.id)).toEqual([
      {
        row: 1,
        field: 'pan',
        value: `999902******${pan(3, '1').slice(-4)}`,
        reason: `Same PAN and PSN as row 3 of job ${fixedWidthJob.reference} (cancel that job if this file replaces it)`,
      },
      { row: 4, field: 'row', value: '3 fields', reason: 'row 4 has 3 fields, the layout has 4' },
    ]);
    const cards = await db
      .select({ row: jobCards.rowNumber })
      .from(jobCards)
      .where(eq(jobCards.jobId, job.id))
      .orderBy(jobCards.rowNumber);
    expect(cards).toEqual([{ row: 2 }, { row: 3 }]);
  });
});
