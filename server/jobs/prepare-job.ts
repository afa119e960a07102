import type { Db } from '../../db/client';
import {
  countCardRecords,
  findJob,
  nextUnpreparedCards,
  transitionJob,
  type JobRow,
} from '../../db/queries/jobs';
import { HsmBridgeError, type HsmBridgeClient } from '../hsm/bridge-client';
import { recordAudit, type Actor } from '../services/audit-trail';
import { PreparationError, prepareProfileChunk } from './card-preparation/profile-chunk';
import { writeOutputFiles } from './output/write-output-files';
import { validateJob } from './validation/validate-job';

export const chunkSize = 100;

const runner: Actor = { id: null, name: 'Preparation worker', role: 'system', origin: 'worker' };

export type ChunkOutcome = 'more' | 'done' | 'not-running';

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
  return job?.status === 'running' || (job && awaitsValidation(job)) ? job : null;
}

/**
 * A prepared job whose sample has not been validated yet: the queue's next step for it. (A job made
 * before card profiles has nothing to validate: it stays as it was.)
 */
export function awaitsValidation(job: JobRow): boolean {
  return job.status === 'prepared' && job.profileVersionId !== null && job.validation === null;
}

/** Why a job made on the retired simple card templates (it has no profile version) cannot run. */
export const madeBeforeProfiles = 'made before card profiles; create it again from a profile version';

/**
 * Prepares the next chunk of a running job: the cards without a record, in row order, through the
 * HSM in one batch, written in one transaction keyed by (job, row) with ON CONFLICT DO NOTHING. A
 * worker killed at any point loses nothing and duplicates nothing: the chunk is simply done again.
 * When no card is left, the bureau files are written, the job becomes 'prepared' and goes on to the
 * validation of its sample. A failure fails the job with its reason.
 */
export async function prepareNextChunk(
  db: Db,
  bridge: HsmBridgeClient,
  jobId: string,
): Promise<ChunkOutcome> {
  const job = await findJob(db, { id: jobId });
  if (job && awaitsValidation(job)) {
    await validateJob(db, bridge, job);
    return 'done';
  }
  if (!job || job.status !== 'running') return 'not-running';
  try {
    if (!job.profileVersionId) throw new PreparationError(madeBeforeProfiles);
    const cards = await nextUnpreparedCards(db, { jobId, limit: chunkSize });
    if (cards.length === 0) {
      await writeOutputFiles(db, bridge, job);
      await finishPreparation(db, job);
      return 'more';
    }
    await prepareProfileChunk(db, bridge, job, cards);
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
