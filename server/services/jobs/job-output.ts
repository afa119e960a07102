import { listJobOutputFiles } from '../../../db/queries/job-outputs';
import { setDownloadedAt, transitionJob } from '../../../db/queries/jobs';
import { AppError } from '../../errors';
import { readSealedOutput, type OutputKind } from '../../jobs/output/output-store';
import { recordAudit } from '../audit-trail';
import { actorOf, requireRole, type ServiceContext } from '../context';
import { requireJob } from './job-workflow';

/**
 * One of a released job's bureau files (CPS, JSON Lines, manifest), streamed from its sealed
 * copy. Every download is audited with the file's SHA-256; the first moves the job to 'downloaded'.
 */
export async function downloadJobFile(ctx: ServiceContext, jobId: string, kind: OutputKind) {
  requireRole(ctx, 'bureau_operator');
  const job = await requireJob(ctx.db, jobId);
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
  await ctx.db.transaction(async (tx) => {
    if (await transitionJob(tx, { id: job.id, from: ['released'], to: 'downloaded' })) {
      await setDownloadedAt(tx, { id: job.id, at: new Date() });
    }
    await recordAudit(tx, actorOf(ctx), {
      category: 'personalization',
      action: 'job.download',
      objectType: 'job',
      objectId: job.id,
      details: { reference: job.reference, file: file.fileName, bytes: file.bytes, sha256: file.sha256 },
    });
  });
  return {
    fileName: file.fileName,
    bytes: file.bytes,
    sha256: file.sha256,
    body: readSealedOutput(job.id, kind),
  };
}
