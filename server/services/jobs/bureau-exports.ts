import { listJobOutputFiles } from '../../../db/queries/job-outputs';
import { listJobs } from '../../../db/queries/jobs';
import { requireRole, type ServiceContext } from '../context';
import { operatorBureau } from './bureau-access';

/** What a bureau operator sees: their own bureau's released jobs, their files, and who took which. */
export async function listBureauExports(ctx: ServiceContext) {
  requireRole(ctx, 'bureau_operator');
  const bureau = await operatorBureau(ctx);
  const jobs = await listJobs(ctx.db, { statuses: ['released', 'downloaded'], bureauId: bureau.id });
  return Promise.all(
    jobs.map(async (job) => ({
      id: job.id,
      reference: job.reference,
      status: job.status as 'released' | 'downloaded',
      records: job.preparedRows,
      updatedAt: job.updatedAt,
      oneTimeDownload: job.oneTimeDownload,
      files: (await listJobOutputFiles(ctx.db, { jobId: job.id })).map(
        ({ kind, fileName, bytes, sha256, takenAt, takenByName }) => ({
          kind,
          fileName,
          bytes,
          sha256,
          taken: takenAt ? { at: takenAt, by: takenByName ?? 'unknown' } : null,
        }),
      ),
    })),
  );
}
