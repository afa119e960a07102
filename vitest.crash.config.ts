import { defineConfig } from 'vitest/config';

/**
 * Crash tests: they kill worker processes with SIGKILL and restart the PostgreSQL server, so they run
 * alone, one file at a time, after every other test (scripts/test-all.mjs).
 */
export default defineConfig({
  test: {
    include: ['server/jobs/crash/**/*.crash.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
