import type { Db } from '../../../db/client';
import {
  findJob,
  insertJobApproval,
  listJobApprovals,
  lockJob,
  transitionJob,
  type JobRow,
  type JobStatus,
} from '../../../db/queries/jobs';
import { AppError } from '../../errors';
import { recordAudit } from '../audit-trail';
import { actorOf, requireRole, type ServiceContext } from '../context';

export const requiredApprovals = 2;

export async function requireJob(db: Db, id: string): Promise<JobRow> {
  const job = await findJob(db, { id });
  if (!job) throw new AppError('NOT_FOUND', 'This job does not exist.');
  return job;
}

async function refuse(ctx: ServiceContext, job: JobRow, action: string, message: string): Promise<never> {
  await recordAudit(ctx.db, actorOf(ctx), {
    category: 'security',
    action,
    objectType: 'job',
    objectId: job.id,
    result: 'refused',
    details: { reference: job.reference, reason: message },
  });
  throw new AppError('FORBIDDEN', message);
}

async function move(
  ctx: ServiceContext,
  job: JobRow,
  from: JobStatus[],
  to: JobStatus,
  action: string,
  details: Record<string, unknown> = {},
): Promise<JobRow> {
  return ctx.db.transaction(async (tx) => {
    const moved = await transitionJob(tx, { id: job.id, from, to });
    if (!moved) {
      throw new AppError('CONFLICT', `Job ${job.reference} is ${job.status}; it cannot be ${to} now.`);
    }
    await recordAudit(tx, actorOf(ctx), {
      category: 'personalization',
      action,
      objectType: 'job',
      objectId: job.id,
      details: { reference: job.reference, from: job.status, to, ...details },
    });
    return moved;
  });
}

/** The maker sends a draft to the officers. */
export async function submitJob(ctx: ServiceContext, jobId: string): Promise<JobRow> {
  const job = await requireJob(ctx.db, jobId);
  if (job.createdBy !== ctx.user.id) {
    return refuse(ctx, job, 'job.submit', 'Only the analyst who created this job can submit it.');
  }
  requireRole(ctx, 'analyst');
  if (job.acceptedRows === 0) {
    throw new AppError('CONFLICT', 'This job has no accepted cards: fix the file and create a new job.');
  }
  if (job.rejectedRows > 0 && job.rejectionPolicy === 'all-or-nothing') {
    throw new AppError(
      'CONFLICT',
      `${job.rejectedRows} row(s) were rejected and this job is all-or-nothing: fix the file and create a new job, or create it with "accept valid rows" and a reason.`,
    );
  }
  return move(ctx, job, ['draft'], 'submitted', 'job.submit');
}

/**
 * Dual control: two distinct security officers, neither of them the maker, each approving the same
 * subject hash. Returns the job and whether this approval completed the pair.
 */
export async function approveJob(
  ctx: ServiceContext,
  jobId: string,
): Promise<{ job: JobRow; approvals: number; complete: boolean }> {
  const job = await requireJob(ctx.db, jobId);
  if (job.createdBy === ctx.user.id) {
    return refuse(ctx, job, 'job.approve', 'You created this job; its approvers must be two other officers.');
  }
  requireRole(ctx, 'security_officer');
  if (job.status !== 'submitted') {
    throw new AppError(
      'CONFLICT',
      `Job ${job.reference} is ${job.status}; only a submitted job can be approved.`,
    );
  }
  const previous = await listJobApprovals(ctx.db, { jobId });
  if (previous.some((approval) => approval.officerId === ctx.user.id)) {
    return refuse(
      ctx,
      job,
      'job.approve',
      'You have already approved this job; a second officer must approve it.',
    );
  }
  return ctx.db.transaction(async (tx) => {
    const locked = await lockJob(tx, { id: jobId });
    if (locked?.status !== 'submitted' || locked.approvalSubject !== job.approvalSubject) {
      throw new AppError(
        'CONFLICT',
        `Job ${job.reference} changed while you approved it; reload and check it again.`,
      );
    }
    const inserted = await insertJobApproval(tx, {
      jobId,
      officerId: ctx.user.id,
      approvalSubject: job.approvalSubject,
    });
    if (!inserted) throw new AppError('CONFLICT', 'You have already approved this job.');
    const approvals = (await listJobApprovals(tx, { jobId })).filter(
      (approval) => approval.approvalSubject === job.approvalSubject,
    ).length;
    await recordAudit(tx, actorOf(ctx), {
      category: 'personalization',
      action: 'job.approve',
      objectType: 'job',
      objectId: job.id,
      details: { reference: job.reference, approvalSubject: job.approvalSubject, approvals },
    });
    if (approvals < requiredApprovals) return { job, approvals, complete: false };
    const approved = await transitionJob(tx, { id: job.id, from: ['submitted'], to: 'approved' });
    if (!approved) throw new AppError('CONFLICT', `Job ${job.reference} changed while you approved it.`);
    await recordAudit(tx, actorOf(ctx), {
      category: 'personalization',
      action: 'job.approved',
      objectType: 'job',
      objectId: job.id,
      details: { reference: job.reference, from: 'submitted', to: 'approved' },
    });
    return { job: approved, approvals, complete: true };
  });
}

/** Release to the bureau: a separate officer action, after preparation. */
export async function releaseJob(ctx: ServiceContext, jobId: string): Promise<JobRow> {
  const job = await requireJob(ctx.db, jobId);
  if (job.createdBy === ctx.user.id) {
    return refuse(ctx, job, 'job.release', 'You created this job; another officer must release it.');
  }
  requireRole(ctx, 'security_officer');
  return move(ctx, job, ['prepared'], 'released', 'job.release');
}

export async function cancelJob(ctx: ServiceContext, jobId: string): Promise<JobRow> {
  const job = await requireJob(ctx.db, jobId);
  if (job.createdBy !== ctx.user.id) {
    return refuse(ctx, job, 'job.cancel', 'Only the analyst who created this job can cancel it.');
  }
  requireRole(ctx, 'analyst');
  return move(ctx, job, ['draft', 'submitted'], 'cancelled', 'job.cancel');
}
