import type { Db } from '../../../db/client';
import { digestingStream } from '../../bureau-file/file-digest';
import {
  findRecordedCards,
  insertJobCards,
  insertJobRejections,
  type JobStatus,
} from '../../../db/queries/jobs';
import { maskPan } from '../../emv/pan';
import type { CardholderRules, InputProblem } from '../../emv/profile/input-rows';
import { panPsnDigest, sealCardholderRecord } from '../cardholder-seal';
import { joinCardholderBatch, type JoinedInput } from './additional-inputs';
import {
  cardholderFileError,
  checkCardholderRows,
  duplicateProblem,
  type AcceptedCard,
  type LayoutRow,
} from './cardholder-rows';
import type { TextEncodingName } from './csv-stream';
import { readCardholderRows } from './layout-rows';

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
 * Reads a cardholder file into a job, streaming, in the layout `rules` give (CSV or fixed-width):
 * every batch of rows is checked, compared with the cards already recorded (this job's earlier rows
 * and other jobs' cards), and written (accepted cards sealed at rest, rejected rows with their
 * reasons) before the next is read. Run it inside the job's transaction: a file refused halfway or at
 * its end (CardholderFileError) leaves nothing behind.
 */
export async function importCardholderFile(
  tx: Db,
  params: {
    jobId: string;
    source: AsyncIterable<Uint8Array>;
    encoding: TextEncodingName;
    rules: CardholderRules;
    /** Additional inputs already staged (stageAdditionalInput): every accepted row is joined to them. */
    joins?: readonly JoinedInput[];
    now?: Date;
    onProgress?: (progress: ImportProgress) => void | Promise<void>;
  },
): Promise<ImportedFile> {
  const file = digestingStream(params.source);
  const counts = { rowsRead: 0, acceptedRows: 0, rejectedRows: 0 };
  let batch: LayoutRow[] = [];
  const flush = async () => {
    const written = await writeBatch(tx, params, batch);
    counts.rowsRead += batch.length;
    counts.acceptedRows += written.accepted;
    counts.rejectedRows += written.rejected;
    await params.onProgress?.({ ...counts, rowsHeld: batch.length });
    batch = [];
  };
  try {
    const rows = readCardholderRows(file.chunks, { encoding: params.encoding, rules: params.rules });
    for await (const row of rows) {
      batch.push(row);
      if (batch.length >= importBatchRows) await flush();
    }
    if (batch.length) await flush();
  } catch (error) {
    throw cardholderFileError(error, params.rules.input.kind) ?? error;
  }
  return {
    totalRows: counts.rowsRead,
    acceptedRows: counts.acceptedRows,
    rejectedRows: counts.rejectedRows,
    ...file.digest(),
  };
}

async function writeBatch(
  tx: Db,
  params: { jobId: string; rules: CardholderRules; joins?: readonly JoinedInput[]; now?: Date },
  rows: LayoutRow[],
): Promise<{ accepted: number; rejected: number }> {
  const checked = checkCardholderRows(rows, params.rules, params.now);
  const panColumn = params.rules.input.columns.find((column) => column.role === 'pan')!.name;
  const digests = checked.accepted.map(({ record }) => panPsnDigest(record.pan, record.psn));
  const recorded = new Map<string, { jobId: string; rowNumber: number; reference: string }>();
  for (const card of await findRecordedCards(tx, { digests, ignoreStatuses: jobStatusesNotIssuing })) {
    recorded.set(card.digest, card);
  }
  const rejected: InputProblem[] = checked.rejected;
  let rejectedRows = checked.rejectedRows;
  const fresh: (AcceptedCard & { digest: string })[] = [];
  checked.accepted.forEach(({ row, record }, i) => {
    const earlier = recorded.get(digests[i]!);
    if (earlier) {
      const where =
        earlier.jobId === params.jobId
          ? `row ${earlier.rowNumber}`
          : `row ${earlier.rowNumber} of job ${earlier.reference} (cancel that job if this file replaces it)`;
      rejected.push(duplicateProblem(row, panColumn, record.pan, `Same PAN and PSN as ${where}`));
      rejectedRows++;
      return;
    }
    fresh.push({ row, record, digest: digests[i]! });
  });
  let joined: AcceptedCard[] = fresh;
  if (params.joins?.length) {
    const result = await joinCardholderBatch(tx, {
      jobId: params.jobId,
      inputs: params.joins,
      accepted: fresh,
    });
    joined = result.accepted;
    rejected.push(...result.rejected);
    rejectedRows += fresh.length - joined.length;
  }
  const digestOf = new Map(fresh.map((card) => [card.row, card.digest]));
  const cards: Parameters<typeof insertJobCards>[1] = joined.map(({ row, record }) => ({
    jobId: params.jobId,
    rowNumber: row,
    panMasked: maskPan(record.pan),
    cardholderSealed: sealCardholderRecord(record, `${params.jobId}/${row}`),
    panPsnDigest: digestOf.get(row)!,
  }));
  await insertJobCards(tx, cards);
  await insertJobRejections(
    tx,
    rejected.map((problem) => ({ jobId: params.jobId, rowNumber: problem.row, ...problem })),
  );
  return { accepted: cards.length, rejected: rejectedRows };
}
