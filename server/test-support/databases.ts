import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type DbHandle } from '../../db/client';

/** The server the integration tests create their throw-away databases on. */
export const testPostgresUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const databaseKinds = ['pglite', 'postgres'] as const;
export type DatabaseKind = (typeof databaseKinds)[number];

/**
 * A fresh, migrated database of the given kind: PGlite in memory, or a new PostgreSQL database
 * (dropped again by `close`). Every integration test runs against both.
 */
export async function freshDatabase(kind: DatabaseKind): Promise<DbHandle & { url: string | null }> {
  if (kind === 'pglite') return { ...(await openDatabase({ pgliteDir: 'memory://', url: '' })), url: null };
  const name = `dataprep_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(testPostgresUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(testPostgresUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString() });
  return {
    ...handle,
    url: url.toString(),
    close: async () => {
      await handle.close();
      const cleanup = postgres(testPostgresUrl, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
