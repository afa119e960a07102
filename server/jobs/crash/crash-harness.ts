import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../../../db/client';
import { countCardRecords, findJob } from '../../../db/queries/jobs';
import type { TestBridge } from '../../test-support/bridge';
import { creditCsv } from '../../test-support/profile-jobs';
import { testDataAtRestKey } from '../../test-support/workbench';
import { withLuhnDigit } from '../../emv/pan';

/**
 * The queue's timings in the tests: a chunk of a killed worker expires after 10 s and is put back
 * within a second. The test process creates the queue, so it must use them too (the expiry is the
 * queue's, set once).
 */
export const crashQueueTimings = {
  DATAPREP_QUEUE_EXPIRE_SECONDS: '10',
  DATAPREP_QUEUE_SUPERVISE_SECONDS: '1',
};

/** A preparation worker as its own process (npm run worker), pointed at the test database and bridge. */
export function startWorker(databaseUrl: string, bridge: TestBridge): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.resolve('server/jobs/worker-main.ts')], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      HSM_BRIDGE_SOCKET: bridge.socketPath,
      HSM_BRIDGE_KEY_FILE: bridge.keyFile,
      DATA_AT_REST_KEY: testDataAtRestKey,
      DATAPREP_OUTPUT_DIR: path.join(os.tmpdir(), 'dataprep-test-outputs'),
      DATAPREP_WORKER_CONCURRENCY: '1',
      ...crashQueueTimings,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

export async function waitFor<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 120_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      const value = await probe();
      if (done(value)) return value;
    } catch {
      // the database may be restarting
    }
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function progress(db: Db, jobId: string) {
  const job = await findJob(db, { id: jobId });
  return { status: job?.status, records: await countCardRecords(db, { jobId }) };
}

/** `count` cardholders in the demo credit profile's layout and BIN range (99990100–99990199). */
export function cardFile(count: number): string {
  return creditCsv(
    Array.from({ length: count }, (_, i) => [
      withLuhnDigit(`99990180${String(i).padStart(7, '0')}`),
      '00',
      'CRASH TEST',
    ]),
  );
}
