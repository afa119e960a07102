import { findJobsByStatus } from '../../db/queries/jobs';
import { database } from '../db/database';
import { hsmBridge } from '../hsm/bridge';
import { prepareJob } from './prepare-job';

const globalForRunner = globalThis as unknown as { preparing?: Map<string, Promise<void>> };

/**
 * The embedded default: preparation runs in the web server's process, one promise per job, never two
 * for the same job in one process. A job left 'running' by a crash is picked up again at start.
 */
export function schedulePreparation(jobId: string): Promise<void> {
  const running = (globalForRunner.preparing ??= new Map());
  const existing = running.get(jobId);
  if (existing) return existing;
  const work = (async () => {
    const { db } = await database();
    await prepareJob(db, hsmBridge(), jobId);
  })().finally(() => running.delete(jobId));
  running.set(jobId, work);
  return work;
}

export async function resumeInterruptedJobs(): Promise<void> {
  const { db } = await database();
  for (const status of ['approved', 'running'] as const) {
    for (const job of await findJobsByStatus(db, { status })) void schedulePreparation(job.id);
  }
}
