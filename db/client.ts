import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';

export type Schema = typeof schema;
/** What every query function takes: the same type for real PostgreSQL and for embedded PGlite. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface DbHandle {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** Where the job queue connects: the same PostgreSQL, or SQL run on the same embedded PGlite. */
  queue:
    | { connectionString: string }
    | { executeSql: (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }> };
  close: () => Promise<void>;
}

export const migrationsFolder = path.join(process.cwd(), 'db', 'migrations');

export function embeddedDataDir(): string {
  return process.env.PGLITE_DATA_DIR ?? path.join(process.cwd(), '.data', 'pglite');
}

/**
 * Opens the database and applies the committed migrations.
 * With DATABASE_URL: PostgreSQL through the `postgres` driver. Without: embedded PGlite in a local
 * folder (or in memory for `memory://`), so a newcomer needs nothing installed.
 */
export async function openDatabase(options: { url?: string; pgliteDir?: string } = {}): Promise<DbHandle> {
  const url = options.url ?? process.env.DATABASE_URL;
  if (url) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const { migrate } = await import('drizzle-orm/postgres-js/migrator');
    const sql = postgres(url, { max: 10, onnotice: () => {} });
    const db = drizzle(sql, { schema });
    await migrate(db, { migrationsFolder });
    return {
      db: db as unknown as Db,
      kind: 'postgres',
      queue: { connectionString: url },
      close: () => sql.end({ timeout: 5 }),
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const dir = options.pgliteDir ?? embeddedDataDir();
  const client = dir === 'memory://' ? new PGlite() : new PGlite(dir);
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder });
  const executeSql = async (text: string, values?: unknown[]) => {
    // PGlite runs parameterised SQL one statement at a time, and scripts (several statements) with exec.
    if (values?.length) return client.query(text, values as never[]);
    const results = await client.exec(text);
    return results.at(-1) ?? { rows: [] };
  };
  return { db: db as unknown as Db, kind: 'pglite', queue: { executeSql }, close: () => client.close() };
}
