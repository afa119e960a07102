import { z } from 'zod';
import { checkProfileJson, checkProfileJsonInput } from '../../../services/profiles/check-profile-json';
import { getProfileVersion, getProfileVersionInput } from '../../../services/profiles/get-profile-version';
import { roleProcedure } from '../../trpc';
import { issueGroup, profileRef, versionSummary } from './profile-output-schema';

export const getVersion = roleProcedure('analyst', 'security_officer')
  .input(getProfileVersionInput)
  .output(
    z.object({
      profile: profileRef,
      versions: z.array(versionSummary),
      version: versionSummary.extend({
        json: z.string(),
        canSubmit: z.boolean(),
        errors: z.number(),
        warnings: z.number(),
        groups: z.array(issueGroup),
      }),
    }),
  )
  .query(({ ctx, input }) => getProfileVersion(ctx.service, input));

/** The checks of the editor's unsaved JSON; nothing is stored. */
export const checkJson = roleProcedure('analyst', 'security_officer')
  .input(checkProfileJsonInput)
  .output(
    z.object({
      wellFormed: z.boolean(),
      errors: z.number(),
      warnings: z.number(),
      groups: z.array(issueGroup),
    }),
  )
  .query(({ ctx, input }) => checkProfileJson(ctx.service, input));
