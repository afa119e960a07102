import { findBureau, type BureauRow } from '../../../db/queries/bureaus';
import { findJob, type JobRow } from '../../../db/queries/jobs';
import { findUserById } from '../../../db/queries/users';
import { AppError } from '../../errors';
import { recordAudit } from '../audit-trail';
import type { ServiceContext } from '../context';
import { actorOf } from '../context';
import { jobNotFound } from './job-workflow';

/** The active bureau a bureau operator works for, or a refusal that says what to ask for. */
export async function operatorBureau(ctx: ServiceContext): Promise<BureauRow> {
  const user = await findUserById(ctx.db, { id: ctx.user.id });
  const bureau = user?.bureauId ? await findBureau(ctx.db, { id: user.bureauId }) : null;
  if (!bureau) {
    throw new AppError(
      'FORBIDDEN',
      'Your account belongs to no bureau yet: ask an administrator to assign you to your bureau.',
    );
  }
  if (!bureau.active) {
    throw new AppError(
      'FORBIDDEN',
      `Your bureau ${bureau.code} has been deactivated: its files can no longer be downloaded. Ask an administrator.`,
    );
  }
  return bureau;
}

/**
 * A job as a bureau operator may reach it: one of their own bureau's. Another bureau's job (or a job
 * made before bureaus) gets exactly the answer of a job that does not exist, so a swapped id tells
 * nothing, and the attempt is recorded as a security event.
 */
export async function requireOperatorJob(
  ctx: ServiceContext,
  jobId: string,
  attempt: { action: string; file?: string },
): Promise<{ job: JobRow; bureau: BureauRow }> {
  const bureau = await operatorBureau(ctx);
  const job = await findJob(ctx.db, { id: jobId });
  if (!job) throw new AppError('NOT_FOUND', jobNotFound);
  if (job.bureauId !== bureau.id) {
    await recordAudit(ctx.db, actorOf(ctx), {
      category: 'security',
      action: attempt.action,
      objectType: 'job',
      objectId: job.id,
      result: 'refused',
      details: {
        reference: job.reference,
        reason: 'The job is for another bureau.',
        operatorBureau: bureau.code,
        ...(attempt.file ? { file: attempt.file } : {}),
      },
    });
    throw new AppError('NOT_FOUND', jobNotFound);
  }
  return { job, bureau };
}
