import { findBureau, setUserBureau } from '../../../db/queries/bureaus';
import { findUserById } from '../../../db/queries/users';
import { AppError } from '../../errors';
import { recordAudit } from '../audit-trail';
import { actorOf, requireRole, type ServiceContext } from '../context';

/**
 * The administrator sets the one bureau a bureau operator works for. Only bureau operators have one
 * (the database refuses it for other roles), and only an active bureau can be given.
 */
export async function assignOperatorBureau(
  ctx: ServiceContext,
  params: { userId: string; bureauId: string },
) {
  requireRole(ctx, 'admin');
  const user = await findUserById(ctx.db, { id: params.userId });
  if (!user) throw new AppError('NOT_FOUND', 'This user does not exist.');
  if (user.role !== 'bureau_operator') {
    throw new AppError(
      'INVALID_INPUT',
      `${user.username} is not a bureau operator: only bureau operators belong to a bureau.`,
    );
  }
  const bureau = await findBureau(ctx.db, { id: params.bureauId });
  if (!bureau) throw new AppError('NOT_FOUND', 'This bureau does not exist.');
  if (!bureau.active) {
    throw new AppError('CONFLICT', `Bureau ${bureau.code} is deactivated: choose an active bureau.`);
  }
  if (user.bureauId === bureau.id) return { username: user.username, bureauCode: bureau.code };
  const previous = user.bureauId ? await findBureau(ctx.db, { id: user.bureauId }) : null;
  await ctx.db.transaction(async (tx) => {
    if (!(await setUserBureau(tx, { userId: user.id, bureauId: bureau.id }))) {
      throw new AppError('CONFLICT', `${user.username} changed meanwhile: reload and try again.`);
    }
    await recordAudit(tx, actorOf(ctx), {
      category: 'security',
      action: 'user.bureau',
      objectType: 'user',
      objectId: user.id,
      details: { username: user.username, bureau: bureau.code, previousBureau: previous?.code ?? null },
    });
  });
  return { username: user.username, bureauCode: bureau.code };
}
