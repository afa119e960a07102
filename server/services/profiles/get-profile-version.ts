import { z } from 'zod';
import { findProfileVersionByNumber, listProfileVersions } from '../../../db/queries/profiles';
import { canSubmit, checks, exportProfile } from '../../emv/profile';
import { AppError } from '../../errors';
import { requireRole, type ServiceContext } from '../context';
import { groupIssues } from './issue-groups';
import { documentOf, requireProfile } from './profile-versions';

export const getProfileVersionInput = z.object({
  profileId: z.uuid(),
  /** The version to open; the latest when absent. */
  number: z.number().int().min(1).optional(),
});

/** A profile's version history and one version: its JSON (as exported) and its checks by application. */
export async function getProfileVersion(ctx: ServiceContext, input: z.infer<typeof getProfileVersionInput>) {
  requireRole(ctx, 'analyst', 'security_officer');
  const profile = await requireProfile(ctx, input.profileId);
  const versions = await listProfileVersions(ctx.db, { profileId: profile.id });
  const number = input.number ?? versions[0]?.number;
  const version =
    number === undefined ? null : await findProfileVersionByNumber(ctx.db, { profileId: profile.id, number });
  const entry = versions.find((v) => v.number === number);
  if (!version || !entry) {
    throw new AppError(
      'NOT_FOUND',
      `“${profile.name}” has no version ${input.number ?? ''}.`.replace(' .', '.'),
    );
  }
  const document = documentOf(version);
  const issues = checks(document);
  return {
    profile: { id: profile.id, name: profile.name },
    versions,
    version: {
      ...entry,
      json: exportProfile(document),
      canSubmit: canSubmit(issues),
      errors: issues.filter((issue) => issue.severity === 'error').length,
      warnings: issues.filter((issue) => issue.severity === 'warning').length,
      groups: groupIssues(document, issues),
    },
  };
}
