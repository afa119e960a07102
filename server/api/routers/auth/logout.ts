import { z } from 'zod';
import { clearedSessionCookie, endSession } from '../../../auth/session';
import { recordAudit } from '../../../services/audit-trail';
import { actorOf } from '../../../services/context';
import { protectedProcedure } from '../../trpc';

export const logout = protectedProcedure
  .output(z.object({ ok: z.literal(true) }))
  .mutation(async ({ ctx }) => {
    await endSession(ctx.db, ctx.sessionToken);
    await recordAudit(ctx.db, actorOf(ctx.service), { category: 'security', action: 'logout' });
    ctx.resHeaders?.append('Set-Cookie', clearedSessionCookie());
    return { ok: true as const };
  });
