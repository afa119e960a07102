import { z } from 'zod';
import { listJobOutputFiles } from '../../../../db/queries/job-outputs';
import { listJobs } from '../../../../db/queries/jobs';
import { roleProcedure } from '../../trpc';

/** What a bureau operator sees: released jobs and nothing of their content. */
export const listReleasedJobs = roleProcedure('bureau_operator')
  .output(
    z.array(
      z.object({
        id: z.string(),
        reference: z.string(),
        status: z.enum(['released', 'downloaded']),
        records: z.number(),
        updatedAt: z.date(),
        /** The job's bureau files (CPS, JSON Lines, manifest), each downloaded from /api/jobs/<id>/files/<kind>. */
        files: z.array(
          z.object({ kind: z.string(), fileName: z.string(), bytes: z.number(), sha256: z.string() }),
        ),
      }),
    ),
  )
  .query(async ({ ctx }) =>
    Promise.all(
      (await listJobs(ctx.db, { statuses: ['released', 'downloaded'] })).map(async (job) => ({
        id: job.id,
        reference: job.reference,
        status: job.status as 'released' | 'downloaded',
        records: job.preparedRows,
        updatedAt: job.updatedAt,
        files: (await listJobOutputFiles(ctx.db, { jobId: job.id })).map(
          ({ kind, fileName, bytes, sha256 }) => ({
            kind,
            fileName,
            bytes,
            sha256,
          }),
        ),
      })),
    ),
  );
