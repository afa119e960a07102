import { z } from 'zod';
import { requireRole, type ServiceContext } from '../context';
import { insertNewProfile } from './new-profile';
import { documentFromJson, profileJsonText } from './profile-versions';

export const importProfileInput = z.object({
  json: profileJsonText,
  /** The file the JSON came from, for the audit trail. */
  fileName: z.string().trim().max(200).optional(),
});

/**
 * An analyst imports a profile exported from another workbench (or written in code review): the JSON
 * is validated against the profile format, and every problem is reported at its JSON path.
 */
export async function importProfile(ctx: ServiceContext, input: z.infer<typeof importProfileInput>) {
  requireRole(ctx, 'analyst');
  const document = documentFromJson(input.json);
  return insertNewProfile(ctx, document, {
    action: 'profile.import',
    details: { fileName: input.fileName ?? null },
    note: input.fileName ? `Imported from ${input.fileName}` : 'Imported from JSON',
  });
}
