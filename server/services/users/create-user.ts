import { findBureau } from '../../../db/queries/bureaus';
import { findUserByUsername, insertUser, type Role } from '../../../db/queries/users';
import { hashPassword } from '../../auth/password';
import { generateTemporaryPassword } from '../../auth/password-policy';
import { AppError } from '../../errors';
import { recordAudit } from '../audit-trail';
import { actorOf, requireRole, type ServiceContext } from '../context';

export interface CreateUserParams {
  /** Already checked and lower-cased by `usernameSchema`. */
  username: string;
  displayName: string;
  role: Role;
  /** The bureau of a bureau operator; must be null for every other role. */
  bureauId: string | null;
}

/**
 * An administrator opens an account. The password is a temporary one generated here and returned
 * once, for the administrator to hand over; the user must replace it at the first sign-in (officers
 * and administrators then set up their authenticator app). Neither the password nor its hash is
 * audited or returned again.
 */
export async function createUser(
  ctx: ServiceContext,
  params: CreateUserParams,
): Promise<{ id: string; username: string; temporaryPassword: string }> {
  requireRole(ctx, 'admin');
  const bureauCode = await checkBureau(ctx, params);
  if (await findUserByUsername(ctx.db, { username: params.username })) {
    throw new AppError(
      'CONFLICT',
      `The user name ${params.username} is taken (user names do not differ by case alone): choose another.`,
    );
  }
  const temporaryPassword = generateTemporaryPassword();
  const passwordHash = await hashPassword(temporaryPassword);
  const created = await ctx.db.transaction(async (tx) => {
    const row = await insertUser(tx, { ...params, passwordHash, passwordChangeRequired: true });
    if (!row) return null;
    await recordAudit(tx, actorOf(ctx), {
      category: 'security',
      action: 'user.created',
      objectType: 'user',
      objectId: row.id,
      details: {
        username: row.username,
        displayName: row.displayName,
        role: row.role,
        bureau: bureauCode,
      },
    });
    return row;
  });
  if (!created) {
    throw new AppError('CONFLICT', `The user name ${params.username} was taken meanwhile: choose another.`);
  }
  return { id: created.id, username: created.username, temporaryPassword };
}

/** A bureau operator needs an active bureau; no other role has one. Returns the bureau's code. */
async function checkBureau(ctx: ServiceContext, params: CreateUserParams): Promise<string | null> {
  if (params.role !== 'bureau_operator') {
    if (params.bureauId) {
      throw new AppError(
        'INVALID_INPUT',
        'Only bureau operators belong to a bureau: leave the bureau empty for this role.',
      );
    }
    return null;
  }
  if (!params.bureauId) {
    throw new AppError('INVALID_INPUT', 'Choose the bureau this bureau operator works for.');
  }
  const bureau = await findBureau(ctx.db, { id: params.bureauId });
  if (!bureau) throw new AppError('NOT_FOUND', 'This bureau does not exist.');
  if (!bureau.active) {
    throw new AppError('CONFLICT', `Bureau ${bureau.code} is deactivated: choose an active bureau.`);
  }
  return bureau.code;
}
