import { z } from 'zod';
import { roleEnum } from '../../../../db/schema/users';
import { temporaryPasswordPattern, usernameSchema } from '../../../auth/password-policy';
import { createUser as createAccount } from '../../../services/users/create-user';
import { roleProcedure } from '../../trpc';

export const createUserInput = z.object({
  username: usernameSchema,
  displayName: z.string().trim().min(1, 'Enter the person’s name').max(80, 'Use at most 80 characters'),
  role: z.enum(roleEnum.enumValues, 'Choose a role'),
  bureauId: z.uuid('Choose a bureau').nullable().default(null),
});

/** The temporary password is in the answer once, and nowhere else (not stored in clear, not audited). */
export const createUser = roleProcedure('admin')
  .input(createUserInput)
  .output(
    z.object({
      id: z.string(),
      username: z.string(),
      temporaryPassword: z.string().regex(temporaryPasswordPattern),
    }),
  )
  .mutation(({ ctx, input }) => createAccount(ctx.service, input));
