import { checks, DEMO_PROFILE_FILES, exportProfile, parseProfile } from '../../server/emv/profile';
import { summarizeChecks } from '../../server/services/profiles/profile-versions';
import type { Db } from '../client';
import {
  findCardProfileByName,
  insertCardProfile,
  insertProfileVersion,
  transitionProfileVersion,
} from '../queries/profiles';
import { findBureauByCode, insertBureau, setUserBureau } from '../queries/bureaus';
import { findUserByUsername, insertUser, type Role } from '../queries/users';

export const demoPassword = 'Workbench-demo-2026';

/** Two bureaus, so that one bureau's operator can be shown not to see the other's jobs. */
export const demoBureaus = [
  { code: 'DEMO', name: 'Demo Personalization Bureau' },
  { code: 'ACME', name: 'Acme Card Services' },
] as const;

export const demoUsers: { username: string; displayName: string; role: Role; bureau?: string }[] = [
  { username: 'analyst', displayName: 'Alice Analyst', role: 'analyst' },
  { username: 'officer1', displayName: 'Oscar Officer', role: 'security_officer' },
  { username: 'officer2', displayName: 'Olivia Officer', role: 'security_officer' },
  { username: 'officer3', displayName: 'Omar Officer', role: 'security_officer' },
  { username: 'bureau', displayName: 'Bruno Bureau', role: 'bureau_operator', bureau: 'DEMO' },
  { username: 'bureau2', displayName: 'Bianca Bureau', role: 'bureau_operator', bureau: 'ACME' },
  { username: 'auditor', displayName: 'Audrey Auditor', role: 'auditor' },
  { username: 'admin', displayName: 'Adam Admin', role: 'admin' },
];

/** The demo profile jobs can be made from at once: the credit card with DDA (BIN range 99990100–99990199). */
export const demoProfileFile = 'generic-credit-vsdc-style-dda.json';

function demoProfileDocument() {
  const parsed = parseProfile(DEMO_PROFILE_FILES[demoProfileFile]);
  if (!parsed.ok) throw new Error(`the demo profile ${demoProfileFile} no longer matches the profile format`);
  return parsed.profile;
}

/** The demo profile's name, as the profiles page lists it. */
export const demoProfileName = demoProfileDocument().name;

async function userId(db: Db, username: string): Promise<string> {
  const user = await findUserByUsername(db, { username });
  if (!user) throw new Error(`the demo user ${username} is missing`);
  return user.id;
}

/**
 * Version 1 of the demo credit profile, written by the analyst, submitted, and approved by officer1,
 * as the profile workflow would leave it: ready for a job once the officers have made its keys (keys
 * cannot be seeded, they are made in the HSM).
 */
async function seedDemoProfile(db: Db): Promise<boolean> {
  if (await findCardProfileByName(db, { name: demoProfileName })) return false;
  const document = demoProfileDocument();
  const checkSummary = summarizeChecks(checks(document));
  // The approval refuses a version with an error; the seed must not slip one past it.
  if (checkSummary.errors > 0) {
    throw new Error(`the demo profile fails its checks: ${checkSummary.errorCodes.join(', ')}`);
  }
  const author = await userId(db, 'analyst');
  const approver = await userId(db, 'officer1');
  await db.transaction(async (tx) => {
    const profile = await insertCardProfile(tx, { name: demoProfileName, createdBy: author });
    const version = await insertProfileVersion(tx, {
      profileId: profile.id,
      number: 1,
      document: JSON.parse(exportProfile(document)) as unknown,
      checkSummary,
      note: `Demo profile ${demoProfileFile}, approved by the demo seed`,
      authorId: author,
    });
    await transitionProfileVersion(tx, { id: version.id, from: ['draft'], to: 'submitted', by: author });
    await transitionProfileVersion(tx, { id: version.id, from: ['submitted'], to: 'approved', by: approver });
  });
  return true;
}

/** The demo bureaus, by code (made when missing). */
async function seedDemoBureaus(db: Db, created: string[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const bureau of demoBureaus) {
    const inserted = await insertBureau(db, { ...bureau, createdBy: null });
    if (inserted) created.push(`bureau ${bureau.code} (${bureau.name})`);
    const row = inserted ?? (await findBureauByCode(db, { code: bureau.code }));
    if (!row) throw new Error(`the demo bureau ${bureau.code} is missing`);
    ids.set(bureau.code, row.id);
  }
  return ids;
}

/**
 * Demo users (one per role, two bureau operators of two bureaus) and an approved demo profile.
 * Idempotent: running it again changes nothing, except that a demo operator made before bureaus
 * existed is put in their demo bureau. Returns the names of what it created, for the caller to audit.
 */
export async function seedDemo(
  db: Db,
  hashPassword: (password: string) => Promise<string>,
): Promise<string[]> {
  const created: string[] = [];
  const passwordHash = await hashPassword(demoPassword);
  const bureauIds = await seedDemoBureaus(db, created);
  for (const { bureau, ...user } of demoUsers) {
    const bureauId = bureau ? bureauIds.get(bureau)! : null;
    if (await insertUser(db, { ...user, passwordHash, bureauId })) {
      created.push(`user ${user.username}${bureau ? ` (bureau ${bureau})` : ''}`);
    } else if (bureauId) {
      const existing = await findUserByUsername(db, { username: user.username });
      if (existing && !existing.bureauId && existing.role === 'bureau_operator') {
        await setUserBureau(db, { userId: existing.id, bureauId });
        created.push(`bureau ${bureau} for user ${user.username}`);
      }
    }
  }
  if (await seedDemoProfile(db)) {
    created.push(`card profile ${demoProfileName} version 1 (written by analyst, approved by officer1)`);
  }
  return created;
}
