import { demoProfiles, type ProfileDocument } from '../emv/profile';
import { approveProfileVersion } from '../services/profiles/approve-profile-version';
import { insertNewProfile } from '../services/profiles/new-profile';
import { submitProfileVersion } from '../services/profiles/submit-profile-version';
import { withAccountFile } from '../emv/profile/testing-inputs';
import type { SeededWorkbench } from './workbench';

/** The demo credit profile with an account file and two per-card overrides (see withAccountFile). */
export function multiInputProfile(name = 'Demo credit with accounts'): ProfileDocument {
  return withAccountFile(
    demoProfiles().find((p) => p.card.id === 'demo-credit-card')!,
    name,
  );
}

/** The profile above as an approved version: the analyst imports and submits it, officer1 approves it. */
export async function approvedMultiInputProfile(
  w: SeededWorkbench,
  name?: string,
  edit: (profile: ProfileDocument) => void = () => {},
): Promise<string> {
  const profile = multiInputProfile(name);
  edit(profile);
  const { version } = await insertNewProfile(w.ctx.analyst, profile, {
    action: 'profile.import',
    details: {},
  });
  await submitProfileVersion(w.ctx.analyst, { versionId: version.id });
  await approveProfileVersion(w.ctx.officer1, { versionId: version.id });
  return version.id;
}
