import { readCookie, resolveSession, sessionCookieName, type ResolvedSession } from '../auth/session';
import { database } from '../db/database';
import type { TrpcContext } from './trpc';

/** Builds the tRPC context from a request's headers: the session user, the client's address. */
export async function createContextFromHeaders(
  headers: Headers,
  resHeaders: Headers | null,
): Promise<TrpcContext> {
  const { db } = await database();
  const sessionToken = readCookie(headers.get('cookie'), sessionCookieName);
  const session = await resolveSession(db, sessionToken);
  const forwarded = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  return {
    db,
    ...sessionContext(session),
    sessionToken,
    origin: forwarded || headers.get('x-real-ip') || 'local',
    secureCookies: headers.get('x-forwarded-proto') === 'https',
    resHeaders,
  };
}

/** Who the session is, for the procedures: signed in, or half signed in and owing which step. */
export function sessionContext(
  session: ResolvedSession | null,
): Pick<TrpcContext, 'user' | 'secondFactorOwed' | 'passwordChangeOwed'> {
  return {
    user: session?.state === 'signed-in' ? session.user : null,
    secondFactorOwed:
      session?.state === 'second-factor-owed'
        ? { user: session.user, totpEnrolled: session.totpEnrolled }
        : null,
    passwordChangeOwed: session?.state === 'password-change-owed' ? { user: session.user } : null,
  };
}
