import { createHash } from 'node:crypto';
import type { Db } from '../../../db/client';
import {
  findRecordedCards,
  insertJobCards,
  insertJobRejections,
  type JobStatus,
} from '../../../db/queries/jobs';
import { maskPan } from '../../emv/pan';
import { panPsnDigest, sealCardholder } from '../cardholder-seal';
import {
  CardholderFileError,
  cardholderFileError,
  cardholderLayout,
  checkCardholderRows,
  duplicateProblem,
  noCardholderRows,
  type CardholderLayout,
  type RowProblem,
} from './cardholder-rows';
import type { CsvRow } from './csv';
import { readCsvRows, type TextEncodingName } from './csv-stream';

/** Rows checked and written together: bounds what is held in memory, whatever the file's size. */
export const importBatchRows = 1000;

/** Cards in these jobs are not duplicates: they will never be issued. */
export const jobStatusesNotIssuing: JobStatus[] = ['cancelled', 'failed'];

export interface ImportProgress {
  rowsRead: number;
  acceptedRows: number;
  rejectedRows: number;
  /** Rows held in memory at this moment (at most one batch). */
  rowsHeld: number;
}

export interface ImportedFile {
  totalRows: number;
  acceptedRows: number;
  rejectedRows: number;
  sha256: string;
  bytes: number;
}

/**
 * Reads a cardholder file into a job, streaming: every batch of rows is checked, compared with the
 * cards already recorded (this job's earlier rows and other jobs' cards), and written (accepted cards
 * sealed at rest, rejected rows with their reasons) before the next is read. Run it inside the job's
 * transaction: a file refused halfway (CardholderFileError) leaves nothing behind.
 */
export async function importCardholderFile(
  tx: Db,
  params: {
    jobId: string;
    source: AsyncIterable<Uint8Array>;
    encoding: TextEncodingName;
    now?: Date;
    onProgress?: (progress: ImportProgress) => void | Promise<void>;
  },
): Promise<ImportedFile> {
  const hash = createHash('sha256');
  let bytes = 0;
  async function* hashed() {
    for await (const chunk of params.source) {
      hash.update(chunk);
      bytes += chunk.byteLength;
      yield chunk;
    }
  }
  const counts = { rowsRead: 0, acceptedRows: 0, rejectedRows: 0 };
  let layout: CardholderLayout | null = null;
  let batch: CsvRow[] = [];
  const flush = async () => {
    const written = await writeBatch(tx, params, layout!, batch);
    counts.rowsRead += batch.length;
    counts.acceptedRows += written.accepted;
    counts.rejectedRows += written.rejected;
    await params.onProgress?.({ ...counts, rowsHeld: batch.length });
    batch = [];
  };
  try {
    for await (const row of readCsvRows(hashed(), { encoding: params.encoding })) {
      if (!layout) {
        layout = cardholderLayout(row);
        continue;
      }
      batch.push(row);
      if (batch.length >= importBatchRows) await flush();
    }
    if (!layout) cardholderLayout(undefined);
    if (batch.length) await flush();
  } catch (error) {
    throw cardholderFileError(error) ?? error;
  }
  if (counts.rowsRead === 0) throw new CardholderFileError(noCardholderRows);
  return {
    totalRows: counts.rowsRead,
    acceptedRows: counts.acceptedRows,
    rejectedRows: counts.rejectedRows,
    sha256: hash.digest('hex'),
    bytes,
  };
}

async function writeBatch(
  tx: Db,
  params: { jobId: string; now?: Date },
  layout: CardholderLayout,
  rows: CsvRow[],
): Promise<{ accepted: number; rejected: number }> {
  const checked = checkCardholderRows(rows, layout, params.now);
  const digests = checked.accepted.map(({ cardholder }) => panPsnDigest(cardholder.pan, cardholder.psn));
  const recorded = new Map<string, { jobId: string; rowNumber: number; reference: string }>();
  for (const card of await findRecordedCards(tx, { digests, ignoreStatuses: jobStatusesNotIssuing })) {
    recorded.set(card.digest, card);
  }
  const rejected: RowProblem[] = checked.rejected;
  let rejectedRows = checked.rejectedRows;
  const cards: Parameters<typeof insertJobCards>[1] = [];
  checked.accepted.forEach(({ row, cardholder }, i) => {
    const earlier = recorded.get(digests[i]!);
    if (earlier) {
      const where =
        earlier.jobId === params.jobId
          ? `row ${earlier.rowNumber}`
          : `row ${earlier.rowNumber} of job ${earlier.reference} (cancel that job if this file replaces it)`;
      rejected.push(duplicateProblem(row, cardholder.pan, `Same PAN and PSN as ${where}`));
      rejectedRows++;
      return;
    }
    cards.push({
      jobId: params.jobId,
      rowNumber: row,
      panMasked: maskPan(cardholder.pan),
      cardholderSealed: sealCardholder(cardholder, `${params.jobId}/${row}`),
      panPsnDigest: digests[i]!,
    });
  });
  await insertJobCards(tx, cards);
  await insertJobRejections(
    tx,
    rejected.map((problem) => ({ jobId: params.jobId, rowNumber: problem.row, ...problem })),
  );
  return { accepted: cards.length, rejected: rejectedRows };
}
