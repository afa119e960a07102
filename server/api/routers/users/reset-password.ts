import { z } from 'zod';
import { temporaryPasswordPattern } from '../../../auth/password-policy';
import { resetUserPassword } from '../../../services/users/reset-user-password';
import { roleProcedure } from '../../trpc';

/** The new temporary password is in the answer once, for the administrator to hand over. */
export const resetPassword = roleProcedure('admin')
  .input(z.object({ userId: z.uuid('Choose a user') }))
  .output(z.object({ username: z.string(), temporaryPassword: z.string().regex(temporaryPasswordPattern) }))
  .mutation(({ ctx, input }) => resetUserPassword(ctx.service, input));
