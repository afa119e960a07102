import { z } from 'zod';
import {
  findApplicationTemplate,
  findCardTemplateByName,
  insertCardTemplate,
} from '../../db/queries/templates';
import { AppError } from '../errors';
import { recordAudit } from './audit-trail';
import { actorOf, requireRole, type ServiceContext } from './context';

export const cardTemplateInput = z.object({
  name: z.string().trim().min(3, 'Name must be at least 3 characters').max(60),
  applicationTemplateId: z.uuid('Choose an application template'),
});
export type CardTemplateInput = z.infer<typeof cardTemplateInput>;

export async function createCardTemplate(ctx: ServiceContext, input: CardTemplateInput) {
  requireRole(ctx, 'analyst');
  if (!(await findApplicationTemplate(ctx.db, { id: input.applicationTemplateId }))) {
    throw new AppError('NOT_FOUND', 'The chosen application template does not exist.');
  }
  if (await findCardTemplateByName(ctx.db, { name: input.name })) {
    throw new AppError('CONFLICT', `A card template named "${input.name}" already exists.`);
  }
  return ctx.db.transaction(async (tx) => {
    const template = await insertCardTemplate(tx, { ...input, createdBy: ctx.user.id });
    await recordAudit(tx, actorOf(ctx), {
      category: 'management',
      action: 'card-template.create',
      objectType: 'card-template',
      objectId: template.id,
      details: { name: template.name, applicationTemplateId: input.applicationTemplateId },
    });
    return template;
  });
}
