import os from 'node:os';
import path from 'node:path';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { findCardTemplateByName } from '../../db/queries/templates';
import { findUserByUsername } from '../../db/queries/users';
import { auditEvents } from '../../db/schema';
import { demoCardTemplateName, demoUsers, seedDemo } from '../../db/seed/demo';
import { hashPassword } from '../auth/password';
import type { HsmBridgeClient } from '../hsm/bridge-client';
import type { ServiceContext } from '../services/context';
import { generateKey } from '../services/generate-key';
import { receiveUpload } from '../services/import/receive-upload';
import { createJob, type CreateJobInput } from '../services/jobs/create-job';
import { approveJob, submitJob } from '../services/jobs/job-workflow';
import { freshDatabase, type DatabaseKind } from './databases';

export type DemoUsername = 'analyst' | 'officer1' | 'officer2' | 'officer3' | 'bureau' | 'auditor' | 'admin';

/** A 64-hex-digit data-at-rest key for files that create jobs (read lazily by cardholder-seal). */
export const testDataAtRestKey = 'a1'.repeat(32);

/** Luhn-valid test PANs (issuer identification 476173, test range). */
export const testPans = ['4761739001010010', '4761739001010028', '4761739001010036'] as const;
export const futureExpiry = '3012';

export function cardholderCsv(rows: readonly (readonly string[])[]): string {
  return ['pan,psn,name,expiry', ...rows.map((row) => row.join(','))].join('\n');
}

/** Three valid cardholders, one per test PAN. */
export const threeValidCards = cardholderCsv([
  [testPans[0], '00', 'ALICE EXAMPLE', futureExpiry],
  [testPans[1], '01', 'BOB EXAMPLE', futureExpiry],
  [testPans[2], '00', 'CAROL EXAMPLE', futureExpiry],
]);

export interface SeededWorkbench {
  ctx: Record<DemoUsername, ServiceContext>;
  cardTemplateId: string;
  /** Cardholder files turned into jobs through `jobInput` so far (see `distinctCards`). */
  jobFiles: number;
}

/** The demo users and profile, and a service context for each user, all on the given bridge. */
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
  const cardTemplate = await findCardTemplateByName(db, { name: demoCardTemplateName });
  if (!cardTemplate) throw new Error('seedDemo did not create the demo card template');
  return { ctx, cardTemplateId: cardTemplate.id, jobFiles: 0 };
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

export function jobInputFor(
  w: SeededWorkbench,
  keys: { imkKeyId: string; kekKeyId: string },
  uploadId: string,
  overrides: Partial<CreateJobInput> = {},
): CreateJobInput {
  return {
    cardTemplateId: w.cardTemplateId,
    ...keys,
    uploadId,
    rejectionPolicy: 'all-or-nothing',
    ...overrides,
  };
}

/**
 * Uploads `content` as the analyst and gives the job input for it. The first file of a workbench
 * goes as it is; later ones get their own PANs (`distinctCards`), so tests can reuse a file.
 */
export async function jobInput(
  w: SeededWorkbench,
  keys: { imkKeyId: string; kekKeyId: string },
  content: string,
  overrides: Partial<CreateJobInput> = {},
): Promise<CreateJobInput> {
  const upload = await uploadCsv(w.ctx.analyst, distinctCards(content, w.jobFiles++));
  return jobInputFor(w, keys, upload.uploadId, overrides);
}

/** Analyst creates and submits, officer1 and officer2 approve: the job ends 'approved'. */
export async function approvedJob(
  w: SeededWorkbench,
  keys: { imkKeyId: string; kekKeyId: string },
  content: string,
) {
  const job = await createJob(w.ctx.analyst, await jobInput(w, keys, content));
  await submitJob(w.ctx.analyst, job.id);
  await approveJob(w.ctx.officer1, job.id);
  const second = await approveJob(w.ctx.officer2, job.id);
  if (second.job.status !== 'approved') throw new Error(`job ended ${second.job.status}, not approved`);
  return second.job;
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

/**
 * A fresh database of the given kind with the demo users and profile, and an E0 issuer master key
 * and a K0 transport key that officer1 generated in the HSM behind `bridge`.
 */
export async function workbenchWithKeys(kind: DatabaseKind, bridge: HsmBridgeClient) {
  const handle = await freshDatabase(kind);
  const w = await seedWorkbench(handle.db, bridge);
  const imk = await generateKey(w.ctx.officer1, { label: 'IMK AC test', usage: 'E0', algorithm: 'TDES2' });
  const kek = await generateKey(w.ctx.officer1, {
    label: 'KEK bureau test',
    usage: 'K0',
    algorithm: 'TDES2',
  });
  return { handle, w, keys: { imkKeyId: imk.id, kekKeyId: kek.id } };
}
