import { z } from 'zod';
import { listJobs as listRows } from '../../../../db/queries/jobs';
import { roleProcedure } from '../../trpc';
import { jobStatus, jobSummaryOutput } from './job-output-schema';

export const listJobs = roleProcedure('analyst', 'security_officer')
  .input(z.object({ statuses: z.array(jobStatus).optional() }).optional())
  .output(z.array(jobSummaryOutput))
  .query(({ ctx, input }) => listRows(ctx.db, { statuses: input?.statuses }));
