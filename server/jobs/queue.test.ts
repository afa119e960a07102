import os from 'node:os';
import path from 'node:path';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCardValidations } from '../../db/queries/job-outputs';
import { countCardRecords, findJob } from '../../db/queries/jobs';
import { databaseKinds } from '../test-support/databases';
import { startTestBridge, type TestBridge } from '../test-support/bridge';
import {
  approvedProfileJob,
  creditCsv,
  threeCreditCards,
  workbenchWithCreditProfile,
} from '../test-support/profile-jobs';
import { testDataAtRestKey } from '../test-support/workbench';
import { chunkSize } from './prepare-job';
import { enqueuePreparation, openQueue, requeueInterruptedJobs, startPreparationWorkers } from './queue';
import { withLuhnDigit } from '../emv/pan';

process.env.DATA_AT_REST_KEY = testDataAtRestKey;
process.env.DATAPREP_OUTPUT_DIR ??= path.join(os.tmpdir(), 'dataprep-test-outputs');

async function until<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() - started > timeoutMs) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** `count` cardholders in the demo credit profile's BIN range (99990100–99990199). */
function cards(count: number): string {
  return creditCsv(
    Array.from({ length: count }, (_, i) => [
      withLuhnDigit(`99990190${String(i).padStart(7, '0')}`),
      '00',
      'CARD HOLDER',
    ]),
  );
}

describe.each(databaseKinds)('the preparation queue on %s', (kind) => {
  let bridge: TestBridge;
  let env: Awaited<ReturnType<typeof workbenchWithCreditProfile>>;
  let boss: PgBoss;
  beforeAll(async () => {
    bridge = await startTestBridge(`queue-${kind}`);
    env = await workbenchWithCreditProfile(kind, bridge.client);
    boss = await openQueue(env.handle);
    await startPreparationWorkers(boss, env.handle.db, bridge.client, {
      concurrency: 2,
      pollingIntervalSeconds: 0.5,
    });
  }, 120_000);
  afterAll(async () => {
    await boss.stop({ graceful: false, wait: true });
    await env.handle.close();
    await bridge.close();
  });

  it('prepares a job of several chunks, one record per row, through queued chunks, then validates its sample', async () => {
    const total = chunkSize * 2 + 17;
    const { w, setup } = env;
    // The default sample (1 %, at least 5 cards), spread from the first card to the last.
    const sampled = { ...setup, parameters: { ...setup.parameters, validationSample: 'percent' as const } };
    const job = await approvedProfileJob(w, sampled, cards(total));
    await enqueuePreparation(boss, job.id);
    const done = await until(
      () => findJob(env.handle.db, { id: job.id }),
      (j) => j?.status === 'validated' || j?.status === 'failed',
      120_000,
    );
    expect([done!.status, done!.failureReason]).toEqual(['validated', null]);
    expect(await countCardRecords(env.handle.db, { jobId: job.id })).toBe(total);
    expect(done!.preparedRows).toBe(total);
    const validated = await listCardValidations(env.handle.db, { jobId: job.id });
    expect(validated.map((v) => [v.rowNumber, v.ok])).toEqual([
      [2, true],
      [56, true],
      [110, true],
      [164, true],
      [218, true],
    ]);
  }, 180_000);

  it('queues again the jobs a crash left approved, and finishes them', async () => {
    const job = await approvedProfileJob(env.w, env.setup, threeCreditCards);
    expect(await requeueInterruptedJobs(boss, env.handle.db)).toBeGreaterThanOrEqual(1);
    const done = await until(
      () => findJob(env.handle.db, { id: job.id }),
      (j) => j?.status === 'validated' || j?.status === 'failed',
    );
    expect(done!.status).toBe('validated');
    expect(await countCardRecords(env.handle.db, { jobId: job.id })).toBe(3);
  });
});
