import { z } from 'zod';
import { jobRequirements, listJobProfileVersions } from '../../../services/jobs/job-requirements';
import { roleProcedure } from '../../trpc';

export const jobProfileVersions = roleProcedure('analyst', 'security_officer')
  .input(z.object({}).optional())
  .query(({ ctx }) => listJobProfileVersions(ctx.service));

export const jobRequirementsProcedure = roleProcedure('analyst', 'security_officer')
  .input(z.object({ profileVersionId: z.uuid() }))
  .query(({ ctx, input }) => jobRequirements(ctx.service, input.profileVersionId));
