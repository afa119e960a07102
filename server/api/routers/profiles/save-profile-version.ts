import { saveProfileVersion, saveProfileVersionInput } from '../../../services/profiles/save-profile-version';
import { roleProcedure } from '../../trpc';
import { z } from 'zod';
import { profileRef, versionRef } from './profile-output-schema';

export const saveVersion = roleProcedure('analyst')
  .input(saveProfileVersionInput)
  .output(z.object({ profile: profileRef, version: versionRef }))
  .mutation(async ({ ctx, input }) => {
    const { profile, version } = await saveProfileVersion(ctx.service, input);
    return {
      profile: { id: profile.id, name: profile.name },
      version: { id: version.id, number: version.number, status: version.status },
    };
  });
