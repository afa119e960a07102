import { z } from 'zod';
import { exportProfileVersion } from '../../../services/profiles/export-profile-version';
import { profileVersionIdInput } from '../../../services/profiles/submit-profile-version';
import { roleProcedure } from '../../trpc';
import { profileVersionStatus } from './profile-output-schema';

/** A mutation, not a query: every export is an audited event. */
export const exportJson = roleProcedure('analyst', 'security_officer')
  .input(profileVersionIdInput)
  .output(z.object({ fileName: z.string(), json: z.string(), status: profileVersionStatus }))
  .mutation(({ ctx, input }) => exportProfileVersion(ctx.service, input));
