import { z } from 'zod';
import { checkProfileJson as runChecks, parseProfile } from '../../emv/profile';
import { requireRole, type ServiceContext } from '../context';
import { groupIssues } from './issue-groups';
import { profileJsonText } from './profile-versions';

export const checkProfileJsonInput = z.object({ json: profileJsonText });

/**
 * The checks of a JSON text that is not saved yet (the editor's content): format problems at their
 * JSON path first, then, when the JSON matches the format, every designer check. Nothing is stored.
 */
export function checkProfileJson(ctx: ServiceContext, input: z.infer<typeof checkProfileJsonInput>) {
  requireRole(ctx, 'analyst', 'security_officer');
  const parsed = parseProfile(input.json);
  const issues = runChecks(input.json);
  return {
    wellFormed: parsed.ok,
    errors: issues.filter((issue) => issue.severity === 'error').length,
    warnings: issues.filter((issue) => issue.severity === 'warning').length,
    groups: groupIssues(parsed.ok ? parsed.profile : undefined, issues),
  };
}
