import { z } from 'zod';
import { listUsers as listRows } from '../../../../db/queries/users';
import { needsSecondFactor } from '../../../auth/session';
import { roleProcedure } from '../../trpc';

export const listUsers = roleProcedure('admin')
  .output(
    z.array(
      z.object({
        id: z.string(),
        username: z.string(),
        displayName: z.string(),
        role: z.string(),
        /** The bureau of a bureau operator (null for other roles, and for an operator not yet assigned). */
        bureauId: z.string().nullable(),
        bureauCode: z.string().nullable(),
        lockedUntil: z.date().nullable(),
        disabledAt: z.date().nullable(),
        /** The user still has a temporary password from an administrator (never the password itself). */
        passwordChangeRequired: z.boolean(),
        /** Whether the role signs in with a TOTP code, and whether the user's app is set up (never the secret). */
        secondFactor: z.enum(['not required', 'not set up', 'set up']),
        createdAt: z.date(),
      }),
    ),
  )
  .query(async ({ ctx }) =>
    (await listRows(ctx.db)).map(({ totpConfirmedAt, ...user }) => ({
      ...user,
      secondFactor: !needsSecondFactor(user.role)
        ? ('not required' as const)
        : totpConfirmedAt
          ? ('set up' as const)
          : ('not set up' as const),
    })),
  );
