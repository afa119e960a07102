import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUserByUsername } from '../../db/queries/users';
import { sessions, users } from '../../db/schema';
import { demoPassword, seedDemo } from '../../db/seed/demo';
import { databaseKinds, freshDatabase } from '../test-support/databases';
import { allAuditEvents, rejectionOf } from '../test-support/workbench';
import { login, lockoutMs } from './login';
import { hashPassword } from './password';
import { resolveSession } from './session';

const refusedMessage = 'Unknown user name or wrong password.';
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

describe.each(databaseKinds)('login and sessions on %s', (kind) => {
  let handle: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    handle = await freshDatabase(kind);
    await seedDemo(handle.db, hashPassword);
  });
  afterAll(() => handle.close());

  const attempt = (username: string, password: string, previousToken?: string) =>
    login(handle.db, { username, password, origin: '192.0.2.10', previousToken });
  const lastAudit = async () => (await allAuditEvents(handle.db)).at(-1)!;
  const userRow = async (username: string) => (await findUserByUsername(handle.db, { username }))!;
  const idleFor = (token: string, minutes: number) =>
    handle.db
      .update(sessions)
      .set({ lastSeenAt: new Date(Date.now() - minutes * 60_000) })
      .where(eq(sessions.tokenHash, tokenHash(token)));

  it('opens a session for the right password and audits the login', async () => {
    const { token, user, secondFactor } = await attempt('analyst', demoPassword);
    expect(secondFactor).toBe('none');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(user).toEqual({
      id: (await userRow('analyst')).id,
      username: 'analyst',
      displayName: 'Alice Analyst',
      role: 'analyst',
    });
    expect(await resolveSession(handle.db, token)).toEqual({ state: 'signed-in', user });
    expect(await lastAudit()).toMatchObject({
      actorId: user.id,
      actorName: 'Alice Analyst',
      actorRole: 'analyst',
      category: 'security',
      action: 'login',
      result: 'success',
      origin: '192.0.2.10',
    });
    const stored = await handle.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(stored.map((s) => s.tokenHash)).toContain(tokenHash(token));
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it('refuses a wrong password with the common message, counts it and audits it', async () => {
    const error = await rejectionOf(attempt('officer1', 'not-the-password'));
    expect([error.code, error.message]).toEqual(['UNAUTHENTICATED', refusedMessage]);
    expect((await userRow('officer1')).failedLogins).toBe(1);
    expect(await lastAudit()).toMatchObject({
      actorName: 'Oscar Officer',
      action: 'login',
      result: 'refused',
      details: { reason: 'wrong password', failedLogins: 1 },
    });
  });

  it('refuses an unknown user with the same message, and audits the name that was tried', async () => {
    const error = await rejectionOf(attempt('mallory', demoPassword));
    expect([error.code, error.message]).toEqual(['UNAUTHENTICATED', refusedMessage]);
    expect(await lastAudit()).toMatchObject({
      actorId: null,
      actorName: 'mallory',
      actorRole: 'anonymous',
      action: 'login',
      result: 'refused',
      details: { reason: 'unknown user' },
    });
  });

  it('locks the account after five wrong passwords, even against the right one, until the lock expires', async () => {
    for (let i = 1; i <= 4; i++) {
      await rejectionOf(attempt('bureau', `wrong-${i}`));
      expect((await userRow('bureau')).failedLogins).toBe(i);
    }
    const fifth = await rejectionOf(attempt('bureau', 'wrong-5'));
    expect(fifth.message).toBe(refusedMessage);
    expect(await lastAudit()).toMatchObject({
      action: 'account-locked',
      result: 'refused',
      details: { reason: 'wrong password', failedLogins: 5 },
    });
    const locked = await userRow('bureau');
    expect(locked.failedLogins).toBe(0);
    expect(Math.abs(locked.lockedUntil!.getTime() - (Date.now() + lockoutMs))).toBeLessThan(10_000);

    const refused = await rejectionOf(attempt('bureau', demoPassword));
    expect([refused.code, refused.message]).toEqual([
      'LOCKED',
      `This account is locked after 5 failed logins. Try again after ${locked.lockedUntil!.toISOString().slice(11, 16)} UTC or ask an administrator.`,
    ]);
    expect(await lastAudit()).toMatchObject({
      actorName: 'Bruno Bureau',
      action: 'login',
      result: 'refused',
      details: { reason: 'account locked' },
    });

    await handle.db
      .update(users)
      .set({ lockedUntil: new Date(Date.now() - 1000) })
      .where(eq(users.id, locked.id));
    expect((await attempt('bureau', demoPassword)).user.username).toBe('bureau');
    expect(await userRow('bureau')).toMatchObject({ failedLogins: 0, lockedUntil: null });
  });

  it('starts counting again after a successful login', async () => {
    for (let i = 0; i < 4; i++) await rejectionOf(attempt('auditor', 'wrong'));
    await attempt('auditor', demoPassword);
    expect((await userRow('auditor')).failedLogins).toBe(0);
    for (let i = 0; i < 4; i++) await rejectionOf(attempt('auditor', 'wrong'));
    expect(await userRow('auditor')).toMatchObject({ failedLogins: 4, lockedUntil: null });
  });

  it('ends an active session after 8 hours, however recently it was used', async () => {
    const { token, user } = await attempt('auditor', demoPassword);
    const age = (hours: number) =>
      handle.db
        .update(sessions)
        .set({ createdAt: new Date(Date.now() - hours * 3_600_000) })
        .where(eq(sessions.tokenHash, tokenHash(token)));
    await age(7.9);
    expect(await resolveSession(handle.db, token)).toEqual({ state: 'signed-in', user });
    await age(8.1);
    expect(await resolveSession(handle.db, token)).toBeNull();
  });

  it('ends a session idle for more than 15 minutes, and keeps one that is not', async () => {
    const { token, user } = await attempt('analyst', demoPassword);
    await idleFor(token, 14);
    expect(await resolveSession(handle.db, token)).toEqual({ state: 'signed-in', user });
    const [touched] = await handle.db
      .select()
      .from(sessions)
      .where(eq(sessions.tokenHash, tokenHash(token)));
    expect(Date.now() - touched!.lastSeenAt.getTime()).toBeLessThan(10_000);

    await idleFor(token, 16);
    expect(await resolveSession(handle.db, token)).toBeNull();
    expect(
      await handle.db
        .select()
        .from(sessions)
        .where(eq(sessions.tokenHash, tokenHash(token))),
    ).toEqual([]);
  });

  it('resolves no session for a missing or unknown token', async () => {
    expect(await resolveSession(handle.db, undefined)).toBeNull();
    expect(await resolveSession(handle.db, 'not-a-token-anyone-was-given')).toBeNull();
  });

  it('gives a new token at every login and ends the previous one', async () => {
    const first = await attempt('officer2', demoPassword);
    const second = await attempt('officer2', demoPassword, first.token);
    expect(second.token).not.toBe(first.token);
    expect(await resolveSession(handle.db, first.token)).toBeNull();
    // An officer's session still owes its TOTP code (second-factor.test.ts).
    expect(await resolveSession(handle.db, second.token)).toEqual({
      state: 'second-factor-owed',
      user: second.user,
      totpEnrolled: false,
    });
  });

  // Failed logins are counted in one UPDATE, so parallel guesses cannot all read the same count.
  it('locks the account when five wrong passwords arrive at once', async () => {
    await Promise.allSettled(Array.from({ length: 10 }, () => attempt('admin', 'guess')));
    expect((await userRow('admin')).lockedUntil).not.toBeNull();
  });
});
