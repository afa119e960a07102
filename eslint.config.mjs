import js from '@eslint/js';
import nextPlugin from '@next/eslint-plugin-next';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', '.next/**', '.data/**', '.tmp/**', 'db/migrations/**', 'next-env.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { '@next/next': nextPlugin },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
      },
    },
  },
  {
    // DESIGN.md: the EMV core is pure; it imports nothing outside itself (no db, no tRPC, no Next, no I/O).
    files: ['server/emv/**/*.ts'],
    ignores: ['server/emv/**/*.test.ts', 'server/emv/vectors/load-vectors.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../../*', '!../../emv/*'],
              message: 'server/emv is pure: import only from inside server/emv.',
            },
            {
              group: [
                'node:fs',
                'node:net',
                'node:child_process',
                'fs',
                'net',
                'next',
                'next/*',
                '@trpc/*',
                'drizzle-orm',
                'drizzle-orm/*',
                'postgres',
                'pkcs11js',
              ],
              message: 'server/emv is pure: no I/O, no db, no tRPC, no Next.',
            },
          ],
        },
      ],
    },
  },
  {
    // The only import edge between top-level parts besides app -> server is hsm-bridge -> server/emv.
    files: ['app/**/*.{ts,tsx}', 'server/**/*.ts', 'db/**/*.ts'],
    ignores: ['server/**/*.test.ts', 'server/test-support/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/hsm-bridge/**'],
              message: 'Only the HSM bridge process touches keys; talk to it through server/hsm.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['hsm-bridge/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/*', '!**/server/emv', '**/server/!(emv)/**', '**/db/**', '**/app/**'],
              message: 'The bridge may import only server/emv.',
            },
          ],
        },
      ],
    },
  },
);
