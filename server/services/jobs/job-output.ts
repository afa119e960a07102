import { z } from 'zod';
import { listJobOutputFiles, reopenJobOutputFile, takeJobOutputFile } from '../../../db/queries/job-outputs';
import { setDownloadedAt, transitionJob } from '../../../db/queries/jobs';
import { AppError } from '../../errors';
import { outputKinds, readSealedOutput, type OutputKind } from '../../jobs/output/output-store';
import { recordAudit } from '../audit-trail';
import { actorOf, requireRole, type ServiceContext } from '../context';
import { refuse } from '../refusal';
import { requireOperatorJob } from './bureau-access';
import { requireJob } from './job-workflow';

/**
 * One of a released job's bureau files (CPS, JSON Lines, manifest), streamed from its sealed copy,
 * for an operator of the job's bureau. Every download is audited with the file's SHA-256; the first
 * moves the job to 'downloaded'. A one-time job's file is taken by its first download: a second one
 * is refused (and audited) until a security officer re-opens the file.
 */
export async function downloadJobFile(ctx: ServiceContext, jobId: string, kind: OutputKind) {
  requireRole(ctx, 'bureau_operator');
  const { job } = await requireOperatorJob(ctx, jobId, { action: 'job.download', file: kind });
  if (job.status !== 'released' && job.status !== 'downloaded') {
    await recordAudit(ctx.db, actorOf(ctx), {
      category: 'security',
      action: 'job.download',
      objectType: 'job',
      objectId: job.id,
      result: 'refused',
      details: { reference: job.reference, status: job.status, file: kind },
    });
    throw new AppError('FORBIDDEN', `Job ${job.reference} has not been released to the bureau.`);
  }
  const file = (await listJobOutputFiles(ctx.db, { jobId: job.id })).find((f) => f.kind === kind);
  if (!file) throw new AppError('NOT_FOUND', `Job ${job.reference} has no ${kind} file.`);
  const served = await ctx.db.transaction(async (tx) => {
    const first = await takeJobOutputFile(tx, { jobId: job.id, kind, userId: ctx.user.id, at: new Date() });
    if (!first && job.oneTimeDownload) return false;
    if (await transitionJob(tx, { id: job.id, from: ['released'], to: 'downloaded' })) {
      await setDownloadedAt(tx, { id: job.id, at: new Date() });
    }
    await recordAudit(tx, actorOf(ctx), {
      category: 'personalization',
      action: 'job.download',
      objectType: 'job',
      objectId: job.id,
      details: {
        reference: job.reference,
        file: file.fileName,
        bytes: file.bytes,
        sha256: file.sha256,
        ...(job.oneTimeDownload ? { oneTime: true } : {}),
      },
    });
    return true;
  });
  if (!served) {
    const taken = (await listJobOutputFiles(ctx.db, { jobId: job.id })).find((f) => f.kind === kind);
    const by = taken?.takenByName ?? 'someone';
    const at = taken?.takenAt ? ` on ${taken.takenAt.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '';
    return refuse(
      ctx,
      {
        category: 'security',
        action: 'job.download',
        objectType: 'job',
        objectId: job.id,
        details: { reference: job.reference, file: file.fileName, oneTime: true },
      },
      'CONFLICT',
      `${file.fileName} of job ${job.reference} can be downloaded only once, and ${by} downloaded it${at}. If that transfer failed, ask a security officer to re-open the file.`,
    );
  }
  return {
    fileName: file.fileName,
    bytes: file.bytes,
    sha256: file.sha256,
    body: readSealedOutput(job.id, kind),
  };
}

export const reopenJobFileInput = z.object({
  jobId: z.uuid(),
  kind: z.enum(outputKinds),
  reason: z
    .string()
    .trim()
    .min(20, 'Say in at least 20 characters why the file must be downloaded again')
    .max(1000),
});
export type ReopenJobFileInput = z.input<typeof reopenJobFileInput>;

/**
 * A failed transfer of a one-time file: a security officer makes it downloadable once more, with a
 * written reason (an alert in the audit trail, naming who had taken it and when).
 */
export async function reopenJobFile(ctx: ServiceContext, rawInput: ReopenJobFileInput) {
  requireRole(ctx, 'security_officer');
  const input = reopenJobFileInput.parse(rawInput);
  const job = await requireJob(ctx.db, input.jobId);
  if (!job.oneTimeDownload) {
    throw new AppError(
      'CONFLICT',
      `Job ${job.reference} is not a one-time download: its files can be downloaded again as they are.`,
    );
  }
  const file = (await listJobOutputFiles(ctx.db, { jobId: job.id })).find((f) => f.kind === input.kind);
  if (!file) throw new AppError('NOT_FOUND', `Job ${job.reference} has no ${input.kind} file.`);
  const takenAt = file.takenAt;
  if (!takenAt) {
    throw new AppError(
      'CONFLICT',
      `${file.fileName} has not been downloaded yet: there is nothing to re-open.`,
    );
  }
  await ctx.db.transaction(async (tx) => {
    if (!(await reopenJobOutputFile(tx, { jobId: job.id, kind: input.kind }))) {
      throw new AppError('CONFLICT', `${file.fileName} was re-opened meanwhile: reload the job.`);
    }
    await recordAudit(tx, actorOf(ctx), {
      category: 'alert',
      action: 'job.file-reopen',
      objectType: 'job',
      objectId: job.id,
      details: {
        reference: job.reference,
        file: file.fileName,
        takenBy: file.takenByName,
        takenAt: takenAt.toISOString(),
        reason: input.reason,
      },
    });
  });
  return { fileName: file.fileName };
}
