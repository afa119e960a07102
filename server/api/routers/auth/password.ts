import { z } from 'zod';
import { changeTemporaryPassword } from '../../../auth/password-change';
import { maxPasswordLength } from '../../../auth/password-policy';
import { passwordChangeProcedure, publicProcedure, router } from '../../trpc';

/** For the new-password page: whose sign-in waits for a password of their own. */
const status = publicProcedure
  .output(z.object({ username: z.string(), displayName: z.string() }).nullable())
  .query(({ ctx }) => {
    const owed = ctx.passwordChangeOwed;
    if (!owed) return null;
    return { username: owed.user.username, displayName: owed.user.displayName };
  });

/** The temporary password becomes the user's own; the answer says what the sign-in still needs. */
const change = passwordChangeProcedure
  .input(z.object({ password: z.string().min(1, 'Enter a new password').max(maxPasswordLength) }))
  .output(z.object({ secondFactor: z.enum(['none', 'enroll', 'code']) }))
  .mutation(({ ctx, input }) => changeTemporaryPassword(ctx.pending, input));

export const passwordRouter = router({ status, change });
