import type { Db } from '../../db/client';
import {
  countCardRecords,
  findJob,
  insertCardRecords,
  nextUnpreparedCards,
  setPreparedRows,
  transitionJob,
  type JobRow,
} from '../../db/queries/jobs';
import { findKey } from '../../db/queries/keys';
import { findCardTemplateWithApplication } from '../../db/queries/templates';
import { toHex } from '../emv/bytes';
import { HsmBridgeError, type HsmBridgeClient } from '../hsm/bridge-client';
import { recordAudit, type Actor } from '../services/audit-trail';
import { openCardholder } from '../services/cardholder-seal';

export const chunkSize = 100;

const runner: Actor = { id: null, name: 'Preparation worker', role: 'system', origin: 'worker' };

export type ChunkOutcome = 'more' | 'done' | 'not-running';

/** A reason the job cannot be prepared as approved: it fails, with this message for the officers. */
class PreparationError extends Error {}

/** Refusals that trying again will not change; anything else (database down, bridge restarting) is retried. */
function isPermanent(error: unknown): boolean {
  return (
    error instanceof PreparationError || (error instanceof HsmBridgeError && error.code !== 'UNAVAILABLE')
  );
}

/** approved -> running, once (audited); a job already running is left as it is. */
export async function startPreparation(db: Db, jobId: string): Promise<JobRow | null> {
  const started = await transitionJob(db, { id: jobId, from: ['approved'], to: 'running' });
  if (started) {
    await recordAudit(db, runner, {
      category: 'personalization',
      action: 'job.run',
      objectType: 'job',
      objectId: started.id,
      details: { reference: started.reference, from: 'approved', to: 'running' },
    });
    return started;
  }
  const job = await findJob(db, { id: jobId });
  return job?.status === 'running' ? job : null;
}

/**
 * Prepares the next chunk of a running job: the cards without a record, in row order, through the
 * HSM in one batch, written in one transaction keyed by (job, row) with ON CONFLICT DO NOTHING. A
 * worker killed at any point loses nothing and duplicates nothing: the chunk is simply done again.
 * When no card is left, the job becomes 'prepared'. A failure fails the job with its reason.
 */
export async function prepareNextChunk(
  db: Db,
  bridge: HsmBridgeClient,
  jobId: string,
): Promise<ChunkOutcome> {
  const job = await findJob(db, { id: jobId });
  if (!job || job.status !== 'running') return 'not-running';
  try {
    const cards = await nextUnpreparedCards(db, { jobId, limit: chunkSize });
    if (cards.length === 0) {
      await finishPreparation(db, job);
      return 'done';
    }
    const template = await findCardTemplateWithApplication(db, { id: job.cardTemplateId });
    const imk = await findKey(db, { id: job.imkKeyId });
    const kek = await findKey(db, { id: job.kekKeyId });
    if (!template || !imk || !kek)
      throw new Error('the job refers to a template or key that no longer exists');
    for (const key of [imk, kek]) {
      if (key.status !== 'active') {
        throw new PreparationError(
          `key "${key.label}" is ${key.status}; a security officer must reactivate it`,
        );
      }
    }
    const application = template.application;
    const constantTags = [
      { tag: '4F', value: application.aid },
      { tag: '50', value: toHex(Buffer.from(application.applicationLabel, 'ascii')) },
      ...application.tags,
    ];
    const holders = cards.map((card) => openCardholder(card.cardholderSealed, `${jobId}/${card.rowNumber}`));
    const derived = await bridge.call('deriveIccMasterKeys', {
      issuerMasterKeyRef: imk.hsmKeyRef,
      kekRef: kek.hsmKeyRef,
      method: 'A',
      cards: holders.map((holder) => ({ pan: holder.pan, psn: holder.psn })),
    });
    await db.transaction(async (tx) => {
      await insertCardRecords(
        tx,
        cards.map((card, i) => ({
          jobId,
          rowNumber: card.rowNumber,
          panMasked: card.panMasked,
          cardholderSealed: card.cardholderSealed,
          application: {
            aid: application.aid,
            kekKeyRef: kek.id,
            kekKcv: derived.kek.kcv,
            tags: constantTags,
            secrets: [{ name: 'MK-AC', cryptogram: derived.keys[i]!.cryptogram, kcv: derived.keys[i]!.kcv }],
          },
        })),
      );
      await setPreparedRows(tx, { jobId, preparedRows: await countCardRecords(tx, { jobId }) });
    });
    return 'more';
  } catch (error) {
    if (!isPermanent(error)) throw error;
    await failPreparation(db, job, (error as Error).message);
    return 'not-running';
  }
}

async function finishPreparation(db: Db, job: JobRow): Promise<void> {
  const prepared = await countCardRecords(db, { jobId: job.id });
  await db.transaction(async (tx) => {
    if (!(await transitionJob(tx, { id: job.id, from: ['running'], to: 'prepared' }))) return;
    await recordAudit(tx, runner, {
      category: 'personalization',
      action: 'job.prepared',
      objectType: 'job',
      objectId: job.id,
      details: { reference: job.reference, from: 'running', to: 'prepared', records: prepared },
    });
  });
}

async function failPreparation(db: Db, job: JobRow, reason: string): Promise<void> {
  if (!(await transitionJob(db, { id: job.id, from: ['running'], to: 'failed', failureReason: reason })))
    return;
  await recordAudit(db, runner, {
    category: 'alert',
    action: 'job.failed',
    objectType: 'job',
    objectId: job.id,
    result: 'failed',
    details: { reference: job.reference, reason },
  });
}

/** The whole job in this process, chunk after chunk (tests, tools); transient errors are thrown. */
export async function prepareJob(db: Db, bridge: HsmBridgeClient, jobId: string): Promise<void> {
  if (!(await startPreparation(db, jobId))) return;
  while ((await prepareNextChunk(db, bridge, jobId)) === 'more');
}
