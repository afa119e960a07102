import { z } from 'zod';
import { createJob as create, createJobInput } from '../../../services/jobs/create-job';
import { roleProcedure } from '../../trpc';

export const createJob = roleProcedure('analyst')
  .input(createJobInput)
  .output(
    z.object({ id: z.string(), reference: z.string(), acceptedRows: z.number(), rejectedRows: z.number() }),
  )
  .mutation(async ({ ctx, input }) => {
    const job = await create(ctx.service, input);
    return {
      id: job.id,
      reference: job.reference,
      acceptedRows: job.acceptedRows,
      rejectedRows: job.rejectedRows,
    };
  });
