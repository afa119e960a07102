import { AppError, type AppErrorCode } from '../errors';
import { recordAudit, type AuditInput } from './audit-trail';
import { actorOf, type ServiceContext } from './context';
import { withHsm } from './hsm-call';

type RefusedAudit = Omit<AuditInput, 'result'>;

/** Records a refused attempt (with the reason people were given) and refuses it. */
export async function refuse(
  ctx: ServiceContext,
  audit: RefusedAudit,
  code: AppErrorCode,
  message: string,
): Promise<never> {
  await recordAudit(ctx.db, actorOf(ctx), {
    ...audit,
    result: 'refused',
    details: { ...audit.details, reason: message },
  });
  throw new AppError(code, message);
}

/** A bridge call whose refusal (not an outage) is recorded as a refused attempt with the HSM's reason. */
export async function withHsmAudited<T>(
  ctx: ServiceContext,
  audit: RefusedAudit,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await withHsm(call);
  } catch (error) {
    if (error instanceof AppError && error.code === 'HSM_REFUSED') {
      return refuse(ctx, audit, error.code, error.message);
    }
    throw error;
  }
}
