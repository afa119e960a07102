import { z } from 'zod';
import { transitionProfileVersion } from '../../../db/queries/profiles';
import { checks, type ProfileIssue } from '../../emv/profile';
import { AppError } from '../../errors';
import { recordAudit } from '../audit-trail';
import { actorOf, requireRole, type ServiceContext } from '../context';
import { documentOf, requireVersion, summarizeChecks, versionLabel } from './profile-versions';

export const profileVersionIdInput = z.object({ versionId: z.uuid() });

/** "$.applications[0].dols.cdol1 (8C Card Risk Management Data Object List 1 (CDOL1)): message". */
export function describeIssue(issue: ProfileIssue): string {
  return `${issue.path}${issue.tag ? ` (${issue.tag} ${issue.tagName})` : ''}: ${issue.message}`;
}

/** The errors the checks report, or CONFLICT listing them: a profile with an error cannot go further. */
export function refuseWhileErrors(label: string, what: string, issues: readonly ProfileIssue[]): void {
  const errors = issues.filter((issue) => issue.severity === 'error');
  if (errors.length === 0) return;
  throw new AppError(
    'CONFLICT',
    `${label} cannot be ${what} while the checks report ${errors.length} error${errors.length === 1 ? '' : 's'}: ${errors
      .slice(0, 5)
      .map(describeIssue)
      .join('; ')}${errors.length > 5 ? '; …' : ''}`,
    {
      problems: errors.map(({ path, tag, tagName, code, message }) => ({
        path,
        tag,
        tagName,
        code,
        message,
      })),
    },
  );
}

/** An analyst sends a draft version to the security officers; refused while the checks report an error. */
export async function submitProfileVersion(
  ctx: ServiceContext,
  input: z.infer<typeof profileVersionIdInput>,
) {
  requireRole(ctx, 'analyst');
  const { profile, version } = await requireVersion(ctx, input.versionId);
  const label = versionLabel(profile, version);
  if (version.status !== 'draft') {
    throw new AppError(
      'CONFLICT',
      version.status === 'approved'
        ? `${label} is approved; approved versions are immutable.`
        : `${label} is ${version.status}; only a draft can be submitted. Save a new version to change it.`,
    );
  }
  const issues = checks(documentOf(version));
  refuseWhileErrors(label, 'submitted', issues);
  return ctx.db.transaction(async (tx) => {
    const submitted = await transitionProfileVersion(tx, {
      id: version.id,
      from: ['draft'],
      to: 'submitted',
      by: ctx.user.id,
    });
    if (!submitted) throw new AppError('CONFLICT', `${label} changed meanwhile; reload it and try again.`);
    await recordAudit(tx, actorOf(ctx), {
      category: 'management',
      action: 'profile.submit',
      objectType: 'card-profile-version',
      objectId: version.id,
      details: { profile: profile.name, version: version.number, checks: summarizeChecks(issues) },
    });
    return submitted;
  });
}
