import type { Db } from '../../../db/client';
import { findBureau } from '../../../db/queries/bureaus';
import {
  findJob,
  insertJobApproval,
  listJobApprovals,
  lockJob,
  setReleaseOverride,
  transitionJob,
  type JobRow,
  type JobStatus,
} from '../../../db/queries/jobs';
import { countRecordsWithProblems } from '../../../db/queries/job-outputs';
import { AppError } from '../../errors';
import { recordAudit } from '../audit-trail';
import { actorOf, requireRole, type ServiceContext } from '../context';

export const requiredApprovals = 2;

/** The answer for a job that does not exist, and for a bureau operator asking for another bureau's. */
export const jobNotFound = 'This job does not exist.';

export async function requireJob(db: Db, id: string): Promise<JobRow> {
  const job = await findJob(db, { id });
  if (!job) throw new AppError('NOT_FOUND', jobNotFound);
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

/**
 * A separate officer (not the maker) releases the job's files to the bureau: a profile job once its
 * sample passed validation on the virtual card, or, when some sampled card failed, with a written
 * reason (an alert in the audit trail). A record that failed its checks blocks the release.
 */
export async function releaseJob(
  ctx: ServiceContext,
  jobId: string,
  overrideReason?: string,
): Promise<JobRow> {
  const job = await requireJob(ctx.db, jobId);
  if (job.createdBy === ctx.user.id) {
    return refuse(ctx, job, 'job.release', 'You created this job; another officer must release it.');
  }
  requireRole(ctx, 'security_officer');
  if (!job.profileVersionId) {
    throw new AppError(
      'CONFLICT',
      `Job ${job.reference} was made before card profiles and has no bureau files; create it again from a profile version.`,
    );
  }
  const bureau = job.bureauId ? await findBureau(ctx.db, { id: job.bureauId }) : null;
  if (bureau && !bureau.active) {
    return refuse(
      ctx,
      job,
      'job.release',
      `Job ${job.reference} is for bureau ${bureau.code}, which has been deactivated: none of its operators could download the files. Create a new job for an active bureau.`,
    );
  }
  const withProblems = await countRecordsWithProblems(ctx.db, { jobId: job.id });
  if (withProblems > 0) {
    return refuse(
      ctx,
      job,
      'job.release',
      `${withProblems} prepared record${withProblems === 1 ? ' has' : 's have'} failed the checks; the job cannot be released.`,
    );
  }
  if (job.status === 'validated') return move(ctx, job, ['validated'], 'released', 'job.release');
  if (job.status === 'prepared' && job.validation === null) {
    throw new AppError('CONFLICT', `Job ${job.reference} is still being validated on the virtual card.`);
  }
  if (job.status === 'prepared' && job.validation && job.validation.failed > 0) {
    const reason = (overrideReason ?? '').trim();
    if (reason.length < 20) {
      return refuse(
        ctx,
        job,
        'job.release',
        `${job.validation.failed} sampled card${job.validation.failed === 1 ? '' : 's'} failed validation on the virtual card: release only with a written reason of at least 20 characters.`,
      );
    }
    return ctx.db.transaction(async (tx) => {
      const moved = await move({ ...ctx, db: tx }, job, ['prepared'], 'released', 'job.release', {
        overrideReason: reason,
        failedCards: job.validation!.failed,
      });
      await setReleaseOverride(tx, { id: job.id, reason });
      await recordAudit(tx, actorOf(ctx), {
        category: 'alert',
        action: 'job.release-override',
        objectType: 'job',
        objectId: job.id,
        details: { reference: job.reference, reason, failedCards: job.validation!.failed },
      });
      return moved;
    });
  }
  return move(ctx, job, ['validated'], 'released', 'job.release');
}

export async function cancelJob(ctx: ServiceContext, jobId: string): Promise<JobRow> {
  const job = await requireJob(ctx.db, jobId);
  if (job.createdBy !== ctx.user.id) {
    return refuse(ctx, job, 'job.cancel', 'Only the analyst who created this job can cancel it.');
  }
  requireRole(ctx, 'analyst');
  // A running job stops after the chunk in hand: the workers check the status before each chunk.
  return move(ctx, job, ['draft', 'submitted', 'approved', 'running'], 'cancelled', 'job.cancel');
}
