import { deleteSessionsOfUser, setTemporaryPassword } from '../../../db/queries/users';
import { isLocked } from '../../auth/login';
import { hashPassword } from '../../auth/password';
import { generateTemporaryPassword } from '../../auth/password-policy';
import { recordAudit } from '../audit-trail';
import { actorOf, requireRole, type ServiceContext } from '../context';
import { refuse } from '../refusal';
import { findTargetUser } from './account-status';

/**
 * An administrator gives a user a new temporary password (a forgotten one): shown once, to be
 * replaced at the next sign-in. The user's sessions end now and a lockout ends with it. The
 * authenticator app is kept, so an officer's or administrator's sign-in still needs their own device.
 */
export async function resetUserPassword(
  ctx: ServiceContext,
  params: { userId: string },
): Promise<{ username: string; temporaryPassword: string }> {
  requireRole(ctx, 'admin');
  const user = await findTargetUser(ctx, params.userId);
  if (user.id === ctx.user.id) {
    return refuse(
      ctx,
      {
        category: 'security',
        action: 'user.password-reset',
        objectType: 'user',
        objectId: user.id,
        details: { username: user.username },
      },
      'FORBIDDEN',
      'You cannot reset your own password: ask another administrator.',
    );
  }
  const temporaryPassword = generateTemporaryPassword();
  const passwordHash = await hashPassword(temporaryPassword);
  await ctx.db.transaction(async (tx) => {
    await setTemporaryPassword(tx, { userId: user.id, passwordHash });
    await deleteSessionsOfUser(tx, { userId: user.id });
    await recordAudit(tx, actorOf(ctx), {
      category: 'security',
      action: 'user.password-reset',
      objectType: 'user',
      objectId: user.id,
      details: { username: user.username, wasLocked: isLocked(user) },
    });
  });
  return { username: user.username, temporaryPassword };
}
