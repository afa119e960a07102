import { execFileSync } from 'node:child_process';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBridge, type TestBridge } from '../../test-support/bridge';
import { approvedProfileJob, workbenchWithCreditProfile } from '../../test-support/profile-jobs';
import { testDataAtRestKey } from '../../test-support/workbench';
import { verifyAuditChain } from '../../services/audit-trail';
import { chunkSize } from '../prepare-job';
import { enqueuePreparation, openQueue } from '../queue';
import { cardFile, crashQueueTimings, progress, startWorker, waitFor } from './crash-harness';

process.env.DATA_AT_REST_KEY = testDataAtRestKey;
Object.assign(process.env, crashQueueTimings);
const total = chunkSize * 30 + 3;

describe('preparation survives crashes (PostgreSQL)', () => {
  let bridge: TestBridge;
  let env: Awaited<ReturnType<typeof workbenchWithCreditProfile>>;
  let boss: PgBoss;
  beforeAll(async () => {
    bridge = await startTestBridge('crash');
    env = await workbenchWithCreditProfile('postgres', bridge.client);
    boss = await openQueue(env.handle);
  });
  /** The default sample (1 %, at least 5 cards): validating all 3,003 cards would only slow the test. */
  const sampled = () => ({
    ...env.setup,
    parameters: { ...env.setup.parameters, validationSample: 'percent' as const },
  });
  afterAll(async () => {
    await boss.stop({ graceful: false, wait: true });
    await env.handle.close();
    await bridge.close();
  });

  it('a worker killed with SIGKILL mid-job: another finishes it with exactly one record per row', async () => {
    const job = await approvedProfileJob(env.w, sampled(), cardFile(total));
    const first = startWorker(env.handle.url!, bridge);
    await enqueuePreparation(boss, job.id);
    await waitFor(
      () => progress(env.handle.db, job.id),
      (p) => p.records > 0 && p.records < total,
    );
    first.kill('SIGKILL');
    const atKill = await progress(env.handle.db, job.id);
    expect(atKill.status).toBe('running');
    const second = startWorker(env.handle.url!, bridge);
    try {
      const done = await waitFor(
        () => progress(env.handle.db, job.id),
        (p) => p.status === 'validated' || p.status === 'failed',
      );
      expect(done).toEqual({ status: 'validated', records: total });
    } finally {
      second.kill('SIGTERM');
    }
    expect(await verifyAuditChain(env.handle.db)).toMatchObject({ ok: true });
  });

  it('a PostgreSQL restart mid-job: the job resumes and finishes with exactly one record per row', async () => {
    const job = await approvedProfileJob(env.w, sampled(), cardFile(total));
    const worker = startWorker(env.handle.url!, bridge);
    try {
      await enqueuePreparation(boss, job.id);
      await waitFor(
        () => progress(env.handle.db, job.id),
        (p) => p.records > 0 && p.records < total,
      );
      const cluster = execFileSync('ls', ['/etc/postgresql'], { encoding: 'utf8' }).trim();
      execFileSync(
        'pg_ctlcluster',
        ['--skip-systemctl-redirect', cluster, 'main', 'restart', '-m', 'immediate'],
        { stdio: 'ignore' },
      );
      const done = await waitFor(
        () => progress(env.handle.db, job.id),
        (p) => p.status === 'validated' || p.status === 'failed',
        150_000,
      );
      expect(done).toEqual({ status: 'validated', records: total });
    } finally {
      worker.kill('SIGTERM');
    }
  });
});
