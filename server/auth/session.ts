import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/client';
import {
  deleteOtherSessionsOfUser,
  deleteSession,
  findSessionWithUser,
  insertSession,
  markSecondFactor,
  touchSession,
  type UserRow,
} from '../../db/queries/users';
import { secondFactorRoles } from './roles';

export const sessionCookieName = 'dataprep_session';
export const idleTimeoutMs = 15 * 60 * 1000;
/** However active, a session ends after a working day. */
export const maxSessionMs = 8 * 60 * 60 * 1000;

export type SessionUser = Pick<UserRow, 'id' | 'username' | 'displayName' | 'role'>;

/**
 * A live session: signed in, or half signed in (the password was right, but the user's role needs a
 * TOTP code too and the session has not had one yet). A half signed-in session opens nothing but the
 * second-factor step.
 */
export type ResolvedSession =
  | { state: 'signed-in'; user: SessionUser }
  | { state: 'password-change-owed'; user: SessionUser }
  | { state: 'second-factor-owed'; user: SessionUser; totpEnrolled: boolean };

export function needsSecondFactor(role: SessionUser['role']): boolean {
  return secondFactorRoles.includes(role);
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(db: Db, userId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await insertSession(db, { tokenHash: hashToken(token), userId });
  return token;
}

/**
 * The session behind a cookie, or null when there is none, it sat idle past the timeout, or its
 * account was disabled. A temporary password is changed first, then the second factor is owed.
 */
export async function resolveSession(db: Db, token: string | undefined): Promise<ResolvedSession | null> {
  if (!token) return null;
  const tokenHash = hashToken(token);
  const found = await findSessionWithUser(db, { tokenHash });
  if (!found) return null;
  const now = new Date();
  if (
    now.getTime() - found.session.lastSeenAt.getTime() > idleTimeoutMs ||
    now.getTime() - found.session.createdAt.getTime() > maxSessionMs ||
    found.user.disabledAt
  ) {
    await deleteSession(db, { tokenHash });
    return null;
  }
  await touchSession(db, { tokenHash, now });
  const { id, username, displayName, role, totpConfirmedAt } = found.user;
  const user = { id, username, displayName, role };
  if (found.user.passwordChangeRequired) return { state: 'password-change-owed', user };
  if (needsSecondFactor(role) && !found.session.secondFactorAt) {
    return { state: 'second-factor-owed', user, totpEnrolled: totpConfirmedAt !== null };
  }
  return { state: 'signed-in', user };
}

/** The session passed its second factor: from now on it is signed in. */
export async function completeSecondFactor(db: Db, token: string, at: Date): Promise<void> {
  await markSecondFactor(db, { tokenHash: hashToken(token), at });
}

export async function endSession(db: Db, token: string | undefined): Promise<void> {
  if (token) await deleteSession(db, { tokenHash: hashToken(token) });
}

/** Every session of the user but this one (a password change signs the user out elsewhere). */
export async function endOtherSessions(db: Db, params: { userId: string; keepToken: string }): Promise<void> {
  await deleteOtherSessionsOfUser(db, { userId: params.userId, keepTokenHash: hashToken(params.keepToken) });
}

export function sessionCookie(token: string, secure: boolean): string {
  return [
    `${sessionCookieName}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${maxSessionMs / 1000}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedSessionCookie(): string {
  return `${sessionCookieName}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;
}

export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}
