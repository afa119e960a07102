import type { HsmBridgeClient } from '../hsm/bridge-client';
import { generateKey } from '../services/generate-key';
import { generateIssuerKey } from '../services/issuer-keys';
import type { CreateJobInput } from '../services/jobs/create-job';
import { approveJob, submitJob } from '../services/jobs/job-workflow';
import { createJob } from '../services/jobs/create-job';
import { createTestCa, signIssuerCertificateWithTestCa } from '../services/test-ca';
import { freshDatabase, type DatabaseKind } from './databases';
import { distinctCards, seedWorkbench, uploadCsv, type SeededWorkbench } from './workbench';

/** Luhn-valid PANs in the demo credit profile's BIN range (99990100–99990199). */
export const creditPans = ['9999010000000011', '9999010000000029', '9999010000000037'] as const;

/** The demo credit profile's layout: pan, psn, name (the expiry follows the card template's rule). */
export function creditCsv(rows: readonly (readonly string[])[]): string {
  return ['pan,psn,name', ...rows.map((row) => row.join(','))].join('\n');
}

export const threeCreditCards = creditCsv([
  [creditPans[0], '00', 'ALICE EXAMPLE'],
  [creditPans[1], '01', 'BOB EXAMPLE'],
  [creditPans[2], '00', 'CAROL EXAMPLE'],
]);

export interface ProfileJobSetup {
  profileVersionId: string;
  parameters: {
    kekKeyId: string;
    masterKeys: Record<string, string>;
    issuerCertificates: Record<string, string>;
    validationSample: 'percent' | 'all';
  };
}

/**
 * The demo credit profile (VSDC-style, DDA) the seed approved, and every key its jobs need made in
 * the HSM by officer1: MK-AC, MK-SMC, MK-SMI, the CVK, the transport KEK, a TEST CA (RID F000000001
 * index 92) and an issuer key it certified.
 */
export async function creditProfileJobSetup(w: SeededWorkbench): Promise<ProfileJobSetup> {
  const officer = w.ctx.officer1;
  const key = async (usage: 'E0' | 'E1' | 'E2' | 'C0' | 'K0') =>
    (await generateKey(officer, { label: `${usage} profile job test`, usage, algorithm: 'TDES2' })).id;
  const { ca } = await createTestCa(officer, { rid: 'F000000001', index: '92', bits: 1408 });
  const { issuerKey } = await generateIssuerKey(officer, {
    label: 'demo-issuer-rsa-1152',
    bits: 1152,
    publicExponent: 3,
    issuerIdentifier: '999901',
    expiry: '1230',
    serial: '000001',
  });
  const certificate = await signIssuerCertificateWithTestCa(officer, {
    issuerKeyId: issuerKey.id,
    caPublicKeyId: ca.id,
  });
  return {
    profileVersionId: w.demoProfileVersionId,
    parameters: {
      kekKeyId: await key('K0'),
      masterKeys: { E0: await key('E0'), E1: await key('E1'), E2: await key('E2'), C0: await key('C0') },
      issuerCertificates: { 'credit-dda': certificate.id },
      validationSample: 'all',
    },
  };
}

export async function profileJobInput(
  w: SeededWorkbench,
  setup: ProfileJobSetup,
  content: string,
  overrides: Partial<CreateJobInput> = {},
): Promise<CreateJobInput> {
  const upload = await uploadCsv(w.ctx.analyst, distinctCards(content, w.jobFiles++));
  return {
    profileVersionId: setup.profileVersionId,
    bureauId: w.bureaus.DEMO,
    parameters: setup.parameters,
    uploadId: upload.uploadId,
    rejectionPolicy: 'all-or-nothing',
    ...overrides,
  } as CreateJobInput;
}

/** Analyst creates and submits a profile job, officer1 and officer2 approve it. */
export async function approvedProfileJob(w: SeededWorkbench, setup: ProfileJobSetup, content: string) {
  const job = await createJob(w.ctx.analyst, await profileJobInput(w, setup, content));
  await submitJob(w.ctx.analyst, job.id);
  await approveJob(w.ctx.officer1, job.id);
  const second = await approveJob(w.ctx.officer2, job.id);
  if (second.job.status !== 'approved') throw new Error(`job ended ${second.job.status}, not approved`);
  return second.job;
}

export async function workbenchWithCreditProfile(kind: DatabaseKind, bridge: HsmBridgeClient) {
  const handle = await freshDatabase(kind);
  const w = await seedWorkbench(handle.db, bridge);
  return { handle, w, setup: await creditProfileJobSetup(w) };
}
