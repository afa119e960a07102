import { z } from 'zod';
import {
  deactivateBureau as deactivateRow,
  findBureau,
  insertBureau,
  listBureaus as listRows,
} from '../../../db/queries/bureaus';
import { AppError } from '../../errors';
import { recordAudit } from '../audit-trail';
import { actorOf, requireRole, type ServiceContext } from '../context';

export const createBureauInput = z.object({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(
      /^[A-Z0-9][A-Z0-9_-]{1,15}$/,
      'A code is 2 to 16 letters, digits, "-" or "_", starting with a letter or digit (e.g. ACME-EU)',
    ),
  name: z
    .string()
    .trim()
    .min(3, 'Give the bureau’s name in at least 3 characters')
    .max(120, 'A bureau name has at most 120 characters'),
});
export type CreateBureauInput = z.input<typeof createBureauInput>;

/** The administrator adds a bureau; its code cannot be reused, even by a deactivated one. */
export async function createBureau(ctx: ServiceContext, rawInput: CreateBureauInput) {
  requireRole(ctx, 'admin');
  const input = createBureauInput.parse(rawInput);
  return ctx.db.transaction(async (tx) => {
    const bureau = await insertBureau(tx, { ...input, createdBy: ctx.user.id });
    if (!bureau) {
      throw new AppError(
        'CONFLICT',
        `A bureau with the code ${input.code} exists already (perhaps deactivated): choose another code.`,
      );
    }
    await recordAudit(tx, actorOf(ctx), {
      category: 'management',
      action: 'bureau.create',
      objectType: 'bureau',
      objectId: bureau.id,
      details: { code: bureau.code, name: bureau.name },
    });
    return bureau;
  });
}

/**
 * The administrator deactivates a bureau: no new job can name it, and its operators see and download
 * nothing any more. Kept, not deleted: its jobs and the audit trail name it.
 */
export async function deactivateBureau(ctx: ServiceContext, params: { bureauId: string }) {
  requireRole(ctx, 'admin');
  const bureau = await findBureau(ctx.db, { id: params.bureauId });
  if (!bureau) throw new AppError('NOT_FOUND', 'This bureau does not exist.');
  return ctx.db.transaction(async (tx) => {
    const deactivated = await deactivateRow(tx, { id: bureau.id });
    if (!deactivated) throw new AppError('CONFLICT', `Bureau ${bureau.code} is already deactivated.`);
    await recordAudit(tx, actorOf(ctx), {
      category: 'management',
      action: 'bureau.deactivate',
      objectType: 'bureau',
      objectId: bureau.id,
      details: { code: bureau.code, name: bureau.name },
    });
    return deactivated;
  });
}

/** Every bureau for the administrator; the active ones for those who make and approve jobs. */
export async function listBureaus(ctx: ServiceContext) {
  requireRole(ctx, 'admin', 'analyst', 'security_officer');
  return listRows(ctx.db, { activeOnly: ctx.user.role !== 'admin' });
}
