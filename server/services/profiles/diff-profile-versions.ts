import { z } from 'zod';
import { diffProfiles } from '../../emv/profile';
import { AppError } from '../../errors';
import { requireRole, type ServiceContext } from '../context';
import { documentOf, requireVersion } from './profile-versions';

export const diffProfileVersionsInput = z.object({ fromVersionId: z.uuid(), toVersionId: z.uuid() });

/** What changed from one version of a profile to another, by tag, bit and DGI name. */
export async function diffProfileVersions(
  ctx: ServiceContext,
  input: z.infer<typeof diffProfileVersionsInput>,
) {
  requireRole(ctx, 'analyst', 'security_officer');
  const from = await requireVersion(ctx, input.fromVersionId);
  const to = await requireVersion(ctx, input.toVersionId);
  if (from.profile.id !== to.profile.id) {
    throw new AppError('INVALID_INPUT', 'Choose two versions of the same profile to compare.');
  }
  return {
    from: { id: from.version.id, number: from.version.number, status: from.version.status },
    to: { id: to.version.id, number: to.version.number, status: to.version.status },
    changes: diffProfiles(documentOf(from.version), documentOf(to.version)),
  };
}
