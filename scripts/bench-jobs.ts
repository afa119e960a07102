/**
 * npm run bench [-- --cards 10000 --large 100000] — whole preparation jobs on the embedded defaults
 * (PGlite in a folder, the software HSM behind a real bridge in this process): an SDA job and a DDA job
 * of --cards cards each from the demo credit profile (created, uploaded, approved by two officers,
 * prepared chunk by chunk, bureau files written, a 1 % sample validated on the virtual card), then an SDA
 * job of --large cards to show memory stays flat as a job grows. Prints cards per second, peak memory,
 * and the machine's raw crypto ceiling for the same work measured in the same run (node:crypto RSA key
 * generation and private-key operations of the profile's sizes), and the ratio. Asserts nothing.
 */
import { generateKeyPairSync, privateDecrypt, constants, randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db/client';
import { sdaCreditProfile } from '../server/emv/terminal/testing';
import { prepareJob } from '../server/jobs/prepare-job';
import { importProfile } from '../server/services/profiles/import-profile';
import { submitProfileVersion } from '../server/services/profiles/submit-profile-version';
import { approveProfileVersion } from '../server/services/profiles/approve-profile-version';
import { receiveUpload } from '../server/services/import/receive-upload';
import { createJob } from '../server/services/jobs/create-job';
import { approveJob, submitJob } from '../server/services/jobs/job-workflow';
import { startTestBridge } from '../server/test-support/bridge';
import { creditProfileJobSetup } from '../server/test-support/profile-jobs';
import { seedWorkbench } from '../server/test-support/workbench';
import { withLuhnDigit } from '../server/emv/pan';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  const value = at > 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} takes a whole number of cards`);
  return value;
};
const cards = arg('--cards', 10_000);
const large = arg('--large', 100_000);

const dir = mkdtempSync(path.join(os.tmpdir(), 'dataprep-bench-jobs-'));
process.env.DATAPREP_UPLOAD_DIR = path.join(dir, 'uploads');
process.env.DATAPREP_OUTPUT_DIR = path.join(dir, 'outputs');
process.env.DATA_AT_REST_KEY_FILE = path.join(dir, 'data-at-rest.key');
process.env.DATAPREP_MAX_UPLOAD_BYTES ??= String(1024 * 1024 * 1024);

/** pan,psn,name in the demo credit profile's BIN range (99990100–99990199); `offset` keeps jobs apart. */
async function writeCardholderFile(file: string, count: number, offset: number) {
  const out = createWriteStream(file);
  await once(out, 'open');
  out.write('pan,psn,name\r\n');
  let lines: string[] = [];
  for (let i = 0; i < count; i++) {
    lines.push(
      `${withLuhnDigit(`999901${String(offset + i).padStart(9, '0')}`)},00,CARD HOLDER ${i % 1000}\r\n`,
    );
    if (lines.length === 10_000) {
      if (!out.write(lines.join(''))) await once(out, 'drain');
      lines = [];
    }
  }
  out.end(lines.join(''));
  await once(out, 'finish');
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

/** Per second: RSA private-key operations of `bits`, and (when asked) ICC key pairs generated. */
function cryptoCeiling(bits: number, withKeyGeneration: boolean) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 3 });
  const block = Buffer.concat([Buffer.from([0]), randomBytes(bits / 8 - 1)]);
  let start = performance.now();
  let signs = 0;
  while (performance.now() - start < 2000) {
    privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, block);
    signs++;
  }
  const signsPerSecond = signs / ((performance.now() - start) / 1000);
  if (!withKeyGeneration) return { signsPerSecond, cardsPerSecond: signsPerSecond };
  start = performance.now();
  let pairs = 0;
  while (performance.now() - start < 4000) {
    generateKeyPairSync('rsa', { modulusLength: 1024, publicExponent: 3 });
    pairs++;
  }
  const pairsPerSecond = pairs / ((performance.now() - start) / 1000);
  // A DDA card costs one ICC key pair and one issuer signature (its certificate).
  return { signsPerSecond, cardsPerSecond: 1 / (1 / pairsPerSecond + 1 / signsPerSecond) };
}

async function main() {
  const bridge = await startTestBridge('bench-jobs');
  const handle = await openDatabase({ url: '', pgliteDir: path.join(dir, 'pglite') });
  const w = await seedWorkbench(handle.db, bridge.client);
  const dda = await creditProfileJobSetup(w);
  const imported = await importProfile(w.ctx.analyst, {
    json: JSON.stringify({ ...sdaCreditProfile(), name: 'Bench credit SDA' }),
  });
  await submitProfileVersion(w.ctx.analyst, { versionId: imported.version.id });
  await approveProfileVersion(w.ctx.officer1, { versionId: imported.version.id });
  const sda = { ...dda, profileVersionId: imported.version.id };
  let offset = 0;

  const runJob = async (name: string, setup: typeof dda, count: number) => {
    const file = path.join(dir, `${name}.csv`);
    await writeCardholderFile(file, count, offset);
    offset += count;
    const { createReadStream } = await import('node:fs');
    const upload = await receiveUpload(w.ctx.analyst, {
      fileName: `${name}.csv`,
      body: createReadStream(file),
    });
    peakRss = process.memoryUsage().rss;
    const started = performance.now();
    const job = await createJob(w.ctx.analyst, {
      profileVersionId: setup.profileVersionId,
      bureauId: w.bureaus.DEMO,
      parameters: { ...setup.parameters, validationSample: 'percent' },
      uploadId: upload.uploadId,
    });
    await submitJob(w.ctx.analyst, job.id);
    await approveJob(w.ctx.officer1, job.id);
    await approveJob(w.ctx.officer2, job.id);
    const imported = performance.now();
    await prepareJob(handle.db, bridge.client, job.id);
    const seconds = (performance.now() - imported) / 1000;
    rmSync(file);
    return {
      count,
      seconds,
      cardsPerSecond: count / seconds,
      importSeconds: (imported - started) / 1000,
      peak: peakRss,
    };
  };

  const rows: string[] = [];
  const report = (label: string, r: Awaited<ReturnType<typeof runJob>>, ceiling: number) =>
    rows.push(
      `${label.padEnd(22)} ${String(r.count).padStart(7)} cards  import ${r.importSeconds.toFixed(1).padStart(6)} s  ` +
        `prepare+files+validation ${r.seconds.toFixed(1).padStart(7)} s  ${r.cardsPerSecond.toFixed(1).padStart(7)} cards/s  ` +
        `peak RSS ${mib(r.peak).padStart(8)}  crypto ceiling ${ceiling.toFixed(0).padStart(6)} cards/s  ` +
        `ratio ${((r.cardsPerSecond / ceiling) * 100).toFixed(1)} %`,
    );

  // Measured on one core; the bridge uses every core (its ICC key pool generates on the libuv thread pool).
  const cores = os.availableParallelism();
  const sdaCeiling = cryptoCeiling(1152, false).cardsPerSecond * cores;
  const ddaCeiling = cryptoCeiling(1152, true).cardsPerSecond * cores;
  console.log(
    `raw crypto on this machine (node:crypto, ${cores} cores): an SDA card (one RSA-1152 private operation) ` +
      `${sdaCeiling.toFixed(0)}/s; a DDA card (RSA-1024 key pair + RSA-1152 signature) ${ddaCeiling.toFixed(0)}/s`,
  );
  report('SDA (credit, RSA 1152)', await runJob('sda', sda, cards), sdaCeiling);
  console.log(rows.at(-1));
  report('DDA (credit, ICC 1024)', await runJob('dda', dda, cards), ddaCeiling);
  console.log(rows.at(-1));
  report('SDA, larger job', await runJob('sda-large', sda, large), sdaCeiling);
  console.log(rows.at(-1));
  console.log(
    `memory: peak RSS ${mib(Number(rows[0]!.match(/peak RSS\s+(\d+)/)![1]) * 1024 * 1024)} at ${cards} cards, ` +
      `${rows[2]!.match(/peak RSS\s+(\d+ MiB)/)![1]} at ${large} cards`,
  );
  clearInterval(sampler);
  await handle.close();
  await bridge.close();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
