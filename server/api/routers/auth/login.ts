import { z } from 'zod';
import { login as loginUser } from '../../../auth/login';
import { sessionCookie } from '../../../auth/session';
import { publicProcedure } from '../../trpc';

export const loginInput = z.object({
  username: z.string().trim().min(1, 'Enter your user name').max(64),
  password: z.string().min(1, 'Enter your password').max(256),
});

export const sessionUserOutput = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(['analyst', 'security_officer', 'bureau_operator', 'auditor', 'admin']),
});

export const login = publicProcedure
  .input(loginInput)
  .output(
    sessionUserOutput.extend({
      /** What the session still needs before it opens anything: a TOTP enrollment or a code. */
      secondFactor: z.enum(['none', 'enroll', 'code']),
      /** The password was a temporary one: the user sets their own first (before any second factor). */
      passwordChange: z.boolean(),
    }),
  )
  .mutation(async ({ ctx, input }) => {
    const { token, user, secondFactor, passwordChange } = await loginUser(ctx.db, {
      ...input,
      origin: ctx.origin,
      previousToken: ctx.sessionToken,
    });
    ctx.resHeaders?.append('Set-Cookie', sessionCookie(token, ctx.secureCookies));
    return { ...user, secondFactor, passwordChange };
  });
