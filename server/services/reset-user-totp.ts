import { clearTotp, deleteSessionsOfUser, findUserById } from '../../db/queries/users';
import { AppError } from '../errors';
import { recordAudit } from './audit-trail';
import { actorOf, requireRole, type ServiceContext } from './context';

/**
 * An administrator clears a user's TOTP secret (a lost or replaced phone): the user sets up an
 * authenticator app again at the next sign-in. The user's sessions end now, so whoever holds the old
 * device keeps nothing open. No second approver: this grants nothing, it only asks for a new enrollment.
 */
export async function resetUserTotp(ctx: ServiceContext, params: { userId: string }) {
  requireRole(ctx, 'admin');
  if (params.userId === ctx.user.id) {
    throw new AppError(
      'FORBIDDEN',
      'You cannot reset your own authenticator app: ask another administrator.',
    );
  }
  const user = await findUserById(ctx.db, { id: params.userId });
  if (!user) throw new AppError('NOT_FOUND', 'This user does not exist.');
  if (!user.totpSecretSealed && !user.totpConfirmedAt) {
    throw new AppError(
      'CONFLICT',
      `${user.username} has no authenticator app set up: there is nothing to reset.`,
    );
  }
  await ctx.db.transaction(async (tx) => {
    await clearTotp(tx, { userId: user.id });
    await deleteSessionsOfUser(tx, { userId: user.id });
    await recordAudit(tx, actorOf(ctx), {
      category: 'security',
      action: 'totp.reset',
      objectType: 'user',
      objectId: user.id,
      details: { username: user.username, wasConfirmed: user.totpConfirmedAt !== null },
    });
  });
  return { username: user.username };
}
