import type { Role } from '../../db/queries/users';

export type { Role };

export const roleNames: Record<Role, string> = {
  analyst: 'Issuer analyst',
  security_officer: 'Security officer',
  bureau_operator: 'Bureau operator',
  auditor: 'Auditor',
  admin: 'Administrator',
};

/** Which workbench areas each role may open; the API checks the same roles per procedure. */
export const areasByRole: Record<Role, readonly Area[]> = {
  analyst: ['dashboard', 'profiles', 'jobs', 'keys', 'calculator'],
  security_officer: ['dashboard', 'profiles', 'keys', 'approvals', 'jobs', 'calculator'],
  bureau_operator: ['dashboard', 'exports'],
  auditor: ['dashboard', 'audit'],
  admin: ['dashboard', 'users', 'bureaus'],
};

export type Area =
  | 'dashboard'
  | 'profiles'
  | 'jobs'
  | 'keys'
  | 'approvals'
  | 'exports'
  | 'audit'
  | 'users'
  | 'bureaus'
  | 'calculator';

/**
 * Roles that sign in with a second factor (TOTP) after the password: those who hold keys and approve,
 * and those who manage accounts.
 */
export const secondFactorRoles: readonly Role[] = ['security_officer', 'admin'];
