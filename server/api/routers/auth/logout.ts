import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { clearedSessionCookie, endSession } from '../../../auth/session';
import { recordAudit } from '../../../services/audit-trail';
import { publicProcedure } from '../../trpc';

/** Ends the session, also a half signed-in one (someone who gives up at the code or new-password step). */
export const logout = publicProcedure.output(z.object({ ok: z.literal(true) })).mutation(async ({ ctx }) => {
  const user = ctx.user ?? ctx.secondFactorOwed?.user ?? ctx.passwordChangeOwed?.user;
  if (!user) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Your session has ended. Please log in again.' });
  }
  await endSession(ctx.db, ctx.sessionToken);
  await recordAudit(
    ctx.db,
    { id: user.id, name: user.displayName, role: user.role, origin: ctx.origin },
    { category: 'security', action: 'logout' },
  );
  ctx.resHeaders?.append('Set-Cookie', clearedSessionCookie());
  return { ok: true as const };
});
