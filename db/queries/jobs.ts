import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import {
  bureaus,
  cardProfiles,
  cardProfileVersions,
  cardRecords,
  jobApprovals,
  jobCards,
  jobRejections,
  jobs,
  users,
  type JobValidationSummary,
} from '../schema';

export type JobRow = typeof jobs.$inferSelect;
export type JobStatus = JobRow['status'];

export async function insertJob(db: Db, params: typeof jobs.$inferInsert) {
  const [row] = await db.insert(jobs).values(params).returning();
  return row!;
}

/**
 * Inserts a batch of cards as one JSON parameter: a thousand cards are one statement with one
 * parameter, which both drivers pass through several times faster than five thousand parameters.
 */
export async function insertJobCards(db: Db, params: (typeof jobCards.$inferInsert)[]) {
  if (params.length === 0) return;
  const rows = JSON.stringify(
    params.map((card) => ({
      job_id: card.jobId,
      row_number: card.rowNumber,
      pan_masked: card.panMasked,
      cardholder_sealed: card.cardholderSealed,
      pan_psn_digest: card.panPsnDigest ?? null,
    })),
  );
  await db.execute(sql`
    insert into ${jobCards} (job_id, row_number, pan_masked, cardholder_sealed, pan_psn_digest)
    select job_id, row_number, pan_masked, cardholder_sealed, pan_psn_digest
    from json_to_recordset(${rows}::json)
      as card(job_id uuid, row_number integer, pan_masked text, cardholder_sealed text, pan_psn_digest text)`);
}

export async function insertJobRejections(db: Db, params: (typeof jobRejections.$inferInsert)[]) {
  for (let i = 0; i < params.length; i += 500) {
    await db.insert(jobRejections).values(params.slice(i, i + 500));
  }
}

export interface FindRecordedCardsParams {
  digests: string[];
  /** Jobs in these states do not count: their cards will never be issued. */
  ignoreStatuses: JobStatus[];
}

/**
 * For each digest, the earliest card already recorded with it (this job's earlier rows included),
 * in a job whose status is not ignored. One index probe per digest: inside a long import
 * transaction the table's statistics do not know the new rows yet, so a plain `= any(...)` would be
 * planned as a scan of the whole table, batch after batch.
 */
export async function findRecordedCards(db: Db, params: FindRecordedCardsParams) {
  if (params.digests.length === 0) return [];
  if (params.digests.some((digest) => !/^[0-9a-f]{64}$/.test(digest))) {
    throw new Error('a PAN+PSN digest is 64 hexadecimal digits');
  }
  // Digests are hex, so the array literal needs no quoting: one parameter instead of a thousand.
  const digests = `{${params.digests.join(',')}}`;
  const ignored = `{${params.ignoreStatuses.join(',')}}`;
  const result = await db.execute(sql`
    select d.digest, m.job_id as "jobId", m.row_number as "rowNumber", m.reference
    from unnest(${digests}::text[]) as d(digest)
    cross join lateral (
      select c.job_id, c.row_number, j.reference
      from ${jobCards} c join ${jobs} j on j.id = c.job_id
      where c.pan_psn_digest = d.digest and j.status <> all(${ignored}::job_status[])
      order by j.created_at, c.row_number
      limit 1
    ) m`);
  // postgres-js returns the rows, PGlite an object holding them.
  const rows = Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows;
  return rows as { digest: string; jobId: string; rowNumber: number; reference: string }[];
}

/**
 * Starts an import transaction. One cardholder import at a time (until the transaction ends): two
 * files holding the same card, imported at once, would otherwise each miss the other's uncommitted
 * rows.
 */
export async function beginCardholderImport(db: Db) {
  await db.execute(sql`select pg_advisory_xact_lock(727275)`);
  // Its statistics lag behind the rows it inserts, so the planner overestimates every lookup;
  // compiling each one (JIT) would then cost more than running it.
  await db.execute(sql`set local jit = off`);
}

export interface CompleteJobImportParams {
  id: string;
  totalRows: number;
  acceptedRows: number;
  rejectedRows: number;
  approvalSubject: string;
}

/** The counts and the approval subject, once the whole file has been read. */
export async function completeJobImport(db: Db, params: CompleteJobImportParams) {
  const { id, ...counts } = params;
  const [row] = await db.update(jobs).set(counts).where(eq(jobs.id, id)).returning();
  return row!;
}

/** Locks the job row until the transaction ends, so two officers' approvals are counted one after the other. */
export async function lockJob(db: Db, params: { id: string }) {
  const [row] = await db.select().from(jobs).where(eq(jobs.id, params.id)).for('update');
  return row ?? null;
}

export async function findJob(db: Db, params: { id: string }) {
  const [row] = await db.select().from(jobs).where(eq(jobs.id, params.id)).limit(1);
  return row ?? null;
}

export interface ListJobsParams {
  statuses?: JobStatus[];
  /** Only the jobs for this bureau (a bureau operator's view). */
  bureauId?: string;
}

export async function listJobs(db: Db, params: ListJobsParams = {}) {
  return db
    .select({
      id: jobs.id,
      reference: jobs.reference,
      status: jobs.status,
      inputFileName: jobs.inputFileName,
      totalRows: jobs.totalRows,
      acceptedRows: jobs.acceptedRows,
      rejectedRows: jobs.rejectedRows,
      preparedRows: jobs.preparedRows,
      createdAt: jobs.createdAt,
      updatedAt: jobs.updatedAt,
      createdById: jobs.createdBy,
      createdByName: users.displayName,
      // Null for a job made before card profiles.
      templateName: cardProfiles.name,
      templateVersion: cardProfileVersions.number,
      // Null for a job made before bureaus.
      bureauCode: bureaus.code,
      oneTimeDownload: jobs.oneTimeDownload,
    })
    .from(jobs)
    .innerJoin(users, eq(users.id, jobs.createdBy))
    .leftJoin(cardProfileVersions, eq(cardProfileVersions.id, jobs.profileVersionId))
    .leftJoin(cardProfiles, eq(cardProfiles.id, cardProfileVersions.profileId))
    .leftJoin(bureaus, eq(bureaus.id, jobs.bureauId))
    .where(
      and(
        params.statuses?.length ? inArray(jobs.status, params.statuses) : undefined,
        params.bureauId ? eq(jobs.bureauId, params.bureauId) : undefined,
      ),
    )
    .orderBy(desc(jobs.createdAt));
}

/** Moves a job from one status to another; returns null when it was not in `from` (a lost race). */
export async function transitionJob(
  db: Db,
  params: { id: string; from: JobStatus[]; to: JobStatus; failureReason?: string | null },
) {
  const [row] = await db
    .update(jobs)
    .set({
      status: params.to,
      updatedAt: new Date(),
      ...(params.failureReason !== undefined ? { failureReason: params.failureReason } : {}),
    })
    .where(and(eq(jobs.id, params.id), inArray(jobs.status, params.from)))
    .returning();
  return row ?? null;
}

export async function listJobRejections(db: Db, params: { jobId: string }) {
  return db
    .select()
    .from(jobRejections)
    .where(eq(jobRejections.jobId, params.jobId))
    .orderBy(
      // The cardholder file first, then each additional input.
      sql`${jobRejections.input} <> 'cardholder'`,
      asc(jobRejections.input),
      asc(jobRejections.rowNumber),
      asc(jobRejections.field),
    );
}

export async function insertJobApproval(
  db: Db,
  params: { jobId: string; officerId: string; approvalSubject: string },
) {
  const [row] = await db.insert(jobApprovals).values(params).onConflictDoNothing().returning();
  return row ?? null;
}

export async function listJobApprovals(db: Db, params: { jobId: string }) {
  return db
    .select({
      officerId: jobApprovals.officerId,
      officerName: users.displayName,
      approvalSubject: jobApprovals.approvalSubject,
      approvedAt: jobApprovals.approvedAt,
    })
    .from(jobApprovals)
    .innerJoin(users, eq(users.id, jobApprovals.officerId))
    .where(eq(jobApprovals.jobId, params.jobId))
    .orderBy(asc(jobApprovals.approvedAt));
}

/** Cards of a job that have no prepared record yet, in row order. */
export async function nextUnpreparedCards(db: Db, params: { jobId: string; limit: number }) {
  return db
    .select({
      rowNumber: jobCards.rowNumber,
      panMasked: jobCards.panMasked,
      cardholderSealed: jobCards.cardholderSealed,
    })
    .from(jobCards)
    .where(
      and(
        eq(jobCards.jobId, params.jobId),
        sql`not exists (select 1 from ${cardRecords} r where r.job_id = ${jobCards.jobId} and r.row_number = ${jobCards.rowNumber})`,
      ),
    )
    .orderBy(asc(jobCards.rowNumber))
    .limit(params.limit);
}

/** Idempotent: a chunk written twice (a worker that died after the insert) adds nothing. */
export async function insertCardRecords(db: Db, params: (typeof cardRecords.$inferInsert)[]) {
  if (params.length === 0) return;
  await db.insert(cardRecords).values(params).onConflictDoNothing();
}

export async function countCardRecords(db: Db, params: { jobId: string }) {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(cardRecords)
    .where(eq(cardRecords.jobId, params.jobId));
  return row?.count ?? 0;
}

export async function setPreparedRows(db: Db, params: { jobId: string; preparedRows: number }) {
  await db
    .update(jobs)
    .set({ preparedRows: params.preparedRows, updatedAt: new Date() })
    .where(eq(jobs.id, params.jobId));
}

export async function listCardRecords(db: Db, params: { jobId: string; limit: number; offset: number }) {
  return db
    .select()
    .from(cardRecords)
    .where(eq(cardRecords.jobId, params.jobId))
    .orderBy(asc(cardRecords.rowNumber))
    .limit(params.limit)
    .offset(params.offset);
}

export async function findJobsByStatus(db: Db, params: { status: JobStatus }) {
  return db.select().from(jobs).where(eq(jobs.status, params.status));
}

export async function setJobValidation(db: Db, params: { id: string; validation: JobValidationSummary }) {
  await db
    .update(jobs)
    .set({ validation: params.validation, updatedAt: new Date() })
    .where(eq(jobs.id, params.id));
}

export async function setReleaseOverride(db: Db, params: { id: string; reason: string }) {
  await db.update(jobs).set({ releaseOverrideReason: params.reason }).where(eq(jobs.id, params.id));
}

export async function setDownloadedAt(db: Db, params: { id: string; at: Date }) {
  await db.update(jobs).set({ downloadedAt: params.at }).where(eq(jobs.id, params.id));
}
