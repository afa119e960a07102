import { z } from 'zod';
import { findApplicationTemplateByName, insertApplicationTemplate } from '../../db/queries/templates';
import { dataElement, tagName } from '../emv/data-dictionary';
import { AppError } from '../errors';
import { recordAudit } from './audit-trail';
import { actorOf, requireRole, type ServiceContext } from './context';

/** Tags the workbench fills per card or per application; a template may not set them as constants. */
const reservedTags = new Set(['4F', '50', '5A', '5F20', '5F24', '5F34', '57']);

export const templateTagInput = z.object({
  tag: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^([0-9A-F]{2}){1,2}$/, 'Tag must be 2 or 4 hexadecimal digits, e.g. 9F08'),
  value: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^([0-9A-F]{2})+$/, 'Value must be hexadecimal bytes, e.g. 0002'),
});

export const applicationTemplateInput = z.object({
  name: z.string().trim().min(3, 'Name must be at least 3 characters').max(60),
  aid: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^([0-9A-F]{2}){5,16}$/, 'AID must be 5 to 16 bytes of hexadecimal (RID + PIX)'),
  applicationLabel: z
    .string()
    .trim()
    .min(1, 'Application label is required')
    .max(16, 'Application label is at most 16 characters (tag 50)')
    .regex(/^[\x20-\x7E]+$/, 'Application label must be printable ASCII (tag 50, format ans)'),
  tags: z.array(templateTagInput).max(64),
});
export type ApplicationTemplateInput = z.infer<typeof applicationTemplateInput>;

/** Each tag must be known, not filled by the workbench, set once, and of the length the dictionary allows. */
export function checkTemplateTags(tags: ApplicationTemplateInput['tags']): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  tags.forEach((entry, index) => {
    const where = `Tag ${index + 1} (${entry.tag})`;
    const element = dataElement(entry.tag);
    if (!element) return problems.push(`${where}: not a known EMV data element`);
    if (reservedTags.has(entry.tag)) {
      return problems.push(`${where} ${tagName(entry.tag)} is filled by the workbench per card`);
    }
    if (seen.has(entry.tag)) problems.push(`${where} ${element.name} appears twice`);
    seen.add(entry.tag);
    const bytes = entry.value.length / 2;
    const [min, max] = typeof element.length === 'number' ? [element.length, element.length] : element.length;
    if (bytes < min || bytes > max) {
      problems.push(
        `${where} ${element.name} must be ${min === max ? min : `${min} to ${max}`} bytes, got ${bytes}`,
      );
    }
    return undefined;
  });
  return problems;
}

export async function createApplicationTemplate(ctx: ServiceContext, input: ApplicationTemplateInput) {
  requireRole(ctx, 'analyst');
  const problems = checkTemplateTags(input.tags);
  if (problems.length) throw new AppError('INVALID_INPUT', problems.join('; '), { problems });
  if (await findApplicationTemplateByName(ctx.db, { name: input.name })) {
    throw new AppError('CONFLICT', `An application template named "${input.name}" already exists.`);
  }
  return ctx.db.transaction(async (tx) => {
    const template = await insertApplicationTemplate(tx, { ...input, createdBy: ctx.user.id });
    await recordAudit(tx, actorOf(ctx), {
      category: 'management',
      action: 'application-template.create',
      objectType: 'application-template',
      objectId: template.id,
      details: { name: template.name, aid: template.aid, version: template.version },
    });
    return template;
  });
}
