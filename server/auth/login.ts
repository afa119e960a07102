import type { Db } from '../../db/client';
import { countFailedLogin, findUserByUsername, setLoginFailures, type UserRow } from '../../db/queries/users';
import { AppError } from '../errors';
import { recordAudit, type Actor } from '../services/audit-trail';
import { decoyPasswordHash, verifyPassword } from './password';
import { createSession, endSession, needsSecondFactor, type SessionUser } from './session';

export const maxFailedLogins = 5;
export const lockoutMs = 15 * 60 * 1000;

/** What the new session still needs: nothing, a first TOTP enrollment, or a code. */
export type SecondFactorStep = 'none' | 'enroll' | 'code';

export const disabledMessage =
  'This account is disabled. Ask an administrator to enable it again if you still need it.';

export function lockedMessage(lockedUntil: Date): string {
  return `This account is locked after ${maxFailedLogins} failed logins. Try again after ${lockedUntil.toISOString().slice(11, 16)} UTC or ask an administrator.`;
}

export function isLocked(user: Pick<UserRow, 'lockedUntil'>, now = new Date()): boolean {
  return Boolean(user.lockedUntil && user.lockedUntil > now);
}

/**
 * Counts a failed attempt (a wrong password or a wrong TOTP code: one counter, so a stolen password
 * does not buy five guesses at the code per login) and audits it; the fifth in a row locks the
 * account. Returns when the lock ends, or null.
 */
export async function countFailedAttempt(
  db: Db,
  actor: Actor & { id: string },
  params: { action: 'login' | 'second-factor'; reason: string; details?: Record<string, unknown> },
): Promise<Date | null> {
  const counted = await countFailedLogin(db, {
    userId: actor.id,
    lockAfter: maxFailedLogins,
    lockUntil: new Date(Date.now() + lockoutMs),
  });
  const lockedUntil = counted?.lockedUntil && isLocked(counted) ? counted.lockedUntil : null;
  await recordAudit(db, actor, {
    category: 'security',
    action: lockedUntil ? 'account-locked' : params.action,
    result: 'refused',
    details: {
      reason: params.reason,
      ...params.details,
      failedLogins: lockedUntil ? maxFailedLogins : (counted?.failedLogins ?? 0),
    },
  });
  return lockedUntil;
}

/**
 * Checks a password and opens a new session (a fresh id at every login, so a planted cookie is
 * useless). Every failure is a security audit event; five in a row lock the account for 15 minutes.
 * For security officers and administrators the session still owes a TOTP code (`secondFactor`), and
 * the failure count is cleared only once that code is given. An account with a temporary password
 * (`passwordChange`) first sets its own; a disabled account is refused.
 */
export async function login(
  db: Db,
  params: { username: string; password: string; origin: string; previousToken?: string },
): Promise<{ token: string; user: SessionUser; secondFactor: SecondFactorStep; passwordChange: boolean }> {
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
  if (user.lockedUntil && isLocked(user)) {
    await recordAudit(db, actor, {
      category: 'security',
      action: 'login',
      result: 'refused',
      details: { reason: 'account locked' },
    });
    throw new AppError('LOCKED', lockedMessage(user.lockedUntil));
  }
  if (!(await verifyPassword(user.passwordHash, params.password))) {
    await countFailedAttempt(db, actor, { action: 'login', reason: 'wrong password' });
    throw refused;
  }
  // Said only to whoever knows the password, so the message tells a guesser nothing.
  if (user.disabledAt) {
    await recordAudit(db, actor, {
      category: 'security',
      action: 'login',
      result: 'refused',
      details: { reason: 'account disabled' },
    });
    throw new AppError('FORBIDDEN', disabledMessage);
  }
  const secondFactor: SecondFactorStep = !needsSecondFactor(user.role)
    ? 'none'
    : user.totpConfirmedAt
      ? 'code'
      : 'enroll';
  if (secondFactor === 'none') {
    await setLoginFailures(db, { userId: user.id, failedLogins: 0, lockedUntil: null });
  }
  await endSession(db, params.previousToken);
  const token = await createSession(db, user.id);
  await recordAudit(db, actor, {
    category: 'security',
    action: 'login',
    details: {
      ...(user.passwordChangeRequired ? { passwordChange: 'owed' } : {}),
      ...(secondFactor === 'none'
        ? {}
        : { secondFactor: secondFactor === 'code' ? 'code owed' : 'enrollment owed' }),
    },
  });
  const { id, username, displayName, role } = user;
  return {
    token,
    user: { id, username, displayName, role },
    secondFactor,
    passwordChange: user.passwordChangeRequired,
  };
}
