import { z } from 'zod';
import {
  diffProfileVersions,
  diffProfileVersionsInput,
} from '../../../services/profiles/diff-profile-versions';
import { roleProcedure } from '../../trpc';
import { versionRef } from './profile-output-schema';

export const diffVersions = roleProcedure('analyst', 'security_officer')
  .input(diffProfileVersionsInput)
  .output(
    z.object({
      from: versionRef,
      to: versionRef,
      changes: z.array(
        z.object({
          kind: z.enum(['added', 'removed', 'changed']),
          where: z.string(),
          before: z.string().optional(),
          after: z.string().optional(),
          message: z.string(),
        }),
      ),
    }),
  )
  .query(({ ctx, input }) => diffProfileVersions(ctx.service, input));
