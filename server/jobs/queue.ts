import PgBoss from 'pg-boss';
import type { Db, DbHandle } from '../../db/client';
import { findJobsByStatus } from '../../db/queries/jobs';
import type { HsmBridgeClient } from '../hsm/bridge-client';
import { awaitsValidation, prepareNextChunk, startPreparation } from './prepare-job';

export const prepareChunkQueue = 'prepare-job-chunk';

/**
 * The preparation queue: pg-boss on the workbench's own PostgreSQL (or embedded PGlite), so a
 * queued chunk commits or rolls back with the database and needs nothing else installed. One
 * message is one chunk of one job; at most one chunk of a job runs at a time (policy "singleton",
 * key = job id). A worker killed mid-chunk leaves its message active; it expires and is retried
 * (found by the queue's maintenance, every DATAPREP_QUEUE_SUPERVISE_SECONDS), and the chunk's
 * idempotent write makes the retry harmless. The expiry is stored with the queue by whichever
 * process creates it first. ("stately" would also cap waiting messages, but then a killed worker's
 * expiring message and the next queued chunk block each other.) A message for a job with nothing
 * left to do is simply completed.
 */
export async function openQueue(handle: DbHandle): Promise<PgBoss> {
  const options =
    'connectionString' in handle.queue
      ? { connectionString: handle.queue.connectionString, max: 4 }
      : { db: handle.queue };
  const boss = new PgBoss({
    ...options,
    schema: 'pgboss',
    monitorStateIntervalSeconds: 60,
    // How often expired messages (a worker killed mid-chunk) are found and put back for a retry.
    maintenanceIntervalSeconds: Number(process.env.DATAPREP_QUEUE_SUPERVISE_SECONDS ?? 120),
  } as PgBoss.ConstructorOptions);
  boss.on('error', (error) => console.error('[queue]', error.message));
  await boss.start();
  await boss.createQueue(prepareChunkQueue, {
    name: prepareChunkQueue,
    policy: 'singleton',
    // How long a chunk may run before its message is retried (a worker killed mid-chunk).
    expireInSeconds: Number(process.env.DATAPREP_QUEUE_EXPIRE_SECONDS ?? 120),
    retryLimit: 50,
    retryDelay: 2,
    retryBackoff: true,
  });
  return boss;
}

export async function enqueuePreparation(boss: PgBoss, jobId: string): Promise<void> {
  await boss.send(prepareChunkQueue, { jobId }, { singletonKey: jobId });
}

/**
 * Every job left approved, running or prepared without its validation (a crash, a lost message) gets
 * its next step queued again.
 */
export async function requeueInterruptedJobs(boss: PgBoss, db: Db): Promise<number> {
  let count = 0;
  for (const status of ['approved', 'running', 'prepared'] as const) {
    for (const job of await findJobsByStatus(db, { status })) {
      if (status === 'prepared' && !awaitsValidation(job)) continue;
      await enqueuePreparation(boss, job.id);
      count++;
    }
  }
  return count;
}

/** Takes chunks off the queue: prepare one, queue the next while there is more. */
export async function startPreparationWorkers(
  boss: PgBoss,
  db: Db,
  bridge: HsmBridgeClient,
  options: { concurrency: number; pollingIntervalSeconds?: number },
): Promise<void> {
  for (let i = 0; i < options.concurrency; i++) {
    await boss.work<{ jobId: string }>(
      prepareChunkQueue,
      { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5 },
      async ([message]) => {
        const { jobId } = message!.data;
        if (!(await startPreparation(db, jobId))) return;
        if ((await prepareNextChunk(db, bridge, jobId)) === 'more') await enqueuePreparation(boss, jobId);
      },
    );
  }
}
