import { z } from 'zod';
import { listUsers as listRows } from '../../../../db/queries/users';
import { roleProcedure } from '../../trpc';

export const listUsers = roleProcedure('admin')
  .output(
    z.array(
      z.object({
        id: z.string(),
        username: z.string(),
        displayName: z.string(),
        role: z.string(),
        lockedUntil: z.date().nullable(),
        createdAt: z.date(),
      }),
    ),
  )
  .query(({ ctx }) => listRows(ctx.db));
