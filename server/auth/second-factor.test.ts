import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUserByUsername } from '../../db/queries/users';
import { sessions, users } from '../../db/schema';
import { demoPassword, seedDemo } from '../../db/seed/demo';
import { sessionContext } from '../api/context';
import { appRouter, createCaller } from '../api/root';
import { secondFactorOwedMessage, type TrpcContext } from '../api/trpc';
import { resetUserTotp } from '../services/reset-user-totp';
import type { ServiceContext } from '../services/context';
import { databaseKinds, freshDatabase } from '../test-support/databases';
import { signInFully } from '../test-support/sign-in';
import { allAuditEvents, rejectionOf, testDataAtRestKey } from '../test-support/workbench';
import { lockedMessage, login } from './login';
import { hashPassword } from './password';
import {
  confirmTotpEnrollment,
  openTotpSecret,
  startTotpEnrollment,
  verifyTotpCode,
  type PendingSignIn,
} from './second-factor';
import { resolveSession } from './session';
import { base32Decode, hotp, totpStep, totpStepSeconds } from './totp';

process.env.DATA_AT_REST_KEY = testDataAtRestKey;

const wrongCodeMessage = 'That code is not right. Enter the 6-digit code your authenticator app shows now.';
const usedCodeMessage = 'That code was already used. Wait for the next code in your authenticator app.';

describe.each(databaseKinds)('TOTP second factor on %s', (kind) => {
  let handle: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    handle = await freshDatabase(kind);
    await seedDemo(handle.db, hashPassword);
  });
  afterAll(() => handle.close());

  const userRow = async (username: string) => (await findUserByUsername(handle.db, { username }))!;
  const lastAudit = async () => (await allAuditEvents(handle.db)).at(-1)!;
  /** Password step: a session that owes its code. */
  const halfSignIn = async (username: string) => {
    const result = await login(handle.db, { username, password: demoPassword, origin: '192.0.2.20' });
    const pending: PendingSignIn = {
      db: handle.db,
      user: result.user,
      sessionToken: result.token,
      origin: '192.0.2.20',
    };
    return { ...result, pending };
  };
  const storedSecret = async (username: string) => {
    const row = await userRow(username);
    return openTotpSecret(row.id, row.totpSecretSealed!);
  };
  /** The code of a step, and a moment inside that step for the server's clock. */
  const codeAt = (secret: Uint8Array, step: number) => ({
    code: hotp(secret, step),
    at: new Date(step * totpStepSeconds * 1000 + 1000),
  });

  it('leaves analysts, bureau operators and auditors signed in by their password alone', async () => {
    for (const username of ['analyst', 'bureau', 'auditor']) {
      const { token, secondFactor, user } = await halfSignIn(username);
      expect(secondFactor).toBe('none');
      expect(await resolveSession(handle.db, token)).toEqual({ state: 'signed-in', user });
    }
  });

  it('enrolls an officer at first sign-in: a fresh sealed secret, confirmed by a first code', async () => {
    const { token, secondFactor, user, pending } = await halfSignIn('officer1');
    expect(secondFactor).toBe('enroll');
    expect(await lastAudit()).toMatchObject({
      action: 'login',
      result: 'success',
      details: { secondFactor: 'enrollment owed' },
    });
    expect(await resolveSession(handle.db, token)).toEqual({
      state: 'second-factor-owed',
      user,
      totpEnrolled: false,
    });

    const first = await startTotpEnrollment(pending);
    expect(first.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(first.otpauthUri).toBe(
      `otpauth://totp/EMV%20Data%20Preparation:officer1?secret=${first.secret}` +
        '&issuer=EMV%20Data%20Preparation&algorithm=SHA1&digits=6&period=30',
    );
    const second = await startTotpEnrollment(pending);
    expect(second.secret).not.toBe(first.secret);

    const row = await userRow('officer1');
    expect(row).toMatchObject({ totpConfirmedAt: null, totpLastStep: null });
    const hex = Buffer.from(base32Decode(second.secret)).toString('hex');
    for (const clear of [second.secret, first.secret, hex]) expect(JSON.stringify(row)).not.toContain(clear);
    expect(Buffer.from(await storedSecret('officer1')).toString('hex')).toBe(hex);
    const events = JSON.stringify(await allAuditEvents(handle.db));
    expect(events).not.toContain(second.secret);
    expect(events).not.toContain(hex);

    // Only the latest secret counts: a code from the first one is wrong.
    const now = totpStep(new Date());
    const stale = await rejectionOf(confirmTotpEnrollment(pending, codeAt(base32Decode(first.secret), now)));
    expect([stale.code, stale.message]).toEqual(['UNAUTHENTICATED', wrongCodeMessage]);
    expect((await userRow('officer1')).failedLogins).toBe(1);
    expect(await lastAudit()).toMatchObject({
      actorName: 'Oscar Officer',
      category: 'security',
      action: 'second-factor',
      result: 'refused',
      origin: '192.0.2.20',
      details: { reason: 'wrong code', stage: 'enrollment', failedLogins: 1 },
    });
    expect((await resolveSession(handle.db, token))?.state).toBe('second-factor-owed');

    const { at, code } = codeAt(base32Decode(second.secret), now);
    await confirmTotpEnrollment(pending, { code, at });
    expect(await resolveSession(handle.db, token)).toEqual({ state: 'signed-in', user });
    expect(await userRow('officer1')).toMatchObject({
      totpConfirmedAt: at,
      totpLastStep: now,
      failedLogins: 0,
    });
    expect(await lastAudit()).toMatchObject({ action: 'totp.enrolled', result: 'success' });
  });

  it('asks an enrolled officer for a code, never shows the secret again, and refuses a replayed code', async () => {
    const { token, secondFactor, user, pending } = await halfSignIn('officer1');
    expect(secondFactor).toBe('code');
    expect(await resolveSession(handle.db, token)).toEqual({
      state: 'second-factor-owed',
      user,
      totpEnrolled: true,
    });
    const again = await rejectionOf(startTotpEnrollment(pending));
    expect([again.code, again.message]).toEqual([
      'CONFLICT',
      'Your authenticator app is already set up: enter the code it shows. If you lost it, ask an administrator to reset it.',
    ]);

    const secret = await storedSecret('officer1');
    const used = (await userRow('officer1')).totpLastStep!;
    // The code of the enrollment step, still inside the tolerance window, and the step before it.
    for (const step of [used, used - 1]) {
      const replay = await rejectionOf(
        verifyTotpCode(pending, { code: hotp(secret, step), at: codeAt(secret, used).at }),
      );
      expect([replay.code, replay.message]).toEqual(['UNAUTHENTICATED', usedCodeMessage]);
      expect(await lastAudit()).toMatchObject({
        action: 'second-factor',
        result: 'refused',
        details: { reason: 'code already used', stage: 'sign-in' },
      });
    }
    const tooFar = await rejectionOf(
      verifyTotpCode(pending, { code: hotp(secret, used + 3), at: codeAt(secret, used + 1).at }),
    );
    expect(tooFar.message).toBe(wrongCodeMessage);
    expect((await userRow('officer1')).failedLogins).toBe(3);

    await verifyTotpCode(pending, codeAt(secret, used + 1));
    expect(await resolveSession(handle.db, token)).toEqual({ state: 'signed-in', user });
    expect(await userRow('officer1')).toMatchObject({ totpLastStep: used + 1, failedLogins: 0 });
    expect(await lastAudit()).toMatchObject({
      action: 'second-factor',
      result: 'success',
      details: {},
    });
  });

  it('accepts one of two requests carrying the same code at once', async () => {
    await signInFully(handle.db, 'officer2');
    const [a, b] = [await halfSignIn('officer2'), await halfSignIn('officer2')];
    const step = (await userRow('officer2')).totpLastStep! + 1;
    const attempt = codeAt(await storedSecret('officer2'), step);
    const results = await Promise.allSettled([
      verifyTotpCode(a.pending, attempt),
      verifyTotpCode(b.pending, attempt),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason.message).toBe(usedCodeMessage);
  });

  it('locks the account on the fifth wrong attempt, ends the half signed-in session, and keeps it locked', async () => {
    await signInFully(handle.db, 'officer3');
    const first = await halfSignIn('officer3');
    const secret = await storedSecret('officer3');
    const step = (await userRow('officer3')).totpLastStep! + 1;
    const wrong = { code: hotp(secret, step + 5), at: codeAt(secret, step).at };
    for (let i = 1; i <= 3; i++) await rejectionOf(verifyTotpCode(first.pending, wrong));
    // A right password again does not clear the count: the count ends only with a right code.
    const second = await halfSignIn('officer3');
    expect((await userRow('officer3')).failedLogins).toBe(3);
    await rejectionOf(verifyTotpCode(second.pending, wrong));
    const fifth = await rejectionOf(verifyTotpCode(second.pending, wrong));
    const locked = await userRow('officer3');
    expect([fifth.code, fifth.message]).toEqual(['LOCKED', lockedMessage(locked.lockedUntil!)]);
    expect(await lastAudit()).toMatchObject({
      action: 'account-locked',
      result: 'refused',
      details: { reason: 'wrong code', stage: 'sign-in', failedLogins: 5 },
    });
    expect(await resolveSession(handle.db, second.token)).toBeNull();

    // The right code on the other open half session does not get past the lock either.
    const stillLocked = await rejectionOf(verifyTotpCode(first.pending, codeAt(secret, step)));
    expect(stillLocked.code).toBe('LOCKED');
    expect(await resolveSession(handle.db, first.token)).toBeNull();
    expect((await rejectionOf(halfSignIn('officer3'))).code).toBe('LOCKED');
    await handle.db
      .update(users)
      .set({ lockedUntil: new Date(Date.now() - 1000) })
      .where(eq(users.id, locked.id));
    await signInFully(handle.db, 'officer3');
  });

  it('keeps the sealed secret bound to its user', async () => {
    const [officer1, officer2] = [await userRow('officer1'), await userRow('officer2')];
    expect(() => openTotpSecret(officer2.id, officer1.totpSecretSealed!)).toThrow();
  });

  describe('reset by an administrator', () => {
    const serviceContext = async (username: string): Promise<ServiceContext> => {
      const row = await userRow(username);
      const user = { id: row.id, username, displayName: row.displayName, role: row.role };
      return { db: handle.db, user, origin: '192.0.2.30', bridge: () => undefined as never };
    };

    it('clears the secret, ends the sessions and asks for a new enrollment at the next sign-in', async () => {
      const { token } = await signInFully(handle.db, 'officer2');
      const officer2 = await userRow('officer2');
      expect(await resetUserTotp(await serviceContext('admin'), { userId: officer2.id })).toEqual({
        username: 'officer2',
      });
      expect(await userRow('officer2')).toMatchObject({
        totpSecretSealed: null,
        totpConfirmedAt: null,
        totpLastStep: null,
      });
      expect(await resolveSession(handle.db, token)).toBeNull();
      expect(await handle.db.select().from(sessions).where(eq(sessions.userId, officer2.id))).toEqual([]);
      expect(await lastAudit()).toMatchObject({
        actorName: 'Adam Admin',
        category: 'security',
        action: 'totp.reset',
        objectType: 'user',
        objectId: officer2.id,
        result: 'success',
        details: { username: 'officer2', wasConfirmed: true },
      });
      expect((await halfSignIn('officer2')).secondFactor).toBe('enroll');
    });

    it('refuses a reset of oneself, of a user with no app, and by anyone but an administrator', async () => {
      const admin = await serviceContext('admin');
      const self = await rejectionOf(resetUserTotp(admin, { userId: admin.user.id }));
      expect([self.code, self.message]).toEqual([
        'FORBIDDEN',
        'You cannot reset your own authenticator app: ask another administrator.',
      ]);
      const analyst = await userRow('analyst');
      const nothing = await rejectionOf(resetUserTotp(admin, { userId: analyst.id }));
      expect([nothing.code, nothing.message]).toEqual([
        'CONFLICT',
        'analyst has no authenticator app set up: there is nothing to reset.',
      ]);
      const officer1 = await userRow('officer1');
      const byOfficer = await rejectionOf(
        resetUserTotp(await serviceContext('officer3'), { userId: officer1.id }),
      );
      expect(byOfficer.code).toBe('FORBIDDEN');
    });
  });

  describe('the API for a half signed-in session', () => {
    const contextFor = async (token: string): Promise<TrpcContext> => {
      const session = await resolveSession(handle.db, token);
      return {
        db: handle.db,
        ...sessionContext(session),
        sessionToken: token,
        origin: '192.0.2.40',
        secureCookies: false,
        resHeaders: null,
      };
    };
    const call = (ctx: TrpcContext, path: string, input?: unknown) =>
      (
        path
          .split('.')
          .reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], createCaller(ctx)) as (
          input?: unknown,
        ) => Promise<unknown>
      )(input);

    it('refuses every procedure but the sign-in ones, saying a code is needed', async () => {
      const { token } = await halfSignIn('officer1');
      const ctx = await contextFor(token);
      const open = ['auth.login', 'auth.me', 'auth.logout', 'auth.totp.status', 'auth.password.status'];
      const closed = Object.keys(appRouter._def.procedures).filter(
        (path) =>
          !open.includes(path) && !path.startsWith('auth.totp.') && !path.startsWith('auth.password.'),
      );
      expect(closed).toContain('keys.generate');
      expect(closed).toContain('jobs.approve');
      for (const path of closed) {
        const error = await rejectionOf(call(ctx, path, {}));
        expect([path, error instanceof TRPCError && error.code, error.message]).toEqual([
          path,
          'UNAUTHORIZED',
          secondFactorOwedMessage,
        ]);
      }
      expect(await call(ctx, 'auth.me')).toBeNull();
      // The new-password step is for a temporary password only, not for a session owing its code.
      expect(await call(ctx, 'auth.password.status')).toBeNull();
      const change = await rejectionOf(
        call(ctx, 'auth.password.change', { password: 'Some-new-password-1' }),
      );
      expect([change instanceof TRPCError && change.code, change.message]).toEqual([
        'UNAUTHORIZED',
        'No sign-in is waiting for a new password. Please log in again.',
      ]);
      expect(await call(ctx, 'auth.totp.status')).toEqual({
        username: 'officer1',
        displayName: 'Oscar Officer',
        step: 'code',
      });
    });

    it('opens the role procedures once the code is given through the API', async () => {
      const { token } = await halfSignIn('officer1');
      const secret = await storedSecret('officer1');
      // The API checks against the server's clock, and earlier tests used codes of steps ahead of it.
      const step = totpStep(new Date());
      await handle.db
        .update(users)
        .set({ totpLastStep: step - 1 })
        .where(eq(users.username, 'officer1'));
      const code = hotp(secret, step);
      const badInput = await rejectionOf(
        call(await contextFor(token), 'auth.totp.verify', { code: '12 34' }),
      );
      // (Over HTTP the error formatter turns the zod issue into "code: Enter the 6 digits …".)
      expect(badInput.code).toBe('BAD_REQUEST');
      expect(badInput.message).toContain('"message": "Enter the 6 digits your authenticator app shows"');
      expect(await call(await contextFor(token), 'auth.totp.verify', { code })).toEqual({ ok: true });
      const ctx = await contextFor(token);
      expect(ctx.user?.username).toBe('officer1');
      expect(await call(ctx, 'auth.totp.status')).toBeNull();
      expect(await call(ctx, 'keys.list')).toEqual(expect.any(Array));
      const notOwed = await rejectionOf(call(ctx, 'auth.totp.verify', { code }));
      expect(notOwed.message).toBe('No sign-in is waiting for a code. Please log in again.');
    });

    it('gives an analyst no second-factor step at all', async () => {
      const { token } = await halfSignIn('analyst');
      const ctx = await contextFor(token);
      expect(await call(ctx, 'auth.totp.status')).toBeNull();
      expect((await rejectionOf(call(ctx, 'auth.totp.startEnrollment'))).message).toBe(
        'No sign-in is waiting for a code. Please log in again.',
      );
    });
  });

  it('signs test users in fully, several times in a row (test-support helper)', async () => {
    for (const username of ['admin', 'admin', 'admin', 'analyst']) {
      const { token, user } = await signInFully(handle.db, username);
      expect(await resolveSession(handle.db, token)).toEqual({ state: 'signed-in', user });
    }
  });
});
