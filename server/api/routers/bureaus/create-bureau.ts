import { createBureau as create, createBureauInput } from '../../../services/bureaus/manage-bureaus';
import { roleProcedure } from '../../trpc';
import { bureauOutput } from './bureau-output-schema';

export const createBureau = roleProcedure('admin')
  .input(createBureauInput)
  .output(bureauOutput)
  .mutation(async ({ ctx, input }) => {
    const { id, code, name, active, createdAt } = await create(ctx.service, input);
    return { id, code, name, active, createdAt };
  });
