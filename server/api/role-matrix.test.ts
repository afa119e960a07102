import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUserByUsername } from '../../db/queries/users';
import { hashPassword } from '../auth/password';
import { seedDemo } from '../../db/seed/demo';
import { freshDatabase } from '../test-support/databases';
import { createCaller, appRouter } from './root';
import type { TrpcContext } from './trpc';

type SignedIn = 'analyst' | 'security_officer' | 'bureau_operator' | 'auditor' | 'admin';
/** Half signed in: the password was right, the TOTP code is still owed (one not yet enrolled, one enrolled). */
type OwingCode = 'officer_owing_enrollment' | 'admin_owing_code';
/** Signed in with a temporary password: a password of their own is owed before anything else. */
type OwingPassword = 'operator_owing_password' | 'officer_owing_password';
type Caller = 'anonymous' | SignedIn | OwingCode | OwingPassword;
const signedIn: Caller[] = ['analyst', 'security_officer', 'bureau_operator', 'auditor', 'admin'];
const owingCode: Caller[] = ['officer_owing_enrollment', 'admin_owing_code'];
const owingPassword: Caller[] = ['operator_owing_password', 'officer_owing_password'];
const everyone: Caller[] = ['anonymous', ...signedIn, ...owingCode, ...owingPassword];

/** Who may call each procedure. A procedure missing here, or a caller let in or kept out differently, fails. */
const allowed: Record<string, Caller[]> = {
  'auth.login': everyone,
  'auth.me': everyone,
  'auth.logout': [...signedIn, ...owingCode, ...owingPassword],
  'auth.password.status': everyone,
  'auth.password.change': owingPassword,
  'auth.totp.status': everyone,
  'auth.totp.startEnrollment': owingCode,
  'auth.totp.confirmEnrollment': owingCode,
  'auth.totp.verify': owingCode,
  'system.hsmStatus': signedIn,
  'keys.list': ['analyst', 'security_officer'],
  'keys.generate': ['security_officer'],
  'keys.changeStatus': ['security_officer'],
  'keys.ceremonies.list': ['security_officer'],
  'keys.ceremonies.get': ['security_officer'],
  'keys.ceremonies.start': ['security_officer'],
  'keys.ceremonies.submitComponent': ['security_officer'],
  'keys.ceremonies.cancel': ['security_officer'],
  'keys.caKeys.list': ['security_officer'],
  'keys.caKeys.add': ['security_officer'],
  'keys.caKeys.createTestCa': ['security_officer'],
  'keys.issuerKeys.list': ['security_officer'],
  'keys.issuerKeys.get': ['security_officer'],
  'keys.issuerKeys.generate': ['security_officer'],
  'keys.issuerKeys.exportForCa': ['security_officer'],
  'keys.issuerKeys.importCertificate': ['security_officer'],
  'keys.issuerKeys.signWithTestCa': ['security_officer'],
  'profiles.list': ['analyst', 'security_officer'],
  'profiles.demos': ['analyst', 'security_officer'],
  'profiles.get': ['analyst', 'security_officer'],
  'profiles.checkJson': ['analyst', 'security_officer'],
  'profiles.importJson': ['analyst'],
  'profiles.createFromDemo': ['analyst'],
  'profiles.createBlank': ['analyst'],
  'profiles.saveVersion': ['analyst'],
  'profiles.submit': ['analyst'],
  'profiles.approve': ['security_officer'],
  'profiles.reject': ['security_officer'],
  'profiles.exportJson': ['analyst', 'security_officer'],
  'profiles.diff': ['analyst', 'security_officer'],
  'profiles.preview': ['analyst', 'security_officer'],
  'profiles.dictionary': ['analyst', 'security_officer'],
  'jobs.list': ['analyst', 'security_officer'],
  'jobs.get': ['analyst', 'security_officer'],
  'jobs.create': ['analyst'],
  'jobs.submit': ['analyst'],
  'jobs.cancel': ['analyst'],
  'jobs.approve': ['security_officer'],
  'jobs.release': ['security_officer'],
  'jobs.records': ['analyst', 'security_officer'],
  'jobs.profileVersions': ['analyst', 'security_officer'],
  'jobs.requirements': ['analyst', 'security_officer'],
  'jobs.validations': ['analyst', 'security_officer'],
  'jobs.validationReport': ['analyst', 'security_officer'],
  'jobs.reopenFile': ['security_officer'],
  'exports.list': ['bureau_operator'],
  'audit.list': ['auditor'],
  'audit.verify': ['auditor'],
  'users.list': ['admin'],
  'users.create': ['admin'],
  'users.disable': ['admin'],
  'users.enable': ['admin'],
  'users.unlock': ['admin'],
  'users.resetPassword': ['admin'],
  'users.resetTotp': ['admin'],
  'users.setBureau': ['admin'],
  'bureaus.list': ['admin', 'analyst', 'security_officer'],
  'bureaus.create': ['admin'],
  'bureaus.deactivate': ['admin'],
  'calculator.run': ['analyst', 'security_officer'],
  'validation.validateCards': ['security_officer'],
};

const usernames: Record<SignedIn, string> = {
  analyst: 'analyst',
  security_officer: 'officer1',
  bureau_operator: 'bureau',
  auditor: 'auditor',
  admin: 'admin',
};

describe('every tRPC procedure x every role', () => {
  let handle: Awaited<ReturnType<typeof freshDatabase>>;
  const contexts = {} as Record<Caller, TrpcContext>;
  beforeAll(async () => {
    handle = await freshDatabase('pglite');
    await seedDemo(handle.db, hashPassword);
    const base = {
      db: handle.db,
      sessionToken: undefined,
      origin: 'test',
      secureCookies: false,
      resHeaders: null,
    };
    contexts.anonymous = { ...base, user: null };
    for (const [role, username] of Object.entries(usernames)) {
      const user = (await findUserByUsername(handle.db, { username }))!;
      contexts[role as Caller] = {
        ...base,
        user: { id: user.id, username, displayName: user.displayName, role: user.role },
      };
    }
    const owing = (signedInAs: SignedIn, totpEnrolled: boolean): TrpcContext => ({
      ...base,
      sessionToken: 'a-session-owing-its-code',
      user: null,
      secondFactorOwed: { user: contexts[signedInAs].user!, totpEnrolled },
    });
    contexts.officer_owing_enrollment = owing('security_officer', false);
    contexts.admin_owing_code = owing('admin', true);
    const owingOwnPassword = (signedInAs: SignedIn): TrpcContext => ({
      ...base,
      sessionToken: 'a-session-owing-its-password',
      user: null,
      passwordChangeOwed: { user: contexts[signedInAs].user! },
    });
    contexts.operator_owing_password = owingOwnPassword('bureau_operator');
    contexts.officer_owing_password = owingOwnPassword('security_officer');
  });
  afterAll(() => handle.close());

  const procedures = Object.keys(appRouter._def.procedures).sort();

  it('has an entry in the allow table for every procedure, and no stale entry', () => {
    expect(procedures).toEqual(Object.keys(allowed).sort());
  });

  it.each(procedures.flatMap((path) => everyone.map((caller) => [path, caller] as const)))(
    '%s as %s',
    async (path, caller) => {
      const call = path
        .split('.')
        .reduce<unknown>(
          (node, part) => (node as Record<string, unknown>)[part],
          createCaller(contexts[caller]),
        ) as (input?: unknown) => Promise<unknown>;
      let code: string | null = null;
      try {
        // The role check runs before the input is parsed, so a deliberately empty input is enough.
        await call({});
      } catch (error) {
        code = error instanceof TRPCError ? error.code : 'OTHER';
      }
      const refused = code === 'FORBIDDEN' || code === 'UNAUTHORIZED';
      expect(refused ? 'refused' : 'let in').toBe(allowed[path]!.includes(caller) ? 'let in' : 'refused');
    },
  );
});
