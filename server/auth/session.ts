import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/client';
import {
  deleteSession,
  findSessionWithUser,
  insertSession,
  touchSession,
  type UserRow,
} from '../../db/queries/users';

export const sessionCookieName = 'dataprep_session';
export const idleTimeoutMs = 15 * 60 * 1000;
/** However active, a session ends after a working day. */
export const maxSessionMs = 8 * 60 * 60 * 1000;

export type SessionUser = Pick<UserRow, 'id' | 'username' | 'displayName' | 'role'>;

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(db: Db, userId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await insertSession(db, { tokenHash: hashToken(token), userId });
  return token;
}

/** The user behind a session cookie, or null when there is none or it sat idle past the timeout. */
export async function resolveSession(db: Db, token: string | undefined): Promise<SessionUser | null> {
  if (!token) return null;
  const tokenHash = hashToken(token);
  const found = await findSessionWithUser(db, { tokenHash });
  if (!found) return null;
  const now = new Date();
  if (
    now.getTime() - found.session.lastSeenAt.getTime() > idleTimeoutMs ||
    now.getTime() - found.session.createdAt.getTime() > maxSessionMs
  ) {
    await deleteSession(db, { tokenHash });
    return null;
  }
  await touchSession(db, { tokenHash, now });
  const { id, username, displayName, role } = found.user;
  return { id, username, displayName, role };
}

export async function endSession(db: Db, token: string | undefined): Promise<void> {
  if (token) await deleteSession(db, { tokenHash: hashToken(token) });
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
