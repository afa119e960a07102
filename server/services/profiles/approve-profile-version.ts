import type { z } from 'zod';
import { transitionProfileVersion } from '../../../db/queries/profiles';
import { checks } from '../../emv/profile';
import { AppError } from '../../errors';
import { recordAudit } from '../audit-trail';
import { actorOf, requireRole, type ServiceContext } from '../context';
import { documentOf, refuseAudited, requireVersion, summarizeChecks, versionLabel } from './profile-versions';
import { refuseWhileErrors, type profileVersionIdInput } from './submit-profile-version';

/**
 * A security officer other than the version's author approves a submitted version; from then on it is
 * immutable (here, and by a trigger in the database) and usable in production jobs. The author is
 * refused, and the refusal is audited.
 */
export async function approveProfileVersion(
  ctx: ServiceContext,
  input: z.infer<typeof profileVersionIdInput>,
) {
  const { profile, version } = await requireVersion(ctx, input.versionId);
  const label = versionLabel(profile, version);
  if (version.authorId === ctx.user.id) {
    return refuseAudited(
      ctx,
      { action: 'profile.approve', profile, version },
      'FORBIDDEN',
      `You wrote ${label}; a security officer other than its author must approve it.`,
    );
  }
  requireRole(ctx, 'security_officer');
  if (version.status !== 'submitted') {
    throw new AppError(
      'CONFLICT',
      version.status === 'approved'
        ? `${label} is already approved; approved versions are immutable.`
        : version.status === 'draft'
          ? `${label} is a draft; the analyst must submit it before it can be approved.`
          : `${label} was rejected; the analyst must save and submit a new version.`,
    );
  }
  // The checks run again: a version approved today must pass today's checks.
  const issues = checks(documentOf(version));
  refuseWhileErrors(label, 'approved', issues);
  return ctx.db.transaction(async (tx) => {
    const approved = await transitionProfileVersion(tx, {
      id: version.id,
      from: ['submitted'],
      to: 'approved',
      by: ctx.user.id,
    });
    if (!approved)
      throw new AppError('CONFLICT', `${label} changed meanwhile; reload it and check it again.`);
    await recordAudit(tx, actorOf(ctx), {
      category: 'security',
      action: 'profile.approve',
      objectType: 'card-profile-version',
      objectId: version.id,
      details: {
        profile: profile.name,
        version: version.number,
        authorId: version.authorId,
        checks: summarizeChecks(issues),
      },
    });
    return approved;
  });
}
