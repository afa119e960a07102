import { z } from 'zod';
import { resetUserTotp } from '../../../services/reset-user-totp';
import { roleProcedure } from '../../trpc';

export const resetTotp = roleProcedure('admin')
  .input(z.object({ userId: z.uuid('Choose a user') }))
  .output(z.object({ username: z.string() }))
  .mutation(({ ctx, input }) => resetUserTotp(ctx.service, input));
