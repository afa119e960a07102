import os from 'node:os';
import path from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertKey } from '../../../db/queries/keys';
import { cardRecords, jobs } from '../../../db/schema';
import { fromHex, toHex } from '../../emv/bytes';
import { adjustOddParity, tdesEcbEncrypt } from '../../emv/crypto/des';
import { tdesKcv } from '../../emv/crypto/kcv';
import { buildPinBlockIso0 } from '../../emv/crypto/pin-block';
import { computePvv } from '../../emv/crypto/pvv';
import { editProfileText } from '../../emv/profile/editors';
import { withLuhnDigit } from '../../emv/pan';
import { openText } from '../../services/cardholder-seal';
import { generateIssuerKey } from '../../services/issuer-keys';
import { generateKey } from '../../services/generate-key';
import { createJob } from '../../services/jobs/create-job';
import { approveJob, submitJob } from '../../services/jobs/job-workflow';
import { approveProfileVersion } from '../../services/profiles/approve-profile-version';
import { createProfileFromDemo } from '../../services/profiles/create-profile-from-demo';
import { saveProfileVersion } from '../../services/profiles/save-profile-version';
import { submitProfileVersion } from '../../services/profiles/submit-profile-version';
import { createTestCa, signIssuerCertificateWithTestCa } from '../../services/test-ca';
import { startTestBridge, type TestBridge } from '../../test-support/bridge';
import { databaseKinds, freshDatabase } from '../../test-support/databases';
import { creditProfileJobSetup } from '../../test-support/profile-jobs';
import { resolveJobKeys } from '../../services/jobs/job-parameters';
import type { ProfileDocument } from '../../emv/profile';
import {
  rejectionOf,
  seedWorkbench,
  testDataAtRestKey,
  uploadCsv,
  type SeededWorkbench,
} from '../../test-support/workbench';
import { prepareJob } from '../prepare-job';
import { preparedRecordContext } from './profile-chunk';
import type { PreparedCardContent } from './types';

process.env.DATA_AT_REST_KEY = testDataAtRestKey;
process.env.DATAPREP_OUTPUT_DIR ??= path.join(os.tmpdir(), 'dataprep-test-outputs');

/** The PVK and the issuer's PIN key, imported with known values so the PVV can be computed here. */
const known = {
  V2: toHex(adjustOddParity(fromHex('3B6A0F2C8D4E1A7795C2E8F04B3D6A19'))),
  P0: toHex(adjustOddParity(fromHex('5E4D3C2B1A09F8E7D6C5B4A392817060'))),
} as const;

/** In the debit demo's BIN range (99990200–99990299); the PINs differ in their 4 leftmost digits. */
const cards = [
  { pan: withLuhnDigit('999902000002001'), psn: '00', name: 'ALICE EXAMPLE', pin: '4524' },
  { pan: withLuhnDigit('999902000002002'), psn: '01', name: 'BOB EXAMPLE', pin: '190377' },
];
/** The debit demo's fixed-width record: PIN block (ISO 9564 format 0 under the PIN key) last. */
const record = (card: (typeof cards)[number]) =>
  `${card.pan}${card.psn}${card.name.padEnd(26)}3012${toHex(tdesEcbEncrypt(fromHex(known.P0), buildPinBlockIso0(card.pin, card.pan)))}`.padEnd(
    80,
  );

let bridge: TestBridge;
beforeAll(async () => {
  bridge = await startTestBridge('pvv-job');
});
afterAll(() => bridge.close());

describe.each(databaseKinds)('the PVV of a track, on %s', (kind) => {
  let handle: Awaited<ReturnType<typeof freshDatabase>>;
  let w: SeededWorkbench;
  beforeAll(async () => {
    handle = await freshDatabase(kind);
    w = await seedWorkbench(handle.db, bridge.client);
  }, 120_000);
  afterAll(() => handle.close());

  let imports = 0;
  const imported = async (usage: keyof typeof known) => {
    const keyRef = `${usage.toLowerCase()}-${kind}-pvv-${String(++imports).padStart(4, '0')}`;
    const label = `Known PVV test ${usage}`;
    await bridge.backend.importKey({ keyRef, algorithm: 'TDES2', usage, label }, fromHex(known[usage]));
    return (
      await insertKey(handle.db, {
        label,
        usage,
        algorithm: 'TDES2',
        kcv: toHex(tdesKcv(fromHex(known[usage]))),
        backend: 'software:software',
        hsmKeyRef: keyRef,
        createdBy: w.ctx.officer1.user.id,
      })
    ).id;
  };

  it('puts on tracks 2 and 1 the PVV of each cardholder\u2019s PIN under the PVK', async () => {
    const officer = w.ctx.officer1;
    const key = async (usage: 'E0' | 'E1' | 'E2' | 'C0' | 'K0') =>
      (await generateKey(officer, { label: `${usage} PVV job`, usage, algorithm: 'TDES2' })).id;
    const { version } = await createProfileFromDemo(w.ctx.analyst, {
      demo: 'generic-debit-mchip-style-cda.json',
      name: `Debit PVV ${kind}`,
    });
    await submitProfileVersion(w.ctx.analyst, { versionId: version.id });
    await approveProfileVersion(officer, { versionId: version.id });
    const { ca } = await createTestCa(officer, { rid: 'F000000002', index: '05', bits: 1408 });
    const { issuerKey } = await generateIssuerKey(officer, {
      label: 'pvv-issuer-rsa-1408',
      bits: 1408,
      publicExponent: 3,
      issuerIdentifier: '999902',
      expiry: '1230',
      serial: '000003',
    });
    const certificate = await signIssuerCertificateWithTestCa(officer, {
      issuerKeyId: issuerKey.id,
      caPublicKeyId: ca.id,
    });
    const parameters = {
      kekKeyId: await key('K0'),
      masterKeys: { E0: await key('E0'), E1: await key('E1'), E2: await key('E2'), C0: await key('C0') },
      issuerCertificates: { 'debit-cda': certificate.id },
      pinKeyId: await imported('P0'),
      pinBlockFormat: 0 as const,
      validationSample: 'all' as const,
    };
    const input = async () => ({
      profileVersionId: version.id,
      bureauId: w.bureaus.DEMO,
      uploadId: (await uploadCsv(w.ctx.analyst, cards.map(record).join('\r\n'), 'cardholders.txt')).uploadId,
      rejectionPolicy: 'all-or-nothing' as const,
    });

    // Without a PVK the job is refused, naming the key it needs.
    const refused = await rejectionOf(createJob(w.ctx.analyst, { ...(await input()), parameters }));
    expect(refused.message).toBe('Choose the PIN verification value (PVK, PVV method) key.');

    const aesPvk = await generateKey(officer, { label: 'AES PVK', usage: 'V2', algorithm: 'AES128' });
    const wrongPvk = await rejectionOf(
      createJob(w.ctx.analyst, {
        ...(await input()),
        parameters: { ...parameters, masterKeys: { ...parameters.masterKeys, V2: aesPvk.id } },
      }),
    );
    expect(wrongPvk.message).toBe(
      'The PVK "AES PVK" is AES128; a PVK must be a double-length TDES key (TDES2).',
    );

    const pvkId = await imported('V2');
    const job = await createJob(w.ctx.analyst, {
      ...(await input()),
      parameters: { ...parameters, masterKeys: { ...parameters.masterKeys, V2: pvkId } },
    });
    await submitJob(w.ctx.analyst, job.id);
    await approveJob(w.ctx.officer1, job.id);
    await approveJob(w.ctx.officer2, job.id);
    await prepareJob(handle.db, bridge.client, job.id);
    const row = (await handle.db.select().from(jobs).where(eq(jobs.id, job.id)))[0]!;
    expect(row).toMatchObject({ status: 'validated', preparedRows: 2 });

    const records = await handle.db
      .select()
      .from(cardRecords)
      .where(eq(cardRecords.jobId, job.id))
      .orderBy(asc(cardRecords.rowNumber));
    expect(records.map((r) => r.problems)).toEqual([[], []]);
    const surfaces = records.map(
      (r) =>
        (
          JSON.parse(
            openText(r.recordSealed!, preparedRecordContext(job.id, r.rowNumber)),
          ) as PreparedCardContent
        ).surface,
    );
    // The debit demo has no PVKI column; its pvki field fixes index 1: the PVKI, then the PVV, then the CVV.
    const pvvs = cards.map((card) => computePvv(fromHex(known.V2), card.pan, '1', card.pin));
    expect(pvvs[0]).not.toBe(pvvs[1]);
    surfaces.forEach((surface, i) => {
      expect(surface.track2).toMatch(new RegExp(`^${cards[i]!.pan}=3012\\d{3}1${pvvs[i]}\\d{3}00000$`));
      expect(surface.track1).toMatch(new RegExp(`\\^3012\\d{3}1${pvvs[i]}\\d{3}000000$`));
    });
  }, 120_000);

  it('refuses a profile whose tracks carry a PVV when the layout has no PIN block column, saying why, and so does job creation', async () => {
    const setup = await creditProfileJobSetup(w);
    const { profile, version } = await createProfileFromDemo(w.ctx.analyst, {
      demo: 'generic-credit-vsdc-style-dda.json',
      name: `Credit with PVV ${kind}`,
    });
    const json = editProfileText(`${JSON.stringify(version.document, null, 2)}\n`, (doc) => {
      const { surface } = doc.card as unknown as { surface: { track2: { discretionary: unknown[] } } };
      surface.track2.discretionary.splice(0, 1, { field: 'pvki', length: 1 }, { field: 'pvv', length: 4 });
    });
    const { version: saved } = await saveProfileVersion(w.ctx.analyst, {
      profileId: profile.id,
      json,
      note: 'PVV',
    });
    const refused = await rejectionOf(submitProfileVersion(w.ctx.analyst, { versionId: saved.id }));
    expect(refused.message).toContain(
      'a track places a PVV, which is computed from the cardholder\u2019s PIN, but the input layout has no column of role "pin-block"; add one, or put a constant where the PVV is',
    );

    // A version approved before that check: job creation refuses it too, with the PVK chosen.
    const { problems } = await resolveJobKeys(handle.db, saved.document as ProfileDocument, {
      ...setup.parameters,
      masterKeys: { ...setup.parameters.masterKeys, V2: await imported('V2') },
    });
    expect(problems).toEqual([
      'The tracks carry a PVV, which is computed from each cardholder\u2019s PIN, but the card template\u2019s input layout has no PIN block column. Add a column of role "pin-block" to the layout and to the file.',
      'Choose the PIN key (P0) the file\u2019s PIN blocks are under.',
      'Choose the PIN block format of the file (ISO 9564 format 0, 3 or 4).',
    ]);
  }, 120_000);
});
