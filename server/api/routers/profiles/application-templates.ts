import { z } from 'zod';
import { listApplicationTemplates as listRows } from '../../../../db/queries/templates';
import { tagName } from '../../../emv/data-dictionary';
import {
  applicationTemplateInput,
  createApplicationTemplate as create,
} from '../../../services/application-template';
import { roleProcedure } from '../../trpc';

const applicationTemplateOutput = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number(),
  aid: z.string(),
  applicationLabel: z.string(),
  tags: z.array(z.object({ tag: z.string(), name: z.string(), value: z.string() })),
  createdAt: z.date(),
  createdByName: z.string(),
});

export const listApplicationTemplates = roleProcedure('analyst', 'security_officer')
  .output(z.array(applicationTemplateOutput))
  .query(async ({ ctx }) =>
    (await listRows(ctx.db)).map((row) => ({
      ...row,
      tags: row.tags.map((t) => ({ ...t, name: tagName(t.tag) })),
    })),
  );

export const createApplicationTemplate = roleProcedure('analyst')
  .input(applicationTemplateInput)
  .output(z.object({ id: z.string(), name: z.string(), version: z.number() }))
  .mutation(async ({ ctx, input }) => {
    const template = await create(ctx.service, input);
    return { id: template.id, name: template.name, version: template.version };
  });
