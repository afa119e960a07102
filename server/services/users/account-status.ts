import {
  deleteSessionsOfUser,
  findUserById,
  lockActiveAdmins,
  setLoginFailures,
  setUserDisabled,
  type UserRow,
} from '../../../db/queries/users';
import { isLocked } from '../../auth/login';
import { AppError } from '../../errors';
import { recordAudit } from '../audit-trail';
import { actorOf, requireRole, type ServiceContext } from '../context';
import { refuse } from '../refusal';

export async function findTargetUser(ctx: ServiceContext, userId: string): Promise<UserRow> {
  const user = await findUserById(ctx.db, { id: userId });
  if (!user) throw new AppError('NOT_FOUND', 'This user does not exist.');
  return user;
}

export const lastAdminMessage =
  'This is the last active administrator: enable or create another administrator first, so somebody can still manage accounts.';

/**
 * An administrator disables an account: it cannot sign in, and every session it has ends now. Not
 * one's own account, and never the last active administrator (the check holds the active
 * administrators' rows, so two administrators disabling each other at once cannot both succeed).
 */
export async function disableUser(ctx: ServiceContext, params: { userId: string }) {
  requireRole(ctx, 'admin');
  const user = await findTargetUser(ctx, params.userId);
  const audit = {
    category: 'security' as const,
    action: 'user.disabled',
    objectType: 'user',
    objectId: user.id,
  };
  if (user.id === ctx.user.id) {
    return refuse(
      ctx,
      { ...audit, details: { username: user.username } },
      'FORBIDDEN',
      'You cannot disable your own account: ask another administrator.',
    );
  }
  if (user.disabledAt) throw new AppError('CONFLICT', `${user.username} is already disabled.`);
  const outcome = await ctx.db.transaction(async (tx) => {
    if (user.role === 'admin') {
      const activeAdmins = await lockActiveAdmins(tx);
      if (!activeAdmins.some((admin) => admin.id !== user.id)) return 'last admin' as const;
    }
    if (!(await setUserDisabled(tx, { userId: user.id, disabledAt: new Date() }))) {
      throw new AppError('CONFLICT', `${user.username} is already disabled.`);
    }
    await deleteSessionsOfUser(tx, { userId: user.id });
    await recordAudit(tx, actorOf(ctx), { ...audit, details: { username: user.username, role: user.role } });
    return 'disabled' as const;
  });
  if (outcome === 'last admin') {
    return refuse(ctx, { ...audit, details: { username: user.username } }, 'CONFLICT', lastAdminMessage);
  }
  return { username: user.username };
}

/** An administrator enables a disabled account again; its password and authenticator are unchanged. */
export async function enableUser(ctx: ServiceContext, params: { userId: string }) {
  requireRole(ctx, 'admin');
  const user = await findTargetUser(ctx, params.userId);
  await ctx.db.transaction(async (tx) => {
    if (!(await setUserDisabled(tx, { userId: user.id, disabledAt: null }))) {
      throw new AppError('CONFLICT', `${user.username} is not disabled: there is nothing to enable.`);
    }
    await recordAudit(tx, actorOf(ctx), {
      category: 'security',
      action: 'user.enabled',
      objectType: 'user',
      objectId: user.id,
      details: { username: user.username },
    });
  });
  return { username: user.username };
}

/** An administrator ends a lockout after failed sign-ins before its 15 minutes are over. */
export async function unlockUser(ctx: ServiceContext, params: { userId: string }) {
  requireRole(ctx, 'admin');
  const user = await findTargetUser(ctx, params.userId);
  if (!isLocked(user)) {
    throw new AppError('CONFLICT', `${user.username} is not locked out: there is nothing to unlock.`);
  }
  await ctx.db.transaction(async (tx) => {
    await setLoginFailures(tx, { userId: user.id, failedLogins: 0, lockedUntil: null });
    await recordAudit(tx, actorOf(ctx), {
      category: 'security',
      action: 'user.unlocked',
      objectType: 'user',
      objectId: user.id,
      details: { username: user.username },
    });
  });
  return { username: user.username };
}
