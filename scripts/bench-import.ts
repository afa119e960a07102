/**
 * npm run bench:import [-- --rows 1000000] — writes a cardholder CSV of that many rows (a few of them
 * invalid) in the demo credit profile's layout to a temporary folder, then uploads and imports it as a
 * job on that profile, on the embedded defaults (PGlite in a folder, the software HSM behind a real
 * bridge), the way the workbench does: streamed, sealed at rest, in one transaction. Prints rows per
 * second and peak memory; asserts nothing.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db/client';
import { receiveUpload } from '../server/services/import/receive-upload';
import { createJob } from '../server/services/jobs/create-job';
import { startTestBridge } from '../server/test-support/bridge';
import { creditProfileJobSetup } from '../server/test-support/profile-jobs';
import { seedWorkbench } from '../server/test-support/workbench';
import { withLuhnDigit } from '../server/emv/pan';

const rowsArg = process.argv.indexOf('--rows');
const rows = rowsArg > 0 ? Number(process.argv[rowsArg + 1]) : 1_000_000;
if (!Number.isInteger(rows) || rows < 1) throw new Error('--rows takes a whole number of rows');

const dir = mkdtempSync(path.join(os.tmpdir(), 'dataprep-bench-import-'));
process.env.DATAPREP_UPLOAD_DIR = path.join(dir, 'uploads');
process.env.DATA_AT_REST_KEY_FILE = path.join(dir, 'data-at-rest.key');
process.env.DATAPREP_MAX_UPLOAD_BYTES ??= String(1024 * 1024 * 1024);

async function writeCardholderFile(file: string, count: number) {
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('pan,psn,name\r\n');
  let lines: string[] = [];
  for (let i = 0; i < count; i++) {
    // One row in 10,000 is outside the profile's BIN range (99990100–99990199): the rejected-row path
    // is measured too.
    const bin = i % 10_000 === 9_999 ? '99990200' : '99990100';
    const pan = withLuhnDigit(`${bin}${String(i).padStart(7, '0')}`);
    lines.push(`${pan},${String(i % 100).padStart(2, '0')},CARD HOLDER ${i % 1000}\r\n`);
    if (lines.length === 10_000) {
      await write(lines.join(''));
      lines = [];
    }
  }
  await write(lines.join(''));
  out.end();
  await once(out, 'finish');
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

const bridge = await startTestBridge('bench-import');
const handle = await openDatabase({ url: '', pgliteDir: path.join(dir, 'pglite') });
try {
  const w = await seedWorkbench(handle.db, bridge.client);
  const setup = await creditProfileJobSetup(w);

  const file = path.join(dir, 'cardholders.csv');
  let started = performance.now();
  await writeCardholderFile(file, rows);
  const bytes = statSync(file).size;
  console.log(
    `generated ${rows.toLocaleString('en')} rows (${mib(bytes)}) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  const rssBefore = process.memoryUsage().rss;
  peakRss = rssBefore;
  started = performance.now();
  const upload = await receiveUpload(w.ctx.analyst, {
    fileName: 'cardholders.csv',
    body: createReadStream(file),
  });
  const uploadSeconds = (performance.now() - started) / 1000;
  console.log(`upload (hash + seal at rest): ${uploadSeconds.toFixed(1)} s, ${mib(bytes / uploadSeconds)}/s`);

  started = performance.now();
  const job = await createJob(w.ctx.analyst, {
    profileVersionId: setup.profileVersionId,
    bureauId: w.bureaus.DEMO,
    parameters: setup.parameters,
    uploadId: upload.uploadId,
    rejectionPolicy: 'accept-valid',
    acceptValidReason: 'Benchmark: rows outside the BIN range are expected',
  });
  const importSeconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  console.log(
    `import: ${job.totalRows.toLocaleString('en')} rows (${job.acceptedRows.toLocaleString('en')} accepted, ${job.rejectedRows} rejected) in ${importSeconds.toFixed(1)} s = ${Math.round(job.totalRows / importSeconds).toLocaleString('en')} rows/s`,
  );
  console.log(
    `memory: peak RSS ${mib(peakRss)} (${mib(rssBefore)} before the upload; the file is ${mib(bytes)}), heap now ${mib(process.memoryUsage().heapUsed)}`,
  );
} finally {
  clearInterval(sampler);
  await handle.close();
  await bridge.close();
  rmSync(dir, { recursive: true, force: true });
}
