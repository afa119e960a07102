import { z } from 'zod';
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
      }),
    ),
  )
  .query(async ({ ctx }) =>
    (await listJobs(ctx.db, { statuses: ['released', 'downloaded'] })).map((job) => ({
      id: job.id,
      reference: job.reference,
      status: job.status as 'released' | 'downloaded',
      records: job.preparedRows,
      updatedAt: job.updatedAt,
    })),
  );
