import type { Db } from '../../db/client';
import { countFailedLogin, findUserByUsername, setLoginFailures } from '../../db/queries/users';
import { AppError } from '../errors';
import { recordAudit } from '../services/audit-trail';
import { decoyPasswordHash, verifyPassword } from './password';
import { createSession, endSession, type SessionUser } from './session';

export const maxFailedLogins = 5;
export const lockoutMs = 15 * 60 * 1000;

/**
 * Checks a password and opens a new session (a fresh id at every login, so a planted cookie is
 * useless). Every failure is a security audit event; five in a row lock the account for 15 minutes.
 */
export async function login(
  db: Db,
  params: { username: string; password: string; origin: string; previousToken?: string },
): Promise<{ token: string; user: SessionUser }> {
  const user = await findUserByUsername(db, { username: params.username });
  const refused = new AppError('UNAUTHENTICATED', 'Unknown user name or wrong password.');
  const anonymous = { id: null, name: params.username, role: 'anonymous', origin: params.origin };
  if (!user) {
    await verifyPassword(await decoyPasswordHash, params.password);
    await recordAudit(db, anonymous, {
      category: 'security',
      action: 'login',
      result: 'refused',
      details: { reason: 'unknown user' },
    });
    throw refused;
  }
  const actor = { id: user.id, name: user.displayName, role: user.role, origin: params.origin };
  if (user.lockedUntil && user.lockedUntil > new Date()) {
    await recordAudit(db, actor, {
      category: 'security',
      action: 'login',
      result: 'refused',
      details: { reason: 'account locked' },
    });
    throw new AppError(
      'LOCKED',
      `This account is locked after ${maxFailedLogins} failed logins. Try again after ${user.lockedUntil.toISOString().slice(11, 16)} UTC or ask an administrator.`,
    );
  }
  if (!(await verifyPassword(user.passwordHash, params.password))) {
    const counted = await countFailedLogin(db, {
      userId: user.id,
      lockAfter: maxFailedLogins,
      lockUntil: new Date(Date.now() + lockoutMs),
    });
    const locks = Boolean(counted?.lockedUntil && counted.lockedUntil > new Date());
    await recordAudit(db, actor, {
      category: 'security',
      action: locks ? 'account-locked' : 'login',
      result: 'refused',
      details: {
        reason: 'wrong password',
        failedLogins: locks ? maxFailedLogins : (counted?.failedLogins ?? 0),
      },
    });
    throw refused;
  }
  await setLoginFailures(db, { userId: user.id, failedLogins: 0, lockedUntil: null });
  await endSession(db, params.previousToken);
  const token = await createSession(db, user.id);
  await recordAudit(db, actor, { category: 'security', action: 'login' });
  const { id, username, displayName, role } = user;
  return { token, user: { id, username, displayName, role } };
}
