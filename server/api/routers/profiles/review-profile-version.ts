import { approveProfileVersion } from '../../../services/profiles/approve-profile-version';
import {
  rejectProfileVersion,
  rejectProfileVersionInput,
} from '../../../services/profiles/reject-profile-version';
import {
  profileVersionIdInput,
  submitProfileVersion,
} from '../../../services/profiles/submit-profile-version';
import { roleProcedure } from '../../trpc';
import { versionRef } from './profile-output-schema';

const ref = (version: {
  id: string;
  number: number;
  status: 'draft' | 'submitted' | 'approved' | 'rejected';
}) => ({
  id: version.id,
  number: version.number,
  status: version.status,
});

export const submitVersion = roleProcedure('analyst')
  .input(profileVersionIdInput)
  .output(versionRef)
  .mutation(async ({ ctx, input }) => ref(await submitProfileVersion(ctx.service, input)));

export const approveVersion = roleProcedure('security_officer')
  .input(profileVersionIdInput)
  .output(versionRef)
  .mutation(async ({ ctx, input }) => ref(await approveProfileVersion(ctx.service, input)));

export const rejectVersion = roleProcedure('security_officer')
  .input(rejectProfileVersionInput)
  .output(versionRef)
  .mutation(async ({ ctx, input }) => ref(await rejectProfileVersion(ctx.service, input)));
