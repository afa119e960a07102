import { z } from 'zod';
import {
  createProfileFromDemo,
  createProfileFromDemoInput,
} from '../../../services/profiles/create-profile-from-demo';
import { createBlankProfile, createBlankProfileInput } from '../../../services/profiles/create-blank-profile';
import { importProfile, importProfileInput } from '../../../services/profiles/import-profile';
import { roleProcedure } from '../../trpc';
import { profileRef, versionRef } from './profile-output-schema';

const created = z.object({ profile: profileRef, version: versionRef });
const summary = (result: Awaited<ReturnType<typeof importProfile>>) => ({
  profile: { id: result.profile.id, name: result.profile.name },
  version: { id: result.version.id, number: result.version.number, status: result.version.status },
});

export const importJson = roleProcedure('analyst')
  .input(importProfileInput)
  .output(created)
  .mutation(async ({ ctx, input }) => summary(await importProfile(ctx.service, input)));

export const createFromDemo = roleProcedure('analyst')
  .input(createProfileFromDemoInput)
  .output(created)
  .mutation(async ({ ctx, input }) => summary(await createProfileFromDemo(ctx.service, input)));

export const createBlank = roleProcedure('analyst')
  .input(createBlankProfileInput)
  .output(created)
  .mutation(async ({ ctx, input }) => summary(await createBlankProfile(ctx.service, input)));
