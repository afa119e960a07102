import { z } from 'zod';
import { deactivateBureau as deactivate } from '../../../services/bureaus/manage-bureaus';
import { roleProcedure } from '../../trpc';
import { bureauOutput } from './bureau-output-schema';

export const deactivateBureau = roleProcedure('admin')
  .input(z.object({ bureauId: z.uuid('Choose a bureau') }))
  .output(bureauOutput)
  .mutation(async ({ ctx, input }) => {
    const { id, code, name, active, createdAt } = await deactivate(ctx.service, input);
    return { id, code, name, active, createdAt };
  });
