import { randomInt } from 'node:crypto';
import { z } from 'zod';

export const minPasswordLength = 12;
/** The login form takes up to 256 characters; a longer password could be set but never used. */
export const maxPasswordLength = 256;

/**
 * User names: 3 to 32 characters, lower-case letters, digits, dot, dash and underscore, starting with
 * a letter. Stored in lower case, so they compare without case.
 */
export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[a-z][a-z0-9._-]{2,31}$/,
    'Use 3 to 32 characters: letters, digits, dot, dash or underscore, starting with a letter',
  );

/**
 * What is wrong with a password a user chooses for themself, or null. The temporary password is
 * checked by the caller (only its hash is stored).
 */
export function passwordProblem(password: string, params: { username: string }): string | null {
  if (password.length < minPasswordLength) {
    return `Use at least ${minPasswordLength} characters.`;
  }
  if (password.length > maxPasswordLength) return `Use at most ${maxPasswordLength} characters.`;
  if (password.trim() !== password) return 'Do not start or end the password with a space.';
  if (password.toLowerCase().includes(params.username.toLowerCase())) {
    return 'Do not use your user name in the password.';
  }
  return null;
}

/** Without 0/O, 1/I/L: a temporary password is read out or copied by hand. */
const temporaryAlphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/**
 * A temporary password an administrator is shown once: 4 groups of 5 characters from 31, about 99
 * bits from the operating system's random generator.
 */
export function generateTemporaryPassword(): string {
  const groups = Array.from({ length: 4 }, () =>
    Array.from({ length: 5 }, () => temporaryAlphabet[randomInt(temporaryAlphabet.length)]).join(''),
  );
  return groups.join('-');
}

export const temporaryPasswordPattern = /^([A-HJKMNP-Z2-9]{5}-){3}[A-HJKMNP-Z2-9]{5}$/;
