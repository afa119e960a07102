import type { Db } from '../../db/client';
import { findUserById } from '../../db/queries/users';
import { demoPassword } from '../../db/seed/demo';
import { login } from '../auth/login';
import {
  confirmTotpEnrollment,
  openTotpSecret,
  startTotpEnrollment,
  verifyTotpCode,
  type PendingSignIn,
} from '../auth/second-factor';
import { resolveSession, type SessionUser } from '../auth/session';
import { base32Decode, hotp, totpStep, totpStepSeconds } from '../auth/totp';

/**
 * Signs a user in all the way, as the browser does: password, then for security officers and admins
 * the TOTP step (enrolling on the first sign-in, a code from the stored secret later). Returns a
 * session token that every procedure of the user's role accepts.
 *
 * Each time step's code is accepted once; a second sign-in of the same user within one step uses the
 * code of the next step, as the server's clock would accept a moment later (`at` of the service).
 */
export async function signInFully(
  db: Db,
  username: string,
  params: { password?: string; origin?: string } = {},
): Promise<{ token: string; user: SessionUser }> {
  const origin = params.origin ?? `test:${username}`;
  const { token, user, secondFactor } = await login(db, {
    username,
    password: params.password ?? demoPassword,
    origin,
  });
  if (secondFactor === 'none') return { token, user };
  const pending: PendingSignIn = { db, user, sessionToken: token, origin };
  if (secondFactor === 'enroll') {
    const { secret } = await startTotpEnrollment(pending);
    const at = new Date();
    await confirmTotpEnrollment(pending, { code: hotp(base32Decode(secret), totpStep(at)), at });
  } else {
    const stored = (await findUserById(db, { id: user.id }))!;
    const step = Math.max(totpStep(new Date()), (stored.totpLastStep ?? 0) + 1);
    const at = new Date(Math.max(Date.now(), step * totpStepSeconds * 1000));
    await verifyTotpCode(pending, {
      code: hotp(openTotpSecret(user.id, stored.totpSecretSealed!), step),
      at,
    });
  }
  const session = await resolveSession(db, token);
  if (session?.state !== 'signed-in') throw new Error(`${username} is not signed in after the second factor`);
  return { token, user };
}
