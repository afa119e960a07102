import type { z } from 'zod';
import { exportProfile } from '../../emv/profile';
import { recordAudit } from '../audit-trail';
import { actorOf, requireRole, type ServiceContext } from '../context';
import { documentOf, requireVersion } from './profile-versions';
import type { profileVersionIdInput } from './submit-profile-version';

/** "demo-generic-credit-card-vsdc-style-dda-v3.json" */
export function exportFileName(name: string, number: number): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${slug || 'profile'}-v${number}.json`;
}

/** A version as the documented JSON file (docs/profiles.md), to review in code review or import elsewhere. */
export async function exportProfileVersion(
  ctx: ServiceContext,
  input: z.infer<typeof profileVersionIdInput>,
) {
  requireRole(ctx, 'analyst', 'security_officer');
  const { profile, version } = await requireVersion(ctx, input.versionId);
  const json = exportProfile(documentOf(version));
  await recordAudit(ctx.db, actorOf(ctx), {
    category: 'management',
    action: 'profile.export',
    objectType: 'card-profile-version',
    objectId: version.id,
    details: { profile: profile.name, version: version.number, status: version.status },
  });
  return { fileName: exportFileName(profile.name, version.number), json, status: version.status };
}
