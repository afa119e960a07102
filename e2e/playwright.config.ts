import path from 'node:path';
import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3100);
const dataDir = path.resolve(process.env.E2E_DATA_DIR ?? `.tmp/e2e-${Date.now()}`);
// Workers load this file again: they must see the same folder (the tests' authenticator secrets live there).
process.env.E2E_DATA_DIR = dataDir;

/**
 * End-to-end tests in Debian's Chromium against the real workbench: built app, HSM bridge, and the
 * database and HSM the environment names (DATABASE_URL, PKCS11_*) or the embedded defaults.
 */
export default defineConfig({
  testDir: './specs',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [
    ['list'],
    ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? '.tmp/playwright.json' }],
  ],
  outputDir: path.resolve('.tmp/e2e-results'),
  use: {
    baseURL: process.env.E2E_BASE_URL ?? `http://localhost:${port}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-gpu',
      ],
    },
    headless: true,
    screenshot: 'only-on-failure',
    trace: 'off',
  },
  webServer: process.env.E2E_BASE_URL
    ? undefined
    : {
        command: 'node scripts/start.mjs',
        cwd: path.resolve(import.meta.dirname, '..'),
        url: `http://localhost:${port}/login`,
        timeout: 300_000,
        reuseExistingServer: false,
        stdout: 'ignore',
        stderr: 'pipe',
        env: { PORT: String(port), DATAPREP_DATA_DIR: dataDir },
      },
});
