import { z } from 'zod';
import { searchDataElements } from '../../emv/dictionary';
import { requireRole, type ServiceContext } from '../context';

export const searchDataDictionaryInput = z.object({
  query: z.string().trim().max(80),
  family: z.enum(['emv', 'contactless', 'vsdc-style', 'mchip-style', 'cpa', 'globalplatform']).optional(),
});

/** The EMV data dictionary, searched by tag or name (exact tags first, then tag prefixes, then names). */
export function searchDataDictionary(ctx: ServiceContext, input: z.infer<typeof searchDataDictionaryInput>) {
  requireRole(ctx, 'analyst', 'security_officer');
  return searchDataElements(input.query, { family: input.family, limit: 40 }).map((element) => ({
    tag: element.tag,
    name: element.name,
    format: element.format,
    length:
      typeof element.length === 'number'
        ? String(element.length)
        : `${element.length[0]}–${element.length[1]}`,
    constructed: element.constructed,
    source: element.source,
    family: element.family,
    spec: element.spec,
    secret: element.secret ?? false,
  }));
}
