#!/usr/bin/env node
// Starts the workbench on the embedded defaults (or on DATABASE_URL / PKCS11_* when set):
// builds once, migrates and seeds the demo data, starts the HSM bridge, then the web server.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { runtimeEnv } from './runtime-env.mjs';

const env = runtimeEnv();
const port = env.PORT ?? '3000';
mkdirSync(env.DATAPREP_DATA_DIR, { recursive: true, mode: 0o700 });
const children = [];

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function start(name, command, args) {
  const child = spawn(command, args, { stdio: 'inherit', env });
  child.on('exit', (code) => {
    console.error(`${name} stopped (exit ${code}); stopping the workbench`);
    shutdown(code ?? 1);
  });
  children.push(child);
  return child;
}

function shutdown(code = 0) {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

if (!existsSync('.next/BUILD_ID') || env.DATAPREP_REBUILD === '1') run('npx', ['next', 'build']);
run('npx', ['tsx', 'db/seed/cli.ts']);
start('HSM bridge', 'npx', ['tsx', 'hsm-bridge/src/main.ts']);
for (let i = 0; i < 100 && !existsSync(env.HSM_BRIDGE_SOCKET); i++) await sleep(100);
start('web server', 'npx', ['next', 'start', '-p', port, '-H', env.HOST ?? '127.0.0.1']);

const url = `http://localhost:${port}`;
console.log(`
  EMV Data Preparation Workbench: ${url}
  Database: ${env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${env.PGLITE_DATA_DIR}`}
  HSM: ${env.PKCS11_MODULE ? `PKCS#11 ${env.PKCS11_MODULE}, token ${env.PKCS11_TOKEN_LABEL}` : 'software backend'}

  Demo users (password Workbench-demo-2026):
    analyst   Alice Analyst     issuer analyst
    officer1  Oscar Officer     security officer
    officer2  Olivia Officer    security officer
    officer3  Omar Officer      security officer (third key custodian)
    bureau    Bruno Bureau      bureau operator, bureau DEMO (Demo Personalization Bureau)
    bureau2   Bianca Bureau     bureau operator, bureau ACME (Acme Card Services)
    auditor   Audrey Auditor    auditor
    admin     Adam Admin        administrator

  Officers and the admin also set up an authenticator app (TOTP) at their first sign-in.
  The demo card profile (credit, DDA) is approved: once the officers have made its keys, the analyst can
  create a job from it (README.md, "Walk the flow").
`);
