import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Db } from '../../../db/client';
import { countCardRecords, findJob } from '../../../db/queries/jobs';
import type { TestBridge } from '../../test-support/bridge';
import { testDataAtRestKey } from '../../test-support/workbench';

/** A preparation worker as its own process (npm run worker), pointed at the test database and bridge. */
export function startWorker(databaseUrl: string, bridge: TestBridge): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.resolve('server/jobs/worker-main.ts')], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      HSM_BRIDGE_SOCKET: bridge.socketPath,
      HSM_BRIDGE_KEY_FILE: bridge.keyFile,
      DATA_AT_REST_KEY: testDataAtRestKey,
      DATAPREP_WORKER_CONCURRENCY: '1',
      DATAPREP_QUEUE_EXPIRE_SECONDS: '4',
      DATAPREP_QUEUE_SUPERVISE_SECONDS: '1',
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

export function cardFile(count: number): string {
  const luhn = (body: string) => {
    let sum = 0;
    for (let i = 0; i < body.length; i++) {
      let digit = Number(body[body.length - 1 - i]);
      if (i % 2 === 0) digit *= 2;
      sum += digit > 9 ? digit - 9 : digit;
    }
    return body + ((10 - (sum % 10)) % 10);
  };
  const rows = Array.from(
    { length: count },
    (_, i) => `${luhn(`476173800${String(i).padStart(6, '0')}`)},00,CRASH TEST,3012`,
  );
  return ['pan,psn,name,expiry', ...rows].join('\n');
}
