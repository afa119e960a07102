import type PgBoss from 'pg-boss';
import { database } from '../db/database';
import { hsmBridge } from '../hsm/bridge';
import { writeAuditCheckpoint } from '../services/audit-checkpoint';
import { purgeExpiredJobs } from './retention/purge-jobs';
import { enqueuePreparation, openQueue, requeueInterruptedJobs, startPreparationWorkers } from './queue';

const globalForQueue = globalThis as unknown as { dataprepQueue?: Promise<PgBoss> };

/** The web server's queue: opened once per process; it also runs workers unless DATAPREP_WORKERS=0. */
export function jobQueue(): Promise<PgBoss> {
  globalForQueue.dataprepQueue ??= (async () => {
    const handle = await database();
    const boss = await openQueue(handle);
    const workers = Number(process.env.DATAPREP_WORKERS ?? 1);
    if (workers > 0) await startPreparationWorkers(boss, handle.db, hsmBridge(), { concurrency: workers });
    await requeueInterruptedJobs(boss, handle.db);
    startAuditCheckpoints(handle.db);
    startRetention(handle.db);
    return boss;
  })();
  return globalForQueue.dataprepQueue;
}

/** Called when the second officer approves: the job's first chunk goes on the queue. */
export async function schedulePreparation(jobId: string): Promise<void> {
  await enqueuePreparation(await jobQueue(), jobId);
}

/** Every minute (DATAPREP_CHECKPOINT_SECONDS), the head of the audit chain is signed in the HSM. */
function startAuditCheckpoints(db: Parameters<typeof writeAuditCheckpoint>[0]): void {
  const seconds = Number(process.env.DATAPREP_CHECKPOINT_SECONDS ?? 60);
  const timer = setInterval(() => {
    writeAuditCheckpoint(db, hsmBridge()).catch((error: unknown) =>
      console.error('[audit] no checkpoint this time:', error instanceof Error ? error.message : error),
    );
  }, seconds * 1000);
  timer.unref();
}

/** Every hour (and at start), jobs downloaded longer ago than the retention period are purged. */
function startRetention(db: Parameters<typeof purgeExpiredJobs>[0]): void {
  const purge = () =>
    purgeExpiredJobs(db).catch((error: unknown) =>
      console.error('[retention] no purge this time:', error instanceof Error ? error.message : error),
    );
  void purge();
  setInterval(purge, 60 * 60 * 1000).unref();
}
