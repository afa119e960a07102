/**
 * What the profile use cases share: reading a profile JSON text into a document (problems at their JSON
 * path), summarising the checks, finding a profile or version, and refusing with an audit entry.
 */
import { z } from 'zod';
import {
  findCardProfile,
  findProfileVersion,
  type CardProfileRow,
  type CardProfileVersionRow,
} from '../../../db/queries/profiles';
import type { ProfileCheckSummary } from '../../../db/schema';
import { parseProfile, type ProfileDocument, type ProfileIssue } from '../../emv/profile';
import { AppError, type AppErrorCode } from '../../errors';
import { recordAudit } from '../audit-trail';
import { actorOf, type ServiceContext } from '../context';

/** A profile JSON text as typed or uploaded: a whole profile is well under a megabyte. */
export const profileJsonText = z
  .string()
  .min(1, 'Paste or choose a profile JSON file')
  .max(1_000_000, 'A profile JSON file is at most 1 MB');

export const versionNote = z.string().trim().max(500, 'A note is at most 500 characters').optional();

export interface JsonProblem {
  path: string;
  message: string;
}

/** The document of a JSON text, or INVALID_INPUT listing every problem at its JSON path. */
export function documentFromJson(json: string): ProfileDocument {
  const parsed = parseProfile(json);
  if (parsed.ok) return parsed.profile;
  const problems: JsonProblem[] = parsed.problems;
  const shown = problems
    .slice(0, 5)
    .map((p) => `${p.path}: ${p.message}`)
    .join('; ');
  throw new AppError(
    'INVALID_INPUT',
    `The profile JSON has ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${shown}${
      problems.length > 5 ? '; …' : ''
    }`,
    { problems },
  );
}

export function summarizeChecks(issues: readonly ProfileIssue[]): ProfileCheckSummary {
  const errors = issues.filter((issue) => issue.severity === 'error');
  return {
    errors: errors.length,
    warnings: issues.length - errors.length,
    errorCodes: [...new Set(errors.map((issue) => issue.code))].sort(),
  };
}

export async function requireProfile(ctx: ServiceContext, profileId: string): Promise<CardProfileRow> {
  const profile = await findCardProfile(ctx.db, { id: profileId });
  if (!profile) throw new AppError('NOT_FOUND', 'This card profile does not exist.');
  return profile;
}

export async function requireVersion(
  ctx: ServiceContext,
  versionId: string,
): Promise<{ profile: CardProfileRow; version: CardProfileVersionRow }> {
  const version = await findProfileVersion(ctx.db, { id: versionId });
  if (!version) throw new AppError('NOT_FOUND', 'This profile version does not exist.');
  return { profile: await requireProfile(ctx, version.profileId), version };
}

/**
 * The stored document of a version. It was validated when saved; should the format have changed since,
 * the version is reported as unreadable rather than shown half-parsed.
 */
export function documentOf(version: CardProfileVersionRow): ProfileDocument {
  const parsed = parseProfile(version.document);
  if (parsed.ok) return parsed.profile;
  throw new AppError(
    'CONFLICT',
    `Version ${version.number} no longer matches the profile format (${parsed.problems[0]?.path}: ${parsed.problems[0]?.message}); export it and import it again after fixing it.`,
  );
}

/** Records a refused attempt with the reason people were given, and refuses it. */
export async function refuseAudited(
  ctx: ServiceContext,
  audit: { action: string; version: CardProfileVersionRow; profile: CardProfileRow },
  code: AppErrorCode,
  message: string,
): Promise<never> {
  await recordAudit(ctx.db, actorOf(ctx), {
    category: 'security',
    action: audit.action,
    objectType: 'card-profile-version',
    objectId: audit.version.id,
    result: 'refused',
    details: { profile: audit.profile.name, version: audit.version.number, reason: message },
  });
  throw new AppError(code, message);
}

/** "“Demo: …” version 3": how messages name a version. */
export function versionLabel(profile: CardProfileRow, version: Pick<CardProfileVersionRow, 'number'>) {
  return `“${profile.name}” version ${version.number}`;
}
