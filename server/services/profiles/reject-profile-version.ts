import { z } from 'zod';
import { transitionProfileVersion } from '../../../db/queries/profiles';
import { AppError } from '../../errors';
import { recordAudit } from '../audit-trail';
import { actorOf, requireRole, type ServiceContext } from '../context';
import { refuseAudited, requireVersion, versionLabel } from './profile-versions';

export const rejectProfileVersionInput = z.object({
  versionId: z.uuid(),
  reason: z
    .string()
    .trim()
    .min(3, 'Say why the version is rejected, so the analyst can fix it')
    .max(500, 'A reason is at most 500 characters'),
});

/** A security officer other than the author sends a submitted version back, saying why. */
export async function rejectProfileVersion(
  ctx: ServiceContext,
  input: z.infer<typeof rejectProfileVersionInput>,
) {
  const { profile, version } = await requireVersion(ctx, input.versionId);
  const label = versionLabel(profile, version);
  if (version.authorId === ctx.user.id) {
    return refuseAudited(
      ctx,
      { action: 'profile.reject', profile, version },
      'FORBIDDEN',
      `You wrote ${label}; a security officer other than its author must review it.`,
    );
  }
  requireRole(ctx, 'security_officer');
  if (version.status !== 'submitted') {
    throw new AppError(
      'CONFLICT',
      version.status === 'approved'
        ? `${label} is approved; approved versions are immutable.`
        : `${label} is ${version.status}; only a submitted version can be rejected.`,
    );
  }
  return ctx.db.transaction(async (tx) => {
    const rejected = await transitionProfileVersion(tx, {
      id: version.id,
      from: ['submitted'],
      to: 'rejected',
      by: ctx.user.id,
      rejectionReason: input.reason,
    });
    if (!rejected)
      throw new AppError('CONFLICT', `${label} changed meanwhile; reload it and check it again.`);
    await recordAudit(tx, actorOf(ctx), {
      category: 'security',
      action: 'profile.reject',
      objectType: 'card-profile-version',
      objectId: version.id,
      details: { profile: profile.name, version: version.number, reason: input.reason },
    });
    return rejected;
  });
}
