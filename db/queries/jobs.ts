import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { cardRecords, cardTemplates, jobApprovals, jobCards, jobRejections, jobs, users } from '../schema';

export type JobRow = typeof jobs.$inferSelect;
export type JobStatus = JobRow['status'];

export async function insertJob(db: Db, params: typeof jobs.$inferInsert) {
  const [row] = await db.insert(jobs).values(params).returning();
  return row!;
}

export async function insertJobCards(db: Db, params: (typeof jobCards.$inferInsert)[]) {
  for (let i = 0; i < params.length; i += 500) {
    await db.insert(jobCards).values(params.slice(i, i + 500));
  }
}

export async function insertJobRejections(db: Db, params: (typeof jobRejections.$inferInsert)[]) {
  for (let i = 0; i < params.length; i += 500) {
    await db.insert(jobRejections).values(params.slice(i, i + 500));
  }
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
      cardTemplateName: cardTemplates.name,
      cardTemplateVersion: cardTemplates.version,
    })
    .from(jobs)
    .innerJoin(users, eq(users.id, jobs.createdBy))
    .innerJoin(cardTemplates, eq(cardTemplates.id, jobs.cardTemplateId))
    .where(params.statuses?.length ? inArray(jobs.status, params.statuses) : undefined)
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
    .orderBy(asc(jobRejections.rowNumber), asc(jobRejections.field));
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
