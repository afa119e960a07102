import { z } from 'zod';
import { reopenJobFile as reopen, reopenJobFileInput } from '../../../services/jobs/job-output';
import { roleProcedure } from '../../trpc';

export const reopenJobFile = roleProcedure('security_officer')
  .input(reopenJobFileInput)
  .output(z.object({ fileName: z.string() }))
  .mutation(({ ctx, input }) => reopen(ctx.service, input));
