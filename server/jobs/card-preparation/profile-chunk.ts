import type { Db } from '../../../db/client';
import { countCardRecords, insertCardRecords, setPreparedRows, type JobRow } from '../../../db/queries/jobs';
import { findProfileVersion } from '../../../db/queries/profiles';
import { parseProfile } from '../../emv/profile';
import type { HsmBridgeClient } from '../../hsm/bridge-client';
import { openCardholderRecord, openText, sealText } from '../../services/cardholder-seal';
import { resolveJobKeys } from '../../services/jobs/job-parameters';
import { prepareCards } from './prepare-cards';
import type { PreparationContext, PreparedCardContent } from './types';

/** A reason the job cannot be prepared as approved: it fails, with this message for the officers. */
export class PreparationError extends Error {}

/** Where a card's prepared content is sealed: it opens only as this job's record of this row. */
export const preparedRecordContext = (jobId: string, row: number) => `${jobId}/${row}/prepared`;

/** A prepared card's content, opened from its sealed record. */
export function openPreparedCard(
  jobId: string,
  record: { rowNumber: number; recordSealed: string | null },
): PreparedCardContent {
  if (!record.recordSealed) throw new Error(`card record ${record.rowNumber} has no prepared content`);
  return JSON.parse(
    openText(record.recordSealed, preparedRecordContext(jobId, record.rowNumber)),
  ) as PreparedCardContent;
}

/** The approved profile version and the job's keys, checked again: a key may have been suspended since. */
export async function preparationContext(db: Db, job: JobRow): Promise<PreparationContext> {
  const version = job.profileVersionId ? await findProfileVersion(db, { id: job.profileVersionId }) : null;
  const parsed = version ? parseProfile(version.document) : null;
  if (!version || !parsed?.ok || !job.parameters) {
    throw new PreparationError(
      'the job refers to a profile version that no longer exists or no longer parses',
    );
  }
  const { keys, problems } = await resolveJobKeys(db, parsed.profile, job.parameters);
  if (!keys) throw new PreparationError(`${problems.join(' ')} A security officer must fix this first.`);
  return {
    document: parsed.profile,
    keys,
    preparationDate: job.createdAt.toISOString().slice(0, 10),
    jobReference: job.reference,
  };
}

/** One chunk of a profile job: prepared through the bridge, written in one transaction. */
export async function prepareProfileChunk(
  db: Db,
  bridge: HsmBridgeClient,
  job: JobRow,
  cards: { rowNumber: number; panMasked: string; cardholderSealed: string }[],
): Promise<void> {
  const ctx = await preparationContext(db, job);
  const prepared = await prepareCards(
    bridge,
    ctx,
    cards.map((card) => ({
      row: card.rowNumber,
      record: openCardholderRecord(card.cardholderSealed, `${job.id}/${card.rowNumber}`),
    })),
  );
  await db.transaction(async (tx) => {
    await insertCardRecords(
      tx,
      prepared.map((card, i) => ({
        jobId: job.id,
        rowNumber: card.row,
        panMasked: cards[i]!.panMasked,
        cardholderSealed: cards[i]!.cardholderSealed,
        recordSealed: sealText(JSON.stringify(card.content), preparedRecordContext(job.id, card.row)),
        problems: card.problems,
      })),
    );
    await setPreparedRows(tx, { jobId: job.id, preparedRows: await countCardRecords(tx, { jobId: job.id }) });
  });
}
