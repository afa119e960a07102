/**
 * A preparation worker process (npm run worker): more processes, on more machines, against the same
 * PostgreSQL and HSM bridge(s), give more throughput. See docs/operations.md.
 */
import { openDatabase } from '../../db/client';
import { hsmBridge } from '../hsm/bridge';
import { openQueue, requeueInterruptedJobs, startPreparationWorkers } from './queue';

if (!process.env.DATABASE_URL) {
  console.error(
    'A separate worker needs DATABASE_URL: the embedded database runs its worker inside the web server.',
  );
  process.exit(2);
}
const handle = await openDatabase();
const boss = await openQueue(handle);
const concurrency = Number(process.env.DATAPREP_WORKER_CONCURRENCY ?? 2);
await startPreparationWorkers(boss, handle.db, hsmBridge(), { concurrency });
await requeueInterruptedJobs(boss, handle.db);
console.log(`preparation worker ${process.pid} ready (${concurrency} at a time)`);

async function shutdown() {
  await boss.stop({ graceful: true, wait: true, timeout: 30_000 });
  await handle.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
