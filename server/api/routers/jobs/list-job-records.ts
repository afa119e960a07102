import { z } from 'zod';
import { previewJobRecords } from '../../../services/jobs/job-records';
import { roleProcedure } from '../../trpc';
import { builtDgi } from '../profiles/profile-output-schema';

const maskedPan = z.string().regex(/^\d{6}\*+\d{4}$/);

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
      cards: z.array(
        z.object({
          rowNumber: z.number(),
          panMasked: maskedPan,
          problems: z.array(z.string()),
          surface: z.object({
            embossing: z.array(z.object({ name: z.string(), text: z.string() })),
            track1: z.string().optional(),
            track2: z.string().optional(),
          }),
          applications: z.array(
            z.object({
              name: z.string(),
              aid: z.string(),
              kekKcv: z.string(),
              dgis: z.array(builtDgi.omit({ data: true, bytes: true })),
            }),
          ),
        }),
      ),
    }),
  )
  .query(({ ctx, input }) => previewJobRecords(ctx.db, input));
