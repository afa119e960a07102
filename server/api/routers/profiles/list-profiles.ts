import { z } from 'zod';
import { demoProfileFile, listDemoProfiles } from '../../../services/profiles/create-profile-from-demo';
import { listProfiles as list } from '../../../services/profiles/list-profiles';
import { roleProcedure } from '../../trpc';
import { checkSummary, profileVersionStatus } from './profile-output-schema';

export const listProfiles = roleProcedure('analyst', 'security_officer')
  .output(
    z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        createdAt: z.date(),
        createdByName: z.string(),
        latestNumber: z.number(),
        latestStatus: profileVersionStatus,
        latestCheckSummary: checkSummary,
        latestSavedAt: z.date(),
        approvedNumber: z.number().nullable(),
      }),
    ),
  )
  .query(({ ctx }) => list(ctx.service));

export const listDemos = roleProcedure('analyst', 'security_officer')
  .output(
    z.array(
      z.object({
        file: demoProfileFile,
        name: z.string(),
        description: z.string(),
        applications: z.array(z.string()),
      }),
    ),
  )
  .query(() => listDemoProfiles());
