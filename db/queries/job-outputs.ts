import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { cardRecords, cardValidations, jobOutputFiles, jobs, users, type OutputMacKey } from '../schema';

export async function listJobOutputFiles(db: Db, params: { jobId: string }) {
  return db
    .select({
      jobId: jobOutputFiles.jobId,
      kind: jobOutputFiles.kind,
      fileName: jobOutputFiles.fileName,
      bytes: jobOutputFiles.bytes,
      sha256: jobOutputFiles.sha256,
      createdAt: jobOutputFiles.createdAt,
      takenAt: jobOutputFiles.takenAt,
      takenByName: users.displayName,
    })
    .from(jobOutputFiles)
    .leftJoin(users, eq(users.id, jobOutputFiles.takenBy))
    .where(eq(jobOutputFiles.jobId, params.jobId))
    .orderBy(asc(jobOutputFiles.createdAt), asc(jobOutputFiles.kind));
}

/**
 * Marks a file as taken by this user, in one statement: of two downloads racing for a one-time file,
 * one gets the row and the other null. A file already taken stays as it was.
 */
export async function takeJobOutputFile(
  db: Db,
  params: { jobId: string; kind: string; userId: string; at: Date },
) {
  const [row] = await db
    .update(jobOutputFiles)
    .set({ takenBy: params.userId, takenAt: params.at })
    .where(
      and(
        eq(jobOutputFiles.jobId, params.jobId),
        eq(jobOutputFiles.kind, params.kind),
        isNull(jobOutputFiles.takenAt),
      ),
    )
    .returning({ kind: jobOutputFiles.kind });
  return row ?? null;
}

/** Makes a taken file downloadable again; null when it was not taken. */
export async function reopenJobOutputFile(db: Db, params: { jobId: string; kind: string }) {
  const [row] = await db
    .update(jobOutputFiles)
    .set({ takenBy: null, takenAt: null })
    .where(
      and(
        eq(jobOutputFiles.jobId, params.jobId),
        eq(jobOutputFiles.kind, params.kind),
        sql`${jobOutputFiles.takenAt} is not null`,
      ),
    )
    .returning({ kind: jobOutputFiles.kind });
  return row ?? null;
}

export async function insertJobOutputFile(db: Db, params: typeof jobOutputFiles.$inferInsert) {
  await db.insert(jobOutputFiles).values(params).onConflictDoNothing();
}

export async function setOutputMacKey(db: Db, params: { jobId: string; key: OutputMacKey }) {
  await db.update(jobs).set({ outputMacKey: params.key }).where(eq(jobs.id, params.jobId));
}

/** Records whose post-preparation checks found a problem. */
export async function countRecordsWithProblems(db: Db, params: { jobId: string }): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(cardRecords)
    .where(
      and(
        eq(cardRecords.jobId, params.jobId),
        sql`jsonb_array_length(coalesce(${cardRecords.problems}, '[]'::jsonb)) > 0`,
      ),
    );
  return row?.count ?? 0;
}

export async function findCardRecords(db: Db, params: { jobId: string; rows: number[] }) {
  if (params.rows.length === 0) return [];
  return db
    .select()
    .from(cardRecords)
    .where(and(eq(cardRecords.jobId, params.jobId), inArray(cardRecords.rowNumber, params.rows)))
    .orderBy(asc(cardRecords.rowNumber));
}

export async function insertCardValidations(db: Db, params: (typeof cardValidations.$inferInsert)[]) {
  if (params.length === 0) return;
  await db.insert(cardValidations).values(params).onConflictDoNothing();
}

export async function listCardValidations(db: Db, params: { jobId: string }) {
  return db
    .select()
    .from(cardValidations)
    .where(eq(cardValidations.jobId, params.jobId))
    .orderBy(asc(cardValidations.rowNumber));
}

export async function findCardValidation(db: Db, params: { jobId: string; rowNumber: number }) {
  const [row] = await db
    .select()
    .from(cardValidations)
    .where(and(eq(cardValidations.jobId, params.jobId), eq(cardValidations.rowNumber, params.rowNumber)))
    .limit(1);
  return row ?? null;
}

/** Row numbers of a job's prepared cards, in order (a job of a million cards: 4 MB of integers). */
export async function listRecordRows(db: Db, params: { jobId: string }): Promise<number[]> {
  const rows = await db
    .select({ row: cardRecords.rowNumber })
    .from(cardRecords)
    .where(eq(cardRecords.jobId, params.jobId))
    .orderBy(asc(cardRecords.rowNumber));
  return rows.map((r) => r.row);
}
