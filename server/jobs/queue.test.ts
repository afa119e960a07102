import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countCardRecords, findJob } from '../../db/queries/jobs';
import { databaseKinds } from '../test-support/databases';
import { startTestBridge, type TestBridge } from '../test-support/bridge';
import {
  approvedJob,
  testDataAtRestKey,
  threeValidCards,
  workbenchWithKeys,
} from '../test-support/workbench';
import { chunkSize } from './prepare-job';
import { enqueuePreparation, openQueue, requeueInterruptedJobs, startPreparationWorkers } from './queue';

process.env.DATA_AT_REST_KEY = testDataAtRestKey;

async function until<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() - started > timeoutMs) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function cards(count: number): string {
  const luhn = (body: string) => {
    let sum = 0;
    for (let i = 0; i < body.length; i++) {
      let d = Number(body[body.length - 1 - i]);
      if (i % 2 === 0) d *= 2;
      sum += d > 9 ? d - 9 : d;
    }
    return body + ((10 - (sum % 10)) % 10);
  };
  const rows = Array.from(
    { length: count },
    (_, i) => `${luhn(`476173900${String(i).padStart(6, '0')}`)},00,CARD HOLDER,3012`,
  );
  return ['pan,psn,name,expiry', ...rows].join('\n');
}

describe.each(databaseKinds)('the preparation queue on %s', (kind) => {
  let bridge: TestBridge;
  let env: Awaited<ReturnType<typeof workbenchWithKeys>>;
  let boss: PgBoss;
  beforeAll(async () => {
    bridge = await startTestBridge(`queue-${kind}`);
    env = await workbenchWithKeys(kind, bridge.client);
    boss = await openQueue(env.handle);
    await startPreparationWorkers(boss, env.handle.db, bridge.client, {
      concurrency: 2,
      pollingIntervalSeconds: 0.5,
    });
  });
  afterAll(async () => {
    await boss.stop({ graceful: false, wait: true });
    await env.handle.close();
    await bridge.close();
  });

  it('prepares a job of several chunks, one record per row, through queued chunks', async () => {
    const total = chunkSize * 2 + 17;
    const job = await approvedJob(env.w, env.keys, cards(total));
    await enqueuePreparation(boss, job.id);
    const done = await until(
      () => findJob(env.handle.db, { id: job.id }),
      (j) => j?.status === 'prepared',
    );
    expect(done!.status).toBe('prepared');
    expect(await countCardRecords(env.handle.db, { jobId: job.id })).toBe(total);
    expect(done!.preparedRows).toBe(total);
  });

  it('queues again the jobs a crash left approved, and finishes them', async () => {
    const job = await approvedJob(env.w, env.keys, threeValidCards);
    expect(await requeueInterruptedJobs(boss, env.handle.db)).toBeGreaterThanOrEqual(1);
    const done = await until(
      () => findJob(env.handle.db, { id: job.id }),
      (j) => j?.status === 'prepared',
    );
    expect(done!.status).toBe('prepared');
    expect(await countCardRecords(env.handle.db, { jobId: job.id })).toBe(3);
  });
});
