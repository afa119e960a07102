import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/client';
import {
  acceptTotpStep,
  confirmTotpSecret,
  findUserById,
  setLoginFailures,
  storeUnconfirmedTotpSecret,
  type UserRow,
} from '../../db/queries/users';
import { AppError } from '../errors';
import { openText, sealText } from '../services/cardholder-seal';
import { recordAudit, type Actor } from '../services/audit-trail';
import { countFailedAttempt, isLocked, lockedMessage } from './login';
import { completeSecondFactor, endSession, type SessionUser } from './session';
import { base32Decode, base32Encode, checkTotp, otpauthUri, totpSecretBytes, type TotpCheck } from './totp';

/** The name authenticator apps show above the account. */
export const totpIssuer = 'EMV Data Preparation';

/** A session whose password was right and which still owes its TOTP code. */
export interface PendingSignIn {
  db: Db;
  user: SessionUser;
  sessionToken: string;
  origin: string;
}

/** The secret is sealed with its user's id as associated data: copied to another user's row, it does not open. */
const sealContext = (userId: string) => `totp-secret/${userId}`;

export function sealTotpSecret(userId: string, secret: Uint8Array): string {
  return sealText(base32Encode(secret), sealContext(userId));
}

export function openTotpSecret(userId: string, sealed: string): Uint8Array {
  return base32Decode(openText(sealed, sealContext(userId)));
}

const actorOf = (p: PendingSignIn): Actor & { id: string } => ({
  id: p.user.id,
  name: p.user.displayName,
  role: p.user.role,
  origin: p.origin,
});

/** The user as stored now; a locked account ends the half signed-in session. */
async function currentUser(p: PendingSignIn): Promise<UserRow> {
  const user = await findUserById(p.db, { id: p.user.id });
  if (!user) throw new AppError('UNAUTHENTICATED', 'This account no longer exists.');
  if (user.lockedUntil && isLocked(user)) {
    await endSession(p.db, p.sessionToken);
    await recordAudit(p.db, actorOf(p), {
      category: 'security',
      action: 'second-factor',
      result: 'refused',
      details: { reason: 'account locked' },
    });
    throw new AppError('LOCKED', lockedMessage(user.lockedUntil));
  }
  return user;
}

const refusals: Record<Exclude<TotpCheck, { ok: true }>['reason'], string> = {
  'wrong code': 'That code is not right. Enter the 6-digit code your authenticator app shows now.',
  'code already used': 'That code was already used. Wait for the next code in your authenticator app.',
};

/** A wrong or replayed code counts toward the lockout like a wrong password, and is audited. */
async function refuse(
  p: PendingSignIn,
  reason: keyof typeof refusals,
  stage: 'enrollment' | 'sign-in',
): Promise<never> {
  const lockedUntil = await countFailedAttempt(p.db, actorOf(p), {
    action: 'second-factor',
    reason,
    details: { stage },
  });
  if (lockedUntil) {
    await endSession(p.db, p.sessionToken);
    throw new AppError('LOCKED', lockedMessage(lockedUntil));
  }
  throw new AppError('UNAUTHENTICATED', refusals[reason]);
}

async function passSecondFactor(p: PendingSignIn, at: Date) {
  await setLoginFailures(p.db, { userId: p.user.id, failedLogins: 0, lockedUntil: null });
  await completeSecondFactor(p.db, p.sessionToken, at);
}

/**
 * A fresh secret (160 random bits, RFC 4226 R6) for the user's authenticator app, stored sealed and
 * not yet confirmed: it is required at sign-in only once a first code from the app proved it was
 * copied right. Starting again replaces an unconfirmed secret; a confirmed one is never shown again.
 */
export async function startTotpEnrollment(p: PendingSignIn): Promise<{ secret: string; otpauthUri: string }> {
  const user = await currentUser(p);
  const alreadyEnrolled = new AppError(
    'CONFLICT',
    'Your authenticator app is already set up: enter the code it shows. If you lost it, ask an administrator to reset it.',
  );
  if (user.totpConfirmedAt) throw alreadyEnrolled;
  const secret = randomBytes(totpSecretBytes);
  const stored = await storeUnconfirmedTotpSecret(p.db, {
    userId: user.id,
    secretSealed: sealTotpSecret(user.id, secret),
  });
  if (!stored) throw alreadyEnrolled;
  await recordAudit(p.db, actorOf(p), { category: 'security', action: 'totp.enrollment-started' });
  return {
    secret: base32Encode(secret),
    otpauthUri: otpauthUri({ issuer: totpIssuer, account: user.username, secret }),
  };
}

/** The first code from the app: confirms the secret and completes this sign-in. */
export async function confirmTotpEnrollment(p: PendingSignIn, params: { code: string; at?: Date }) {
  const at = params.at ?? new Date();
  const user = await currentUser(p);
  if (user.totpConfirmedAt) {
    throw new AppError('CONFLICT', 'Your authenticator app is already set up: enter the code it shows.');
  }
  if (!user.totpSecretSealed) {
    throw new AppError(
      'CONFLICT',
      'No authenticator set-up is waiting: reload the page to get a new secret.',
    );
  }
  const check = checkTotp(openTotpSecret(user.id, user.totpSecretSealed), params.code, {
    at,
    lastStep: null,
  });
  if (!check.ok) return refuse(p, check.reason, 'enrollment');
  const confirmed = await confirmTotpSecret(p.db, {
    userId: user.id,
    secretSealed: user.totpSecretSealed,
    step: check.step,
    at,
  });
  if (!confirmed) {
    throw new AppError(
      'CONFLICT',
      'The set-up was started again in another window: use the secret shown there, or reload this page.',
    );
  }
  await passSecondFactor(p, at);
  await recordAudit(p.db, actorOf(p), { category: 'security', action: 'totp.enrolled' });
}

/** The code at a later sign-in; each time step's code is accepted once. */
export async function verifyTotpCode(p: PendingSignIn, params: { code: string; at?: Date }) {
  const at = params.at ?? new Date();
  const user = await currentUser(p);
  if (!user.totpConfirmedAt || !user.totpSecretSealed) {
    throw new AppError('CONFLICT', 'Your authenticator app is not set up yet: set it up first.');
  }
  const check = checkTotp(openTotpSecret(user.id, user.totpSecretSealed), params.code, {
    at,
    lastStep: user.totpLastStep,
  });
  if (!check.ok) return refuse(p, check.reason, 'sign-in');
  // Two requests with the same code both pass the check above; only one moves the step forward.
  if (!(await acceptTotpStep(p.db, { userId: user.id, step: check.step }))) {
    return refuse(p, 'code already used', 'sign-in');
  }
  await passSecondFactor(p, at);
  await recordAudit(p.db, actorOf(p), { category: 'security', action: 'second-factor' });
}
