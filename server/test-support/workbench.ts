import os from 'node:os';
import path from 'node:path';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { findBureauByCode } from '../../db/queries/bureaus';
import { findCardProfileByName, findProfileVersionByNumber } from '../../db/queries/profiles';
import { findUserByUsername } from '../../db/queries/users';
import { auditEvents } from '../../db/schema';
import { demoProfileName, demoUsers, seedDemo } from '../../db/seed/demo';
import { hashPassword } from '../auth/password';
import type { HsmBridgeClient } from '../hsm/bridge-client';
import type { ServiceContext } from '../services/context';
import { receiveUpload } from '../services/import/receive-upload';

export type DemoUsername =
  'analyst' | 'officer1' | 'officer2' | 'officer3' | 'bureau' | 'bureau2' | 'auditor' | 'admin';

/** A 64-hex-digit data-at-rest key for files that create jobs (read lazily by cardholder-seal). */
export const testDataAtRestKey = 'a1'.repeat(32);

export interface SeededWorkbench {
  ctx: Record<DemoUsername, ServiceContext>;
  /** The demo credit profile's version 1, which the seed approved. */
  demoProfileVersionId: string;
  /** The demo bureaus' ids: DEMO (operator `bureau`) and ACME (operator `bureau2`). */
  bureaus: { DEMO: string; ACME: string };
  /** Cardholder files turned into jobs through `profileJobInput` so far (see `distinctCards`). */
  jobFiles: number;
}

/** The demo users and approved profile, and a service context for each user, all on the given bridge. */
export async function seedWorkbench(db: Db, bridge: HsmBridgeClient): Promise<SeededWorkbench> {
  await seedDemo(db, hashPassword);
  const ctx = {} as Record<DemoUsername, ServiceContext>;
  for (const { username } of demoUsers) {
    const user = await findUserByUsername(db, { username });
    if (!user) throw new Error(`seedDemo did not create ${username}`);
    ctx[username as DemoUsername] = {
      db,
      user: { id: user.id, username: user.username, displayName: user.displayName, role: user.role },
      origin: `test:${username}`,
      bridge: () => bridge,
    };
  }
  const profile = await findCardProfileByName(db, { name: demoProfileName });
  const version = profile && (await findProfileVersionByNumber(db, { profileId: profile.id, number: 1 }));
  if (version?.status !== 'approved') throw new Error('seedDemo did not approve the demo profile');
  const bureauId = async (code: string) => {
    const bureau = await findBureauByCode(db, { code });
    if (!bureau) throw new Error(`seedDemo did not create the bureau ${code}`);
    return bureau.id;
  };
  const bureaus = { DEMO: await bureauId('DEMO'), ACME: await bureauId('ACME') };
  return { ctx, demoProfileVersionId: version.id, bureaus, jobFiles: 0 };
}

/** The tests' uploads go to a folder of their own, not to the developer's .data. */
process.env.DATAPREP_UPLOAD_DIR ??= path.join(os.tmpdir(), 'dataprep-test-uploads');

/** Uploads a cardholder file as the given user, as the upload route does. */
export function uploadCsv(ctx: ServiceContext, content: string | Uint8Array, fileName = 'cardholders.csv') {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return receiveUpload(ctx, { fileName, body: [bytes] });
}

/**
 * Luhn sum of a digit string (ISO/IEC 7812-1 Annex B), modulo 10: 0 for a valid PAN.
 */
function luhnResidue(digits: number[]): number {
  let sum = 0;
  for (let p = 0; p < digits.length; p++) {
    let d = digits[p]!;
    if ((digits.length - 1 - p) % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10;
}

/**
 * The same file with other PANs: the hidden middle digits carry `variant`, and the digit before the
 * last four restores the Luhn sum, so every PAN keeps its masked form (first 6, last 4) and its
 * Luhn validity. Tests that make many jobs from one file need this: a card already in an earlier
 * job is a duplicate. Variant 0 is the file itself.
 */
export function distinctCards(content: string, variant: number): string {
  if (variant === 0) return content;
  return content.replace(/(?<!\d)\d{12,19}(?!\d)/g, (pan) => {
    const digits = [...pan].map(Number);
    const n = digits.length;
    const target = luhnResidue(digits);
    const room = n - 11;
    const code = String(variant).padStart(room, '0').slice(-room);
    for (let j = 0; j < room; j++) digits[6 + j] = Number(code[j]);
    digits[n - 5] = 0;
    // Position n-5 is the 5th from the right: not doubled, so it can make up any difference.
    digits[n - 5] = (target - luhnResidue(digits) + 10) % 10;
    return digits.join('');
  });
}

export async function auditEventsFor(db: Db, objectId: string) {
  return db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.objectId, objectId))
    .orderBy(asc(auditEvents.seq));
}

export async function allAuditEvents(db: Db) {
  return db.select().from(auditEvents).orderBy(asc(auditEvents.seq));
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected the call to be refused, but it succeeded');
}
