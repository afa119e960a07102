import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoProfiles, exportProfile } from '../../server/emv/profile';
import { databaseKinds, freshDatabase } from '../../server/test-support/databases';
import {
  findCardProfileByName,
  findProfileVersionByNumber,
  listCardProfiles,
  listProfileVersions,
} from '../queries/profiles';
import { eq } from 'drizzle-orm';
import { findBureau } from '../queries/bureaus';
import { findUserByUsername } from '../queries/users';
import { users } from '../schema';
import { demoProfileName, demoUsers, seedDemo } from './demo';

/** The password hash does not matter here, and argon2 would only slow the test. */
const fakeHash = async (password: string) => `hash of ${password}`;

describe.each(databaseKinds)('the demo seed on %s', (kind) => {
  let handle: Awaited<ReturnType<typeof freshDatabase>>;
  let created: string[];
  beforeAll(async () => {
    handle = await freshDatabase(kind);
    created = await seedDemo(handle.db, fakeHash);
  });
  afterAll(() => handle.close());

  it('creates a user per role and the credit DDA demo profile, approved, and says so', () => {
    expect(created).toEqual([
      'bureau DEMO (Demo Personalization Bureau)',
      'bureau ACME (Acme Card Services)',
      ...demoUsers.map((u) => `user ${u.username}${u.bureau ? ` (bureau ${u.bureau})` : ''}`),
      'card profile Demo: generic credit card (VSDC-style, DDA) version 1 (written by analyst, approved by officer1)',
    ]);
  });

  it('leaves version 1 of the demo profile written by the analyst and approved by officer1, ready for jobs', async () => {
    const profile = await findCardProfileByName(handle.db, { name: demoProfileName });
    expect(profile).not.toBeNull();
    const versions = await listProfileVersions(handle.db, { profileId: profile!.id });
    expect(versions.map((v) => [v.number, v.status, v.authorName, v.approvedByName])).toEqual([
      [1, 'approved', 'Alice Analyst', 'Oscar Officer'],
    ]);
    expect(versions[0]!.checkSummary).toEqual({ errors: 0, warnings: 0, errorCodes: [] });
    const [listed] = await listCardProfiles(handle.db);
    expect([listed!.name, listed!.approvedNumber]).toEqual([demoProfileName, 1]);
    const version = await findProfileVersionByNumber(handle.db, { profileId: profile!.id, number: 1 });
    const credit = demoProfiles().find((d) => d.name === demoProfileName)!;
    expect(version!.document).toEqual(JSON.parse(exportProfile(credit)));
  });

  it('puts each demo bureau operator in their own bureau, and nobody else in one', async () => {
    const bureauOf = async (username: string) => {
      const user = await findUserByUsername(handle.db, { username });
      return user?.bureauId ? (await findBureau(handle.db, { id: user.bureauId }))!.code : null;
    };
    expect(await bureauOf('bureau')).toBe('DEMO');
    expect(await bureauOf('bureau2')).toBe('ACME');
    expect(await bureauOf('analyst')).toBeNull();
  });

  it('puts a demo operator made before bureaus existed in their bureau when it runs again', async () => {
    const bureau = (await findUserByUsername(handle.db, { username: 'bureau' }))!;
    await handle.db.update(users).set({ bureauId: null }).where(eq(users.id, bureau.id));
    expect(await seedDemo(handle.db, fakeHash)).toEqual(['bureau DEMO for user bureau']);
    expect((await findUserByUsername(handle.db, { username: 'bureau' }))!.bureauId).not.toBeNull();
  });

  it('changes nothing when it runs again', async () => {
    expect(await seedDemo(handle.db, fakeHash)).toEqual([]);
    expect(await listCardProfiles(handle.db)).toHaveLength(1);
  });
});
