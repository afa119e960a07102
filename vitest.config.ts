import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'server/**/*.test.ts',
      'hsm-bridge/test/**/*.test.ts',
      'db/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    exclude: ['node_modules', '.next', 'e2e'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One PKCS#11 library per process and one PGlite per file: files run in separate forks.
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
