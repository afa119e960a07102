import { z } from 'zod';
import { disableUser, enableUser, unlockUser } from '../../../services/users/account-status';
import { roleProcedure } from '../../trpc';

const target = z.object({ userId: z.uuid('Choose a user') });
const done = z.object({ username: z.string() });

export const disable = roleProcedure('admin')
  .input(target)
  .output(done)
  .mutation(({ ctx, input }) => disableUser(ctx.service, input));

export const enable = roleProcedure('admin')
  .input(target)
  .output(done)
  .mutation(({ ctx, input }) => enableUser(ctx.service, input));

export const unlock = roleProcedure('admin')
  .input(target)
  .output(done)
  .mutation(({ ctx, input }) => unlockUser(ctx.service, input));
