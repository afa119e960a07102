import { z } from 'zod';
import { assignOperatorBureau } from '../../../services/bureaus/assign-operator-bureau';
import { roleProcedure } from '../../trpc';

export const setBureau = roleProcedure('admin')
  .input(z.object({ userId: z.uuid('Choose a user'), bureauId: z.uuid('Choose a bureau') }))
  .output(z.object({ username: z.string(), bureauCode: z.string() }))
  .mutation(({ ctx, input }) => assignOperatorBureau(ctx.service, input));
