import { z } from 'zod';
import { listCardTemplates as listRows } from '../../../../db/queries/templates';
import { cardTemplateInput, createCardTemplate as create } from '../../../services/card-template';
import { roleProcedure } from '../../trpc';

const cardTemplateOutput = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number(),
  applicationTemplateId: z.string(),
  applicationTemplateName: z.string(),
  aid: z.string(),
  createdAt: z.date(),
  createdByName: z.string(),
});

export const listCardTemplates = roleProcedure('analyst', 'security_officer')
  .output(z.array(cardTemplateOutput))
  .query(({ ctx }) => listRows(ctx.db));

export const createCardTemplate = roleProcedure('analyst')
  .input(cardTemplateInput)
  .output(z.object({ id: z.string(), name: z.string(), version: z.number() }))
  .mutation(async ({ ctx, input }) => {
    const template = await create(ctx.service, input);
    return { id: template.id, name: template.name, version: template.version };
  });
