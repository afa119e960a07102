import { previewProfileVersion } from '../../../services/profiles/preview-profile-version';
import { profileVersionIdInput } from '../../../services/profiles/submit-profile-version';
import { roleProcedure } from '../../trpc';
import { cardPreview } from './profile-output-schema';

/** The output schema is strict about shape: secret DGIs carry a descriptor, never key or PIN data. */
export const previewVersion = roleProcedure('analyst', 'security_officer')
  .input(profileVersionIdInput)
  .output(cardPreview)
  .query(({ ctx, input }) => previewProfileVersion(ctx.service, input));
