import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';

/** postgres-js returns the rows as the result; PGlite returns them under `rows`. */
function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * Every row of every table outside the system schemas, as JSON text, one entry per table: what
 * someone holding a database dump or backup would hold.
 */
export async function dumpAllTables(db: Db): Promise<Record<string, string>> {
  const tables = rowsOf<{ table_schema: string; table_name: string }>(
    await db.execute(sql`
      select table_schema, table_name from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
      order by table_schema, table_name`),
  );
  const dump: Record<string, string> = {};
  for (const { table_schema: schema, table_name: name } of tables) {
    const rows = rowsOf<{ row: string }>(
      await db.execute(
        sql`select row_to_json(t)::text as row from ${sql.identifier(schema)}.${sql.identifier(name)} t`,
      ),
    );
    dump[`${schema}.${name}`] = rows.map((r) => r.row).join('\n');
  }
  return dump;
}
