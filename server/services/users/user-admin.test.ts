import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deactivateBureau, findBureauByCode, insertBureau } from '../../../db/queries/bureaus';
import { findUserById, findUserByUsername } from '../../../db/queries/users';
import { demoPassword, seedDemo } from '../../../db/seed/demo';
import { sessionContext } from '../../api/context';
import { appRouter, createCaller } from '../../api/root';
import { passwordChangeOwedMessage, type TrpcContext } from '../../api/trpc';
import { disabledMessage, login } from '../../auth/login';
import { hashPassword } from '../../auth/password';
import { changeTemporaryPassword, type PendingPasswordChange } from '../../auth/password-change';
import { temporaryPasswordPattern, usernameSchema } from '../../auth/password-policy';
import { createSession, resolveSession, type SessionUser } from '../../auth/session';
import { databaseKinds, freshDatabase } from '../../test-support/databases';
import { allAuditEvents, auditEventsFor, rejectionOf, testDataAtRestKey } from '../../test-support/workbench';
import type { ServiceContext } from '../context';
import { disableUser, enableUser, lastAdminMessage, unlockUser } from './account-status';
import { createUser } from './create-user';
import { resetUserPassword } from './reset-user-password';

process.env.DATA_AT_REST_KEY = testDataAtRestKey;

const origin = '192.0.2.40';

describe.each(databaseKinds)('user administration on %s', (kind) => {
  let handle: Awaited<ReturnType<typeof freshDatabase>>;
  let acmeId: string;
  beforeAll(async () => {
    handle = await freshDatabase(kind);
    await seedDemo(handle.db, hashPassword);
    acmeId = (await findBureauByCode(handle.db, { code: 'ACME' }))!.id;
  });
  afterAll(() => handle.close());

  const asUser = (user: SessionUser): ServiceContext => ({
    db: handle.db,
    user,
    origin,
    bridge: () => undefined as never,
  });
  const as = async (username: string): Promise<ServiceContext> => {
    const row = (await findUserByUsername(handle.db, { username }))!;
    const { id, displayName, role } = row;
    return asUser({ id, username: row.username, displayName, role });
  };
  const signIn = (username: string, password: string) => login(handle.db, { username, password, origin });
  const pendingOf = (result: Awaited<ReturnType<typeof signIn>>): PendingPasswordChange => ({
    db: handle.db,
    user: result.user,
    sessionToken: result.token,
    origin,
  });
  const callerFor = async (token: string) => {
    const session = await resolveSession(handle.db, token);
    const context: TrpcContext = {
      db: handle.db,
      ...sessionContext(session),
      sessionToken: token,
      origin,
      secureCookies: false,
      resHeaders: null,
    };
    return createCaller(context);
  };

  it('creates a bureau operator with a temporary password that is shown once and never stored or audited', async () => {
    const admin = await as('admin');
    const created = await createUser(admin, {
      username: 'carla.ops',
      displayName: 'Carla Operator',
      role: 'bureau_operator',
      bureauId: acmeId,
    });
    expect(created.temporaryPassword).toMatch(temporaryPasswordPattern);
    const row = (await findUserById(handle.db, { id: created.id }))!;
    expect(row).toMatchObject({
      username: 'carla.ops',
      role: 'bureau_operator',
      bureauId: acmeId,
      passwordChangeRequired: true,
      disabledAt: null,
    });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(row)).not.toContain(created.temporaryPassword);
    const events = await auditEventsFor(handle.db, created.id);
    expect(events.map((e) => [e.category, e.action, e.actorName, e.result])).toEqual([
      ['security', 'user.created', 'Adam Admin', 'success'],
    ]);
    expect(events[0]!.details).toEqual({
      username: 'carla.ops',
      displayName: 'Carla Operator',
      role: 'bureau_operator',
      bureau: 'ACME',
    });
    expect(JSON.stringify(await allAuditEvents(handle.db))).not.toContain(created.temporaryPassword);
    // Two accounts never get the same temporary password.
    const other = await createUser(admin, {
      username: 'dora.ops',
      displayName: 'Dora Operator',
      role: 'bureau_operator',
      bureauId: acmeId,
    });
    expect(other.temporaryPassword).not.toBe(created.temporaryPassword);
  });

  it('makes the new user choose a password before any procedure opens (user names ignore case)', async () => {
    const { temporaryPassword } = await createUser(await as('admin'), {
      username: 'erin.ops',
      displayName: 'Erin Operator',
      role: 'bureau_operator',
      bureauId: acmeId,
    });
    const first = await signIn('ERIN.OPS', temporaryPassword);
    expect([first.passwordChange, first.secondFactor]).toEqual([true, 'none']);
    expect(await resolveSession(handle.db, first.token)).toEqual({
      state: 'password-change-owed',
      user: first.user,
    });
    const refused = await rejectionOf((await callerFor(first.token)).exports.list());
    expect(refused).toBeInstanceOf(TRPCError);
    expect([(refused as TRPCError).code, refused.message]).toEqual([
      'UNAUTHORIZED',
      passwordChangeOwedMessage,
    ]);

    const pending = pendingOf(first);
    for (const [password, message] of [
      ['short-pass1', 'Use at least 12 characters.'],
      ['my-name-is-Erin.Ops-2026', 'Do not use your user name in the password.'],
      [' leading-space-2026', 'Do not start or end the password with a space.'],
      [temporaryPassword, 'Choose a password of your own, not the temporary one you were given.'],
    ]) {
      const problem = await rejectionOf(changeTemporaryPassword(pending, { password: password! }));
      expect([problem.code, problem.message]).toEqual(['INVALID_INPUT', message]);
    }
    // Another session of the same user, opened with the temporary password, ends with the change.
    const elsewhere = await signIn('erin.ops', temporaryPassword);
    expect(await changeTemporaryPassword(pending, { password: 'Erin-own-password-2026' })).toEqual({
      secondFactor: 'none',
    });
    expect(await resolveSession(handle.db, first.token)).toEqual({ state: 'signed-in', user: first.user });
    expect(await resolveSession(handle.db, elsewhere.token)).toBeNull();
    expect(await (await callerFor(first.token)).exports.list()).toEqual([]);
    const again = await rejectionOf(changeTemporaryPassword(pending, { password: 'Yet-another-one-2026' }));
    expect([again.code, again.message]).toEqual([
      'CONFLICT',
      'Your password was already changed: continue signing in.',
    ]);
    const changed = (await auditEventsFor(handle.db, first.user.id)).at(-1)!;
    expect([changed.action, changed.actorName, changed.details]).toEqual([
      'password.changed',
      'Erin Operator',
      {},
    ]);
    expect(JSON.stringify(await allAuditEvents(handle.db))).not.toContain('Erin-own-password-2026');

    expect((await rejectionOf(signIn('erin.ops', temporaryPassword))).code).toBe('UNAUTHENTICATED');
    const later = await signIn('erin.ops', 'Erin-own-password-2026');
    expect([later.passwordChange, later.secondFactor]).toEqual([false, 'none']);
  });

  it('has a new security officer change the password first, then set up the authenticator', async () => {
    const { temporaryPassword } = await createUser(await as('admin'), {
      username: 'olga',
      displayName: 'Olga Officer',
      role: 'security_officer',
      bureauId: null,
    });
    const first = await signIn('olga', temporaryPassword);
    expect([first.passwordChange, first.secondFactor]).toEqual([true, 'enroll']);
    expect((await resolveSession(handle.db, first.token))?.state).toBe('password-change-owed');
    expect(await changeTemporaryPassword(pendingOf(first), { password: 'Officer-pass-phrase-2026' })).toEqual(
      {
        secondFactor: 'enroll',
      },
    );
    expect(await resolveSession(handle.db, first.token)).toEqual({
      state: 'second-factor-owed',
      user: first.user,
      totpEnrolled: false,
    });
  });

  it('refuses a bad account with a message that says what to fix', async () => {
    const admin = await as('admin');
    const base = { username: 'frank', displayName: 'Frank', bureauId: null };
    const cases: [Parameters<typeof createUser>[1], string, string][] = [
      [
        { ...base, role: 'bureau_operator' },
        'INVALID_INPUT',
        'Choose the bureau this bureau operator works for.',
      ],
      [
        { ...base, role: 'analyst', bureauId: acmeId },
        'INVALID_INPUT',
        'Only bureau operators belong to a bureau: leave the bureau empty for this role.',
      ],
      [
        { ...base, username: 'Analyst'.toLowerCase(), role: 'analyst' },
        'CONFLICT',
        'The user name analyst is taken (user names do not differ by case alone): choose another.',
      ],
    ];
    for (const [params, code, message] of cases) {
      const refused = await rejectionOf(createUser(admin, params));
      expect([refused.code, refused.message]).toEqual([code, message]);
    }
    const gone = await insertBureau(handle.db, {
      code: 'GONE',
      name: 'Closed bureau',
      createdBy: admin.user.id,
    });
    await deactivateBureau(handle.db, { id: gone!.id });
    const closed = await rejectionOf(
      createUser(admin, { ...base, role: 'bureau_operator', bureauId: gone!.id }),
    );
    expect([closed.code, closed.message]).toEqual([
      'CONFLICT',
      'Bureau GONE is deactivated: choose an active bureau.',
    ]);
    const analyst = await rejectionOf(createUser(await as('analyst'), { ...base, role: 'analyst' }));
    expect([analyst.code, analyst.message]).toEqual(['FORBIDDEN', 'Your role does not allow this action.']);
    expect(await findUserByUsername(handle.db, { username: 'frank' })).toBeNull();

    expect(usernameSchema.parse('  Frank.Smith ')).toBe('frank.smith');
    for (const bad of ['fr', '1frank', 'frank smith', 'frank@bank', 'f'.repeat(33)]) {
      expect(usernameSchema.safeParse(bad).success).toBe(false);
    }
  });

  it('disables an account: its sessions end, it cannot sign in, and enabling it restores it', async () => {
    const admin = await as('admin');
    const open = await signIn('bureau2', demoPassword);
    const { id } = (await findUserByUsername(handle.db, { username: 'bureau2' }))!;
    expect(await disableUser(admin, { userId: id })).toEqual({ username: 'bureau2' });
    expect(await resolveSession(handle.db, open.token)).toBeNull();
    // A session row that appeared anyway (opened in the same moment) opens nothing either.
    expect(await resolveSession(handle.db, await createSession(handle.db, id))).toBeNull();
    const refused = await rejectionOf(signIn('bureau2', demoPassword));
    expect([refused.code, refused.message]).toEqual(['FORBIDDEN', disabledMessage]);
    // A wrong password gets the usual answer: the account's state is told only to whoever knows it.
    const guess = await rejectionOf(signIn('bureau2', 'not-the-password'));
    expect([guess.code, guess.message]).toEqual(['UNAUTHENTICATED', 'Unknown user name or wrong password.']);
    const twice = await rejectionOf(disableUser(admin, { userId: id }));
    expect([twice.code, twice.message]).toEqual(['CONFLICT', 'bureau2 is already disabled.']);

    expect(await enableUser(admin, { userId: id })).toEqual({ username: 'bureau2' });
    expect((await signIn('bureau2', demoPassword)).user.username).toBe('bureau2');
    const notDisabled = await rejectionOf(enableUser(admin, { userId: id }));
    expect([notDisabled.code, notDisabled.message]).toEqual([
      'CONFLICT',
      'bureau2 is not disabled: there is nothing to enable.',
    ]);
    const events = (await auditEventsFor(handle.db, id)).map((e) => [e.category, e.action, e.actorName]);
    expect(events).toEqual([
      ['security', 'user.disabled', 'Adam Admin'],
      ['security', 'user.enabled', 'Adam Admin'],
    ]);
  });

  it('never disables one’s own account or the last active administrator', async () => {
    const admin = await as('admin');
    const self = await rejectionOf(disableUser(admin, { userId: admin.user.id }));
    expect([self.code, self.message]).toEqual([
      'FORBIDDEN',
      'You cannot disable your own account: ask another administrator.',
    ]);
    expect((await auditEventsFor(handle.db, admin.user.id)).at(-1)).toMatchObject({
      action: 'user.disabled',
      result: 'refused',
      details: { reason: 'You cannot disable your own account: ask another administrator.' },
    });

    // A second administrator can be disabled while another stays active (positive control) ...
    const second = await createUser(admin, {
      username: 'admin2',
      displayName: 'Ada Admin',
      role: 'admin',
      bureauId: null,
    });
    const adminTwo = asUser({ id: second.id, username: 'admin2', displayName: 'Ada Admin', role: 'admin' });
    await disableUser(admin, { userId: second.id });
    // ... but a request of theirs still in flight cannot then disable the last one.
    const last = await rejectionOf(disableUser(adminTwo, { userId: admin.user.id }));
    expect([last.code, last.message]).toEqual(['CONFLICT', lastAdminMessage]);
    expect((await findUserById(handle.db, { id: admin.user.id }))!.disabledAt).toBeNull();
    expect((await auditEventsFor(handle.db, admin.user.id)).at(-1)).toMatchObject({
      action: 'user.disabled',
      actorName: 'Ada Admin',
      result: 'refused',
    });

    // Two administrators disabling each other at the same moment: exactly one of them succeeds.
    await enableUser(admin, { userId: second.id });
    const outcomes = await Promise.allSettled([
      disableUser(admin, { userId: second.id }),
      disableUser(adminTwo, { userId: admin.user.id }),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const stillActive = await Promise.all(
      [admin.user.id, second.id].map(
        async (id) => (await findUserById(handle.db, { id }))!.disabledAt === null,
      ),
    );
    expect(stillActive.filter(Boolean)).toHaveLength(1);
    // Leave the demo administrator active for the tests after this one.
    if (stillActive[1]) {
      await enableUser(adminTwo, { userId: admin.user.id });
      await disableUser(adminTwo, { userId: second.id }).catch(() => undefined);
      await disableUser(admin, { userId: second.id });
    }
    expect((await findUserById(handle.db, { id: admin.user.id }))!.disabledAt).toBeNull();
  });

  it('unlocks an account locked by failed sign-ins', async () => {
    const admin = await as('admin');
    for (let i = 0; i < 5; i++) await rejectionOf(signIn('auditor', 'wrong-password'));
    const locked = await rejectionOf(signIn('auditor', demoPassword));
    expect(locked.code).toBe('LOCKED');
    const { id } = (await findUserByUsername(handle.db, { username: 'auditor' }))!;
    expect(await unlockUser(admin, { userId: id })).toEqual({ username: 'auditor' });
    expect((await signIn('auditor', demoPassword)).user.username).toBe('auditor');
    const notLocked = await rejectionOf(unlockUser(admin, { userId: id }));
    expect([notLocked.code, notLocked.message]).toEqual([
      'CONFLICT',
      'auditor is not locked out: there is nothing to unlock.',
    ]);
    expect((await auditEventsFor(handle.db, id)).at(-1)).toMatchObject({
      category: 'security',
      action: 'user.unlocked',
      actorName: 'Adam Admin',
    });
  });

  it('resets a password: a new temporary one, sessions ended, lockout ended, never one’s own', async () => {
    const admin = await as('admin');
    const open = await signIn('analyst', demoPassword);
    for (let i = 0; i < 5; i++) await rejectionOf(signIn('analyst', 'wrong-password'));
    const { id } = (await findUserByUsername(handle.db, { username: 'analyst' }))!;
    const reset = await resetUserPassword(admin, { userId: id });
    expect(reset.temporaryPassword).toMatch(temporaryPasswordPattern);
    expect(await resolveSession(handle.db, open.token)).toBeNull();
    expect((await rejectionOf(signIn('analyst', demoPassword))).code).toBe('UNAUTHENTICATED');
    const next = await signIn('analyst', reset.temporaryPassword);
    expect(next.passwordChange).toBe(true);
    await changeTemporaryPassword(pendingOf(next), { password: demoPassword });
    expect((await signIn('analyst', demoPassword)).passwordChange).toBe(false);
    expect(
      (await auditEventsFor(handle.db, id)).find((e) => e.action === 'user.password-reset'),
    ).toMatchObject({
      category: 'security',
      actorName: 'Adam Admin',
      details: { username: 'analyst', wasLocked: true },
    });
    expect(JSON.stringify(await allAuditEvents(handle.db))).not.toContain(reset.temporaryPassword);

    const self = await rejectionOf(resetUserPassword(admin, { userId: admin.user.id }));
    expect([self.code, self.message]).toEqual([
      'FORBIDDEN',
      'You cannot reset your own password: ask another administrator.',
    ]);
  });

  it('lists the account state for the users page, without any password', async () => {
    const rows = await createCaller({
      db: handle.db,
      user: (await as('admin')).user,
      sessionToken: undefined,
      origin,
      secureCookies: false,
      resHeaders: null,
    }).users.list();
    expect(rows.find((r) => r.username === 'admin2')).toMatchObject({
      disabledAt: expect.any(Date),
      passwordChangeRequired: true,
    });
    expect(rows.find((r) => r.username === 'analyst')).toMatchObject({
      disabledAt: null,
      passwordChangeRequired: false,
    });
    expect(JSON.stringify(rows)).not.toMatch(/argon2|passwordHash/);
    expect(Object.keys(appRouter._def.procedures)).toContain('auth.password.change');
  });
});
