import type { Db } from '../../../db/client';
import { findKey, type KeyRow } from '../../../db/queries/keys';
import type { KeyUsage } from '../../emv/hsm-commands';
import { AppError } from '../../errors';

/** A key chosen for a job must exist, be active and have the usage the job needs it for. */
export async function requireJobKey(db: Db, id: string, usage: KeyUsage, role: string): Promise<KeyRow> {
  const key = await findKey(db, { id });
  if (!key) throw new AppError('NOT_FOUND', `The ${role} key does not exist.`);
  if (key.status !== 'active')
    throw new AppError('CONFLICT', `The ${role} key "${key.label}" is ${key.status}.`);
  if (key.usage !== usage) {
    throw new AppError(
      'INVALID_INPUT',
      `The ${role} must be a key of usage ${usage}; "${key.label}" has usage ${key.usage}.`,
    );
  }
  return key;
}
