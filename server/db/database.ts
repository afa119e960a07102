import { openDatabase, type DbHandle } from '../../db/client';

const globalForDb = globalThis as unknown as { dataprepDb?: Promise<DbHandle> };

/**
 * The process's database, opened and migrated once. Next.js may evaluate server modules more than
 * once, and an embedded PGlite folder must be opened by one instance only, hence globalThis.
 */
export function database(): Promise<DbHandle> {
  globalForDb.dataprepDb ??= openDatabase();
  return globalForDb.dataprepDb;
}
