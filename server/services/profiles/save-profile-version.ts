import { z } from 'zod';
import {
  findCardProfileByName,
  insertProfileVersion,
  lockCardProfile,
  nextProfileVersionNumber,
  renameCardProfile,
} from '../../../db/queries/profiles';
import { checks, exportProfile } from '../../emv/profile';
import { AppError } from '../../errors';
import { recordAudit } from '../audit-trail';
import { actorOf, requireRole, type ServiceContext } from '../context';
import {
  documentFromJson,
  profileJsonText,
  requireProfile,
  summarizeChecks,
  versionNote,
} from './profile-versions';

export const saveProfileVersionInput = z.object({
  profileId: z.uuid(),
  json: profileJsonText,
  note: versionNote,
});

/**
 * Every save is a new version (a draft); no version is ever changed, so an approved one stays exactly
 * as approved. The JSON must match the profile format; the checks may still report errors, which only
 * stop the version from being submitted.
 */
export async function saveProfileVersion(
  ctx: ServiceContext,
  input: z.infer<typeof saveProfileVersionInput>,
) {
  requireRole(ctx, 'analyst');
  const profile = await requireProfile(ctx, input.profileId);
  const document = documentFromJson(input.json);
  if (document.name !== profile.name && (await findCardProfileByName(ctx.db, { name: document.name }))) {
    throw new AppError(
      'CONFLICT',
      `Another profile is already named “${document.name}”; choose another name ($.name).`,
    );
  }
  const canonical = JSON.parse(exportProfile(document)) as unknown;
  const checkSummary = summarizeChecks(checks(document));
  return ctx.db.transaction(async (tx) => {
    await lockCardProfile(tx, { id: profile.id });
    const number = await nextProfileVersionNumber(tx, { profileId: profile.id });
    const version = await insertProfileVersion(tx, {
      profileId: profile.id,
      number,
      document: canonical,
      checkSummary,
      note: input.note || null,
      authorId: ctx.user.id,
    });
    if (document.name !== profile.name) await renameCardProfile(tx, { id: profile.id, name: document.name });
    await recordAudit(tx, actorOf(ctx), {
      category: 'management',
      action: 'profile.save-version',
      objectType: 'card-profile-version',
      objectId: version.id,
      details: {
        profile: document.name,
        ...(document.name !== profile.name ? { renamedFrom: profile.name } : {}),
        version: number,
        checks: checkSummary,
      },
    });
    return { profile: { ...profile, name: document.name }, version };
  });
}
