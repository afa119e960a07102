#!/usr/bin/env node
// The one test command (npm test): format, lint, types, unit + integration tests (vitest, against
// PGlite and the PostgreSQL at TEST_POSTGRES_URL, SoftHSM2 and the software HSM), then the build and
// the Playwright e2e tests in Debian's Chromium. Prints one summary line at the end.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const tmp = path.resolve('.tmp');
mkdirSync(tmp, { recursive: true });
const steps = [];
let failed = false;

function step(name, command, args, env = {}) {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = result.status === 0;
  steps.push({ name, ok, seconds: Math.round((Date.now() - started) / 1000) });
  if (!ok) failed = true;
  return ok;
}

step('format', 'npx', ['prettier', '--check', '.']);
step('lint', 'npx', ['eslint', '.', '--max-warnings', '0']);
step('types', 'npx', ['tsc', '--noEmit', '-p', '.']);
const vitestJson = path.join(tmp, 'vitest.json');
rmSync(vitestJson, { force: true });
step('unit and integration tests', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
]);

// Crash tests kill workers and restart PostgreSQL: alone, after the others.
const crashJson = path.join(tmp, 'vitest-crash.json');
rmSync(crashJson, { force: true });
step('crash tests (SIGKILL, PostgreSQL restart)', 'npx', [
  'vitest',
  'run',
  '--config',
  'vitest.crash.config.ts',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${crashJson}`,
]);
spawnSync('sh', ['-c', 'for i in $(seq 1 30); do pg_isready -h 127.0.0.1 -q && exit 0; sleep 1; done'], {
  stdio: 'inherit',
});

// The e2e run gets its own database: a fresh PostgreSQL database when DATABASE_URL names a server,
// otherwise a fresh embedded data folder.
const e2eEnv = { DATAPREP_REBUILD: '1', E2E_DATA_DIR: path.join(tmp, `e2e-${Date.now()}`) };
if (process.env.DATABASE_URL) {
  const name = `dataprep_e2e_${Date.now()}`;
  const url = new URL(process.env.DATABASE_URL);
  const created = spawnSync('psql', [process.env.DATABASE_URL, '-c', `create database ${name}`], {
    stdio: 'inherit',
  });
  if (created.status !== 0) failed = true;
  url.pathname = `/${name}`;
  e2eEnv.DATABASE_URL = url.toString();
}
const playwrightJson = path.join(tmp, 'playwright.json');
rmSync(playwrightJson, { force: true });
step('end-to-end tests (Chromium)', 'npx', ['playwright', 'test', '--config', 'e2e/playwright.config.ts'], {
  ...e2eEnv,
  PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson,
});

const counts = { passed: 0, failed: 0, skipped: 0 };
for (const file of [vitestJson, crashJson]) {
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  counts.passed += report.numPassedTests;
  counts.failed += report.numFailedTests;
  counts.skipped += report.numPendingTests + report.numTodoTests;
}
if (existsSync(playwrightJson)) {
  const stats = JSON.parse(readFileSync(playwrightJson, 'utf8')).stats;
  counts.passed += stats.expected;
  counts.failed += stats.unexpected + stats.flaky;
  counts.skipped += stats.skipped;
}

console.log('\n=== summary');
for (const s of steps) console.log(`${s.ok ? 'ok  ' : 'FAIL'}  ${s.name} (${s.seconds}s)`);
if (failed && counts.failed === 0) counts.failed = steps.filter((s) => !s.ok).length;
console.log(`${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(failed ? 1 : 0);
