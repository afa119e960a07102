import { findCardProfileByName, insertCardProfile, insertProfileVersion } from '../../../db/queries/profiles';
import { checks, exportProfile, type ProfileDocument } from '../../emv/profile';
import { AppError } from '../../errors';
import { recordAudit } from '../audit-trail';
import { actorOf, type ServiceContext } from '../context';
import { summarizeChecks } from './profile-versions';

/** A new profile named after its document, with the document as version 1 (a draft). */
export async function insertNewProfile(
  ctx: ServiceContext,
  document: ProfileDocument,
  audit: { action: string; details: Record<string, unknown>; note?: string },
) {
  if (await findCardProfileByName(ctx.db, { name: document.name })) {
    throw new AppError(
      'CONFLICT',
      `A profile named “${document.name}” already exists: open it and save a new version, or give this one another name ($.name).`,
    );
  }
  // Stored as the canonical export, so what is approved is exactly what is exported.
  const canonical = JSON.parse(exportProfile(document)) as unknown;
  const checkSummary = summarizeChecks(checks(document));
  return ctx.db.transaction(async (tx) => {
    const profile = await insertCardProfile(tx, { name: document.name, createdBy: ctx.user.id });
    const version = await insertProfileVersion(tx, {
      profileId: profile.id,
      number: 1,
      document: canonical,
      checkSummary,
      note: audit.note ?? null,
      authorId: ctx.user.id,
    });
    await recordAudit(tx, actorOf(ctx), {
      category: 'management',
      action: audit.action,
      objectType: 'card-profile',
      objectId: profile.id,
      details: {
        name: profile.name,
        version: 1,
        versionId: version.id,
        checks: checkSummary,
        ...audit.details,
      },
    });
    return { profile, version };
  });
}
