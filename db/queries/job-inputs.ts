import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { jobInputRows, jobInputs } from '../schema';

export type JobInputRow = typeof jobInputs.$inferSelect;

export async function insertJobInput(db: Db, params: typeof jobInputs.$inferInsert) {
  await db.insert(jobInputs).values(params);
}

export async function listJobInputs(db: Db, params: { jobId: string }) {
  return db.select().from(jobInputs).where(eq(jobInputs.jobId, params.jobId)).orderBy(asc(jobInputs.name));
}

export interface StagedInputRow {
  rowNumber: number;
  keyDigest: string;
  valuesSealed: string;
}

/** Rows of an additional input, staged for the join as one JSON parameter (like insertJobCards). */
export async function insertJobInputRows(
  db: Db,
  params: { jobId: string; input: string; rows: StagedInputRow[] },
) {
  if (params.rows.length === 0) return;
  const rows = JSON.stringify(
    params.rows.map((row) => ({
      row_number: row.rowNumber,
      key_digest: row.keyDigest,
      values_sealed: row.valuesSealed,
    })),
  );
  await db.execute(sql`
    insert into ${jobInputRows} (job_id, input, row_number, key_digest, values_sealed)
    select ${params.jobId}::uuid, ${params.input}, row_number, key_digest, values_sealed
    from json_to_recordset(${rows}::json) as r(row_number integer, key_digest text, values_sealed text)`);
}

const rowsOf = (result: unknown) =>
  // postgres-js returns the rows, PGlite an object holding them.
  (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, unknown>[];

const hexDigests = (digests: readonly string[]) => {
  if (digests.some((digest) => !/^[0-9a-f]{64}$/.test(digest))) {
    throw new Error('a join key digest is 64 hexadecimal digits');
  }
  // Digests are hex, so the array literal needs no quoting: one parameter for the batch.
  return `{${digests.join(',')}}`;
};

/** The staged rows whose key digest is one of `digests` (one batch of cardholder rows). */
export async function findJobInputRowsByKey(
  db: Db,
  params: { jobId: string; input: string; digests: readonly string[] },
): Promise<StagedInputRow[]> {
  if (params.digests.length === 0) return [];
  const result = await db.execute(sql`
    select row_number as "rowNumber", key_digest as "keyDigest", values_sealed as "valuesSealed"
    from ${jobInputRows}
    where job_id = ${params.jobId} and input = ${params.input}
      and key_digest = any(${hexDigests(params.digests)}::text[])
    order by row_number`);
  return rowsOf(result) as unknown as StagedInputRow[];
}

export async function markJobInputRowsJoined(
  db: Db,
  params: { jobId: string; input: string; rowNumbers: readonly number[] },
) {
  if (params.rowNumbers.length === 0) return;
  await db.execute(sql`
    update ${jobInputRows} set joined = true
    where job_id = ${params.jobId} and input = ${params.input}
      and row_number = any(${`{${params.rowNumbers.join(',')}}`}::int[])`);
}

/** Keys that more than one staged row holds, with those rows' numbers in order. */
export async function findDuplicateJobInputKeys(db: Db, params: { jobId: string; input: string }) {
  const result = await db.execute(sql`
    select key_digest as "keyDigest", array_agg(row_number order by row_number) as "rowNumbers"
    from ${jobInputRows}
    where job_id = ${params.jobId} and input = ${params.input}
    group by key_digest having count(*) > 1`);
  return rowsOf(result) as unknown as { keyDigest: string; rowNumbers: number[] }[];
}

/**
 * Staged rows no cardholder row joined, a page at a time (by row number), leaving out keys held by
 * several rows: those are rejected as duplicates already.
 */
export async function listUnjoinedJobInputRows(
  db: Db,
  params: { jobId: string; input: string; afterRow: number; limit: number },
) {
  const result = await db.execute(sql`
    select r.row_number as "rowNumber", r.values_sealed as "valuesSealed"
    from ${jobInputRows} r
    where r.job_id = ${params.jobId} and r.input = ${params.input} and not r.joined
      and r.row_number > ${params.afterRow}
      and not exists (
        select 1 from ${jobInputRows} d
        where d.job_id = r.job_id and d.input = r.input and d.key_digest = r.key_digest
          and d.row_number <> r.row_number)
    order by r.row_number
    limit ${params.limit}`);
  return rowsOf(result) as unknown as { rowNumber: number; valuesSealed: string }[];
}

export async function countJoinedJobInputRows(db: Db, params: { jobId: string; input: string }) {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(jobInputRows)
    .where(
      and(
        eq(jobInputRows.jobId, params.jobId),
        eq(jobInputRows.input, params.input),
        eq(jobInputRows.joined, true),
      ),
    );
  return row?.count ?? 0;
}

/** Staged rows are working data of the import: none outlives its transaction. */
export async function deleteJobInputRows(db: Db, params: { jobId: string }) {
  await db.delete(jobInputRows).where(eq(jobInputRows.jobId, params.jobId));
}
