import { z } from 'zod';
import { applicationTemplate, blankProfile, hexOfLength, threeDigitCode } from '../../emv/profile';
import { requireRole, type ServiceContext } from '../context';
import { insertNewProfile } from './new-profile';

const appShape = applicationTemplate.shape;

export const createBlankProfileInput = z.object({
  name: z.string().trim().min(3, 'A profile name has at least 3 characters').max(120),
  bin: z.string().regex(/^\d{6,8}$/, 'The BIN is 6 to 8 digits, e.g. 99990100'),
  currency: threeDigitCode,
  country: threeDigitCode,
  application: z.object({
    name: z.string().trim().min(1, 'Give the application a name').max(80),
    aid: hexOfLength(5, 16),
    family: appShape.family,
    interfaces: appShape.interfaces,
  }),
});

/**
 * An analyst starts a profile from scratch: card-level defaults and one application with no data yet
 * (server/emv/profile/builders/blank.ts). The checks then list what the application still needs.
 */
export async function createBlankProfile(
  ctx: ServiceContext,
  input: z.infer<typeof createBlankProfileInput>,
) {
  requireRole(ctx, 'analyst');
  const document = blankProfile(input);
  return insertNewProfile(ctx, document, {
    action: 'profile.create-blank',
    details: { application: { aid: input.application.aid, family: input.application.family } },
    note: 'Started from scratch',
  });
}
