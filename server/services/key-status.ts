import { findKey, setKeyStatus } from '../../db/queries/keys';
import { AppError } from '../errors';
import { recordAudit } from './audit-trail';
import { actorOf, requireRole, type ServiceContext } from './context';

export type KeyStatus = 'active' | 'suspended' | 'destroyed';

/** Which status changes are allowed: a destroyed key never comes back. */
const allowed: Record<KeyStatus, KeyStatus[]> = {
  active: ['suspended', 'destroyed'],
  suspended: ['active', 'destroyed'],
  destroyed: [],
};

/**
 * Suspends, reactivates or retires a key in the inventory. A key that is not active cannot be chosen
 * for a job or used by one (see jobs/job-parameters.ts). Every change is a security event.
 */
export async function changeKeyStatus(
  ctx: ServiceContext,
  params: { keyId: string; status: KeyStatus; reason: string },
) {
  requireRole(ctx, 'security_officer');
  const key = await findKey(ctx.db, { id: params.keyId });
  if (!key) throw new AppError('NOT_FOUND', 'This key does not exist.');
  if (!allowed[key.status].includes(params.status)) {
    throw new AppError('CONFLICT', `Key "${key.label}" is ${key.status}; it cannot become ${params.status}.`);
  }
  return ctx.db.transaction(async (tx) => {
    const updated = await setKeyStatus(tx, { id: key.id, status: params.status });
    await recordAudit(tx, actorOf(ctx), {
      category: 'security',
      action: `key.${params.status === 'active' ? 'reactivate' : params.status === 'suspended' ? 'suspend' : 'destroy'}`,
      objectType: 'key',
      objectId: key.id,
      details: {
        label: key.label,
        usage: key.usage,
        kcv: key.kcv,
        from: key.status,
        to: params.status,
        reason: params.reason,
      },
    });
    return updated!;
  });
}
