import { mkdtempSync, readdirSync, readFileSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { asc, count, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, jobCards, jobRejections, jobs } from '../../../db/schema';
import { startTestBridge, type TestBridge } from '../../test-support/bridge';
import { databaseKinds } from '../../test-support/databases';
import { workbenchWithCreditProfile, type ProfileJobSetup } from '../../test-support/profile-jobs';
import {
  rejectionOf,
  testDataAtRestKey,
  uploadCsv,
  type SeededWorkbench,
} from '../../test-support/workbench';
import type { Db } from '../../../db/client';
import { openCardholderRecord } from '../cardholder-seal';
import type { CreateJobInput } from '../jobs/create-job';
import { createJob } from '../jobs/create-job';
import { cancelJob } from '../jobs/job-workflow';
import { parseCsv } from './csv';
import { importBatchRows, type ImportProgress } from './import-cardholder-file';
import { receiveUpload } from './receive-upload';
import { deleteUpload, findUpload, uploadsDir } from './upload-store';

process.env.DATA_AT_REST_KEY = testDataAtRestKey;

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const heapUsed = () => {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
};

/** What holding every row of a file costs: the positive control for the heap measured while importing. */
function heapToHoldRows(text: string): number {
  const before = heapUsed();
  const rows = parseCsv(text);
  const after = heapUsed();
  expect(rows.length).toBeGreaterThan(1);
  return after - before;
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/**
 * A Luhn-valid 16-digit PAN for serial `n`: in the demo credit profile's BIN range (99990100 to
 * 99990199) unless `bin` says otherwise.
 */
function pan(n: number, series = '8', bin = '999901'): string {
  const body = `${bin}${series}${String(n).padStart(8, '0')}`;
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d *= 2;
    sum += d > 9 ? d - 9 : d;
  }
  return body + ((10 - (sum % 10)) % 10);
}

/** The demo credit profile's layout: the expiry is not in the file, it follows the profile's rule. */
const header = 'pan,psn,name';
const csv = (...rows: string[]) => [header, ...rows].join('\n');

let bridge: TestBridge;
beforeAll(async () => {
  bridge = await startTestBridge('cardholder-import');
});
afterAll(() => bridge.close());

describe.each(databaseKinds)('importing cardholder files on %s', (kind) => {
  let handle: Awaited<ReturnType<typeof workbenchWithCreditProfile>>['handle'];
  let w: SeededWorkbench;
  let setup: ProfileJobSetup;
  let db: Db;

  beforeAll(async () => {
    process.env.DATAPREP_UPLOAD_DIR = mkdtempSync(path.join(os.tmpdir(), `dataprep-uploads-${kind}-`));
    ({ handle, w, setup } = await workbenchWithCreditProfile(kind, bridge.client));
    db = handle.db;
  }, 120_000);
  afterAll(() => handle.close());
  afterEach(() => {
    delete process.env.DATAPREP_MAX_UPLOAD_BYTES;
  });

  const filesOnDisk = () => readdirSync(uploadsDir());
  const tableCounts = async () => ({
    jobs: (await db.select({ n: count() }).from(jobs))[0]!.n,
    cards: (await db.select({ n: count() }).from(jobCards))[0]!.n,
    rejections: (await db.select({ n: count() }).from(jobRejections))[0]!.n,
  });
  const input = (uploadId: string, overrides: Partial<CreateJobInput> = {}): CreateJobInput => ({
    profileVersionId: setup.profileVersionId,
    bureauId: w.bureaus.DEMO,
    parameters: setup.parameters,
    uploadId,
    rejectionPolicy: 'all-or-nothing',
    ...overrides,
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
      .orderBy(asc(jobRejections.rowNumber));

  /**
   * 100,000 rows, 4 of them short and 5 outside the BIN range; the text is dropped before the import
   * is measured.
   */
  const uploadBigFile = async () => {
    const lines = [header];
    for (let i = 0; i < 100_000; i++) {
      const row = i + 2;
      if (i % 25_000 === 7) lines.push(`${pan(i)},00`);
      else if (i % 20_000 === 11) lines.push(`${pan(i, '8', '999902')},00,OTHER ISSUER`);
      else lines.push(`${pan(i)},${String(row % 100).padStart(2, '0')},CARD HOLDER ${row % 997}`);
    }
    const text = lines.join('\r\n');
    const upload = await uploadCsv(w.ctx.analyst, text, 'big.csv');
    return { upload, holdingAll: heapToHoldRows(text) };
  };

  it('imports a 100,000-row file streaming: one card per valid row, at most one batch held, flat heap', async () => {
    const { upload, holdingAll } = await uploadBigFile();
    const baseline = heapUsed();
    const samples: number[] = [];
    const progress: ImportProgress[] = [];
    const job = await createJob(
      w.ctx.analyst,
      input(upload.uploadId, {
        rejectionPolicy: 'accept-valid',
        acceptValidReason: 'Short rows and other issuers go back',
      }),
      {
        onProgress: (p) => {
          progress.push(p);
          if (progress.length % 10 === 0) samples.push(heapUsed() - baseline);
        },
      },
    );

    expect([job.totalRows, job.acceptedRows, job.rejectedRows]).toEqual([100_000, 99_991, 9]);
    expect(job.inputSha256).toBe(upload.sha256);
    expect((await db.select({ n: count() }).from(jobCards).where(eq(jobCards.jobId, job.id)))[0]!.n).toBe(
      99_991,
    );
    const rejected = await rejectionsOf(job.id);
    expect(rejected.slice(0, 2)).toEqual([
      { row: 9, field: 'row', value: '2 fields', reason: 'row 9 has 2 fields, the header has 3' },
      {
        row: 13,
        field: 'pan',
        value: `999902******${pan(11, '8', '999902').slice(-4)}`,
        reason: 'PAN is outside the BIN range 99990100 to 99990199 of the card template',
      },
    ]);
    expect(rejected).toHaveLength(9);
    expect(Math.max(...progress.map((p) => p.rowsHeld))).toBeLessThanOrEqual(importBatchRows);
    expect(progress.at(-1)).toMatchObject({ rowsRead: 100_000, acceptedRows: 99_991, rejectedRows: 9 });
    console.info(
      `${kind}: holding all rows takes ${mib(holdingAll)}; importing grew the heap by ${mib(Math.max(...samples))} at most`,
    );
    expect(holdingAll).toBeGreaterThan(10 * 1024 * 1024);
    // Memory used while importing stays a fraction of what the rows themselves would take.
    expect(Math.max(...samples)).toBeLessThan(holdingAll / 4);
    expect(filesOnDisk()).toEqual([]);
  }, 120_000);

  it('keeps the cards sealed, with a keyed digest of PAN and PSN and no clear PAN', async () => {
    const upload = await uploadCsv(w.ctx.analyst, csv(`${pan(1, '7')},00,ALICE EXAMPLE`));
    const job = await createJob(w.ctx.analyst, input(upload.uploadId));
    const [card] = await db.select().from(jobCards).where(eq(jobCards.jobId, job.id));
    expect(card!.panMasked).toBe(`999901******${pan(1, '7').slice(-4)}`);
    expect(card!.panPsnDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(card)).not.toContain(pan(1, '7'));
    expect(openCardholderRecord(card!.cardholderSealed, `${job.id}/2`)).toEqual({
      pan: pan(1, '7'),
      psn: '00',
      columns: { pan: pan(1, '7'), psn: '00', name: 'ALICE EXAMPLE' },
    });
  });

  it('rejects a card already in an earlier job or earlier in the file, but not one of a cancelled job', async () => {
    const [x, y, z] = [pan(1, '6'), pan(2, '6'), pan(3, '6')];
    const first = await createJob(
      w.ctx.analyst,
      input((await uploadCsv(w.ctx.analyst, csv(`${x},00,ALICE EXAMPLE`, `${y},00,BOB EXAMPLE`))).uploadId),
    );
    expect(first.acceptedRows).toBe(2);

    const rows = [`${x},00,ALICE AGAIN`, `${x},01,ALICE NEW CARD`, `${z},00,CAROL EXAMPLE`];
    for (let i = 0; i < importBatchRows + 10; i++) rows.push(`${pan(1000 + i, '6')},00,FILLER`);
    rows.push(`${z},00,CAROL AGAIN`);
    const second = await createJob(
      w.ctx.analyst,
      input((await uploadCsv(w.ctx.analyst, csv(...rows))).uploadId),
    );
    const lastRow = rows.length + 1;
    expect([second.totalRows, second.acceptedRows, second.rejectedRows]).toEqual([
      rows.length,
      rows.length - 2,
      2,
    ]);
    expect(await rejectionsOf(second.id)).toEqual([
      {
        row: 2,
        field: 'pan',
        value: `999901******${x.slice(-4)}`,
        reason: `Same PAN and PSN as row 2 of job ${first.reference} (cancel that job if this file replaces it)`,
      },
      {
        row: lastRow,
        field: 'pan',
        value: `999901******${z.slice(-4)}`,
        reason: 'Same PAN and PSN as row 4',
      },
    ]);

    await cancelJob(w.ctx.analyst, first.id);
    const third = await createJob(
      w.ctx.analyst,
      input((await uploadCsv(w.ctx.analyst, csv(`${y},00,BOB EXAMPLE`))).uploadId),
    );
    expect([third.acceptedRows, third.rejectedRows]).toEqual([1, 0]);
  });

  it.each([
    [
      'a ZIP archive',
      Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]), Buffer.alloc(200, 7)]),
      'This is a ZIP archive: upload the CSV inside it, not the archive.',
    ],
    [
      'a gzip file',
      gzipSync(csv(`${pan(1)},00,ALICE EXAMPLE`)),
      'This is a gzip-compressed file: decompress it and upload the CSV file inside.',
    ],
    [
      'a PDF',
      Buffer.from('%PDF-1.7\n1 0 obj\n'),
      'This is a PDF document, not a CSV file: save or export it as CSV and upload that.',
    ],
    [
      'binary data',
      Buffer.concat([Buffer.from(`${header}\n`), Buffer.alloc(5000, 1), Buffer.from([0])]),
      'This is not a text file: it contains binary data (a NUL byte at byte 5014). Upload a CSV file.',
    ],
    ['an empty file', Buffer.alloc(0), 'The file is empty: choose the cardholder CSV file again.'],
  ])('refuses %s on upload and leaves nothing on disk', async (_name, bytes, message) => {
    const audited = (await db.select({ n: count() }).from(auditEvents))[0]!.n;
    const chunks = [bytes.subarray(0, 3), bytes.subarray(3)];
    const error = await rejectionOf(receiveUpload(w.ctx.analyst, { fileName: 'file', body: chunks }));
    expect([error.code, error.message]).toEqual(['INVALID_INPUT', message]);
    expect(filesOnDisk()).toEqual([]);
    expect((await db.select({ n: count() }).from(auditEvents))[0]!.n).toBe(audited);
  });

  it('refuses a file past the upload limit, announced or found while streaming, and leaves nothing on disk', async () => {
    process.env.DATAPREP_MAX_UPLOAD_BYTES = '1000';
    const message =
      'The file is larger than the upload limit of 1000 bytes: split it into smaller files, or ask an administrator to raise DATAPREP_MAX_UPLOAD_BYTES.';
    const announced = await rejectionOf(
      receiveUpload(w.ctx.analyst, { fileName: 'big.csv', body: [Buffer.from(header)], declaredBytes: 1001 }),
    );
    expect([announced.code, announced.message]).toEqual(['TOO_LARGE', message]);
    const chunk = Buffer.from(`${pan(1)},00,ALICE EXAMPLE\n`.repeat(10));
    const streamed = await rejectionOf(
      receiveUpload(w.ctx.analyst, { fileName: 'big.csv', body: [chunk, chunk, chunk] }),
    );
    expect([streamed.code, streamed.message]).toEqual(['TOO_LARGE', message]);
    expect(filesOnDisk()).toEqual([]);
    const exactly = await receiveUpload(w.ctx.analyst, {
      fileName: 'ok.csv',
      body: [Buffer.alloc(1000, 0x41)],
    });
    expect(exactly.bytes).toBe(1000);
    await deleteUpload(exactly.uploadId);
  });

  it('refuses a file it cannot read, and creates no job; the upload stays for another try', async () => {
    const before = await tableCounts();
    const latin1 = Buffer.from(
      csv(`${pan(1, '5')},00,ALICE EXAMPLE`, `${pan(2, '5')},00,ZOË DUPONT`),
      'latin1',
    );
    const upload = await uploadCsv(w.ctx.analyst, latin1, 'latin1.csv');
    const asUtf8 = await rejectionOf(createJob(w.ctx.analyst, input(upload.uploadId)));
    expect([asUtf8.code, asUtf8.message]).toEqual([
      'INVALID_INPUT',
      `The file cannot be read as UTF-8: line 3: byte ${latin1.indexOf(0xcb) + 1} (0xCB) is not valid UTF-8; if the file comes from an older system, choose the encoding ISO-8859-1.`,
    ]);
    expect(await tableCounts()).toEqual(before);

    const job = await createJob(
      w.ctx.analyst,
      input(upload.uploadId, {
        encoding: 'iso-8859-1',
        rejectionPolicy: 'accept-valid',
        acceptValidReason: 'The name goes back to the issuer',
      }),
    );
    expect(await rejectionsOf(job.id)).toEqual([
      {
        row: 3,
        field: 'name',
        value: 'ZOË DUPONT',
        reason: "Name may hold only upper-case letters, digits, space and . - / ' (ISO/IEC 7813)",
      },
    ]);
    expect(await findUpload(upload.uploadId)).toBeNull();
    expect(filesOnDisk()).toEqual([]);
  });

  it.each([
    [
      'cut short inside a quoted field, after whole batches were read',
      (rows: string[]) => csv(...rows, `${pan(9, '4')},00,"UNFINISHED`),
      'The CSV file cannot be read: line 2502: a quoted field is not closed.',
    ],
    [
      'binary data after the first 64 KiB',
      (rows: string[]) => `${csv(...rows)}\n${pan(9, '4')},00,\u0000\u0001\u0002`,
      'This is not a text file: it contains binary data (line 2502). Upload a CSV file.',
    ],
    [
      'a header of another layout',
      () => 'card,seq,holder,exp\n1,2,3,4',
      'The header line lacks the columns pan, psn, name. Expected: pan,psn,name.',
    ],
    ['a header without rows', () => `${header}\r\n\r\n`, 'The file has a header but no cardholder rows.'],
  ])('refuses a file %s, leaving no job, card or rejected row', async (_name, file, message) => {
    const rows = Array.from({ length: 2500 }, (_, i) => `${pan(i, '4')},00,CARD HOLDER`);
    const upload = await uploadCsv(w.ctx.analyst, file(rows));
    const before = await tableCounts();
    const error = await rejectionOf(createJob(w.ctx.analyst, input(upload.uploadId)));
    expect([error.code, error.message]).toEqual(['INVALID_INPUT', message]);
    expect(await tableCounts()).toEqual(before);
    expect(await findUpload(upload.uploadId)).not.toBeNull();
  });

  it('seals uploads at rest, keeps them to the analyst who sent them, and deletes them after 24 hours', async () => {
    const content = csv(`${pan(1, '3')},00,ALICE EXAMPLE`);
    const upload = await uploadCsv(w.ctx.analyst, content, '../../etc/cards.csv');
    expect(upload).toMatchObject({ fileName: 'cards.csv', bytes: Buffer.byteLength(content) });
    const sealed = readFileSync(path.join(uploadsDir(), `${upload.uploadId}.sealed`));
    expect(sealed.includes(pan(1, '3'))).toBe(false);

    const other = { ...w.ctx.analyst, user: { ...w.ctx.analyst.user, id: w.ctx.officer2.user.id } };
    const notTheirs = await rejectionOf(createJob(other, input(upload.uploadId)));
    expect([notTheirs.code, notTheirs.message]).toEqual([
      'NOT_FOUND',
      'This upload does not exist or has expired (uploads are kept 24 hours): upload the file again.',
    ]);
    const bureau = await rejectionOf(
      receiveUpload(w.ctx.bureau, { fileName: 'x.csv', body: [Buffer.from(content)] }),
    );
    expect([bureau.code, bureau.message]).toEqual(['FORBIDDEN', 'Your role does not allow this action.']);

    const dayAgo = new Date(Date.now() - 25 * 60 * 60 * 1000);
    for (const name of filesOnDisk()) utimesSync(path.join(uploadsDir(), name), dayAgo, dayAgo);
    const fresh = await uploadCsv(w.ctx.analyst, content);
    expect(await findUpload(upload.uploadId)).toBeNull();
    expect(filesOnDisk().sort()).toEqual([`${fresh.uploadId}.json`, `${fresh.uploadId}.sealed`]);
    const [audit] = await db.select().from(auditEvents).where(eq(auditEvents.objectId, fresh.uploadId));
    expect(audit).toMatchObject({
      action: 'upload.receive',
      actorName: 'Alice Analyst',
      details: { file: 'cardholders.csv', bytes: fresh.bytes, sha256: fresh.sha256 },
    });
  });
});
