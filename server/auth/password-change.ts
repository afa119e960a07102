import type { Db } from '../../db/client';
import { findUserById, replaceTemporaryPassword } from '../../db/queries/users';
import { AppError } from '../errors';
import { recordAudit } from '../services/audit-trail';
import type { SecondFactorStep } from './login';
import { hashPassword, verifyPassword } from './password';
import { passwordProblem } from './password-policy';
import { endOtherSessions, needsSecondFactor, type SessionUser } from './session';

/** A session whose password was right but temporary: it opens nothing until the user sets their own. */
export interface PendingPasswordChange {
  db: Db;
  user: SessionUser;
  sessionToken: string;
  origin: string;
}

/**
 * The user replaces the temporary password an administrator gave them with their own (at least 12
 * characters, not containing the user name, not the temporary one). The user's other sessions end;
 * this one goes on to the second factor when the role needs one. The password is never audited.
 */
export async function changeTemporaryPassword(
  p: PendingPasswordChange,
  params: { password: string },
): Promise<{ secondFactor: SecondFactorStep }> {
  const user = await findUserById(p.db, { id: p.user.id });
  if (!user) throw new AppError('UNAUTHENTICATED', 'This account no longer exists.');
  if (!user.passwordChangeRequired) {
    throw new AppError('CONFLICT', 'Your password was already changed: continue signing in.');
  }
  const problem = passwordProblem(params.password, { username: user.username });
  if (problem) throw new AppError('INVALID_INPUT', problem);
  if (await verifyPassword(user.passwordHash, params.password)) {
    throw new AppError(
      'INVALID_INPUT',
      'Choose a password of your own, not the temporary one you were given.',
    );
  }
  const replaced = await replaceTemporaryPassword(p.db, {
    userId: user.id,
    temporaryHash: user.passwordHash,
    passwordHash: await hashPassword(params.password),
  });
  if (!replaced) {
    throw new AppError(
      'CONFLICT',
      'An administrator reset your password meanwhile: sign in again with the new temporary password.',
    );
  }
  await endOtherSessions(p.db, { userId: user.id, keepToken: p.sessionToken });
  await recordAudit(
    p.db,
    { id: user.id, name: user.displayName, role: user.role, origin: p.origin },
    { category: 'security', action: 'password.changed', objectType: 'user', objectId: user.id },
  );
  return {
    secondFactor: !needsSecondFactor(user.role) ? 'none' : user.totpConfirmedAt ? 'code' : 'enroll',
  };
}
