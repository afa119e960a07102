import { z } from 'zod';
import { listBureauExports } from '../../../services/jobs/bureau-exports';
import { roleProcedure } from '../../trpc';
import { outputFileSummary } from '../jobs/job-output-schema';

/** What a bureau operator sees: their bureau's released jobs and nothing of their content. */
export const listReleasedJobs = roleProcedure('bureau_operator')
  .output(
    z.array(
      z.object({
        id: z.string(),
        reference: z.string(),
        status: z.enum(['released', 'downloaded']),
        records: z.number(),
        updatedAt: z.date(),
        oneTimeDownload: z.boolean(),
        /** The job's bureau files (CPS, JSON Lines, manifest), each downloaded from /api/jobs/<id>/files/<kind>. */
        files: z.array(outputFileSummary),
      }),
    ),
  )
  .query(({ ctx }) => listBureauExports(ctx.service));
