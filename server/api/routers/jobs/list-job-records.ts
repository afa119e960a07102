import { z } from 'zod';
import { previewJobRecords } from '../../../services/jobs/job-records';
import { roleProcedure } from '../../trpc';

/** No cryptogram leaves through this procedure: secrets are described, not shown. */
export const listJobRecords = roleProcedure('analyst', 'security_officer')
  .input(
    z.object({
      jobId: z.uuid(),
      page: z.number().int().min(1).default(1),
      pageSize: z.number().int().min(1).max(100).default(20),
    }),
  )
  .output(
    z.object({
      total: z.number(),
      records: z.array(
        z.object({
          rowNumber: z.number(),
          panMasked: z.string().regex(/^\d{6}\*+\d{4}$/),
          aid: z.string(),
          tags: z.array(z.object({ tag: z.string(), name: z.string(), value: z.string() })),
          secrets: z.array(z.object({ name: z.string(), kcv: z.string(), protection: z.string() })),
        }),
      ),
    }),
  )
  .query(({ ctx, input }) => previewJobRecords(ctx.db, input));
