import { hash, verify } from '@node-rs/argon2';

/** @node-rs/argon2's Algorithm.Argon2id; a const enum cannot be imported under isolatedModules. */
const argon2id = 2;

/** Argon2id with the OWASP 2023 minimums (19 MiB, 2 passes, 1 lane). */
const options = { algorithm: argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash of a random password, verified against when the user does not exist, so timing says nothing. */
export const decoyPasswordHash = hashPassword('decoy-password-that-matches-nobody');
