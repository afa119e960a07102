import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listCardValidations } from '../../db/queries/job-outputs';
import { findJob } from '../../db/queries/jobs';
import { insertKey } from '../../db/queries/keys';
import { cardRecords } from '../../db/schema';
import { parseJsonLinesFile, parseManifest, recoverMacKey, verifyBureauFile } from '../bureau-file';
import type { BureauCard, BureauManifest } from '../bureau-file';
import { fromHex, toHex } from '../emv/bytes';
import { adjustOddParity, tdesEcbDecrypt, tdesEcbEncrypt } from '../emv/crypto/des';
import { deriveIccMasterKeyOptionA } from '../emv/crypto/icc-master-key';
import { tdesKcv } from '../emv/crypto/kcv';
import { buildPinBlockIso0 } from '../emv/crypto/pin-block';
import { preparedRecordContext } from '../jobs/card-preparation/profile-chunk';
import { outputsDir } from '../jobs/output/output-store';
import { prepareJob } from '../jobs/prepare-job';
import { validationReportContext } from '../jobs/validation/validate-job';
import { databaseKinds, freshDatabase } from '../test-support/databases';
import { dumpAllTables } from '../test-support/database-dump';
import { startTestBridge, type TestBridge } from '../test-support/bridge';
import { seedWorkbench, testDataAtRestKey, uploadCsv } from '../test-support/workbench';
import { openText } from './cardholder-seal';
import { generateIssuerKey } from './issuer-keys';
import { generateKey } from './generate-key';
import { createJob } from './jobs/create-job';
import { downloadJobFile } from './jobs/job-output';
import { approveJob, releaseJob, submitJob } from './jobs/job-workflow';
import { approveProfileVersion } from './profiles/approve-profile-version';
import { createProfileFromDemo } from './profiles/create-profile-from-demo';
import { submitProfileVersion } from './profiles/submit-profile-version';
import { createTestCa, signIssuerCertificateWithTestCa } from './test-ca';
import { withLuhnDigit } from '../emv/pan';

process.env.DATA_AT_REST_KEY = testDataAtRestKey;
process.env.DATAPREP_OUTPUT_DIR ??= path.join(os.tmpdir(), 'dataprep-test-outputs');

/**
 * The debit demo (M/Chip-style, CDA, offline PIN) holds every kind of secret a job makes: ICC master
 * keys derived from the issuer's (MK-AC, MK-SMI, MK-SMC), the cardholder's PIN, the ICC private key,
 * and the job's output MAC key. The issuer keys, the KEK and the PIN key are imported with known
 * values, so the clear secrets can be computed here and looked for.
 */
const known = {
  E0: '0123456789ABCDEFFEDCBA9876543210',
  E1: toHex(adjustOddParity(fromHex('1F2E3D4C5B6A79880817263544536271'))),
  E2: toHex(adjustOddParity(fromHex('A1B2C3D4E5F60718293A4B5C6D7E8F90'))),
  K0: toHex(adjustOddParity(fromHex('F40E3DB37A2C5B0846E9A1D57F13C862'))),
  P0: toHex(adjustOddParity(fromHex('5E4D3C2B1A09F8E7D6C5B4A392817060'))),
  // The PVK: the debit demo's tracks carry a PVV.
  V2: toHex(adjustOddParity(fromHex('3B6A0F2C8D4E1A7795C2E8F04B3D6A19'))),
} as const;

/**
 * In the debit demo's BIN range (99990200–99990299), each with its own PIN. The PINs are 8 digits:
 * a shorter one would turn up by chance in the hex of a random key or signature.
 */
const cards = [
  { pan: withLuhnDigit('999902000001001'), psn: '00', name: 'ALICE EXAMPLE', pin: '73915428' },
  { pan: withLuhnDigit('999902000001002'), psn: '01', name: 'BOB EXAMPLE', pin: '28461937' },
  { pan: withLuhnDigit('999902000001003'), psn: '00', name: 'CAROL EXAMPLE', pin: '91537206' },
];
/** Luhn-valid, rejected for its BIN: its PAN and PIN must not be kept anywhere. */
const rejected = { pan: withLuhnDigit('999903000001004'), psn: '00', name: 'DAVE EXAMPLE', pin: '60194825' };

/** The PIN block the issuer's file carries: ISO 9564 format 0 under the PIN key. */
const filePinBlock = (card: { pan: string; pin: string }) =>
  toHex(tdesEcbEncrypt(fromHex(known.P0), buildPinBlockIso0(card.pin, card.pan)));

/** A record of the debit demo's fixed-width layout: 80 characters, expiry YYMM, PIN block last. */
const record = (card: typeof rejected) =>
  `${card.pan}${card.psn}${card.name.padEnd(26)}3012${filePinBlock(card)}`.padEnd(80);

/** The PIN as the card holds it (EMV Book 3 6.5.12, ISO 9564 format 2): '2', length, digits, F fill. */
const format2 = (pin: string) => `2${pin.length.toString(16).toUpperCase()}${pin}`.padEnd(16, 'F');

/** ICC master keys of Book 2 A1.4.1 option A, in the order of the debit demo's DGI 8000 (E0, E2, E1). */
const iccMasterKeys = cards.map((c) =>
  (['E0', 'E2', 'E1'] as const).map((usage) =>
    deriveIccMasterKeyOptionA(fromHex(known[usage]), c.pan, c.psn),
  ),
);

/** A secret in every spelling a careless writer might use. */
function spellings(hex: string): string[] {
  const bytes = Buffer.from(hex, 'hex');
  return [hex.toUpperCase(), hex.toLowerCase(), bytes.toString('base64'), bytes.toString('base64url')];
}

function leaksIn(text: string, secrets: Record<string, string[]>): string[] {
  return Object.entries(secrets)
    .filter(([, forms]) => forms.some((form) => text.includes(form)))
    .map(([name]) => name);
}

/** A binary file as text to scan: its bytes as Latin-1 (ASCII fields) and as hex (BCD, keys). */
const scannable = (bytes: Buffer) => `${bytes.toString('latin1')}\n${bytes.toString('hex').toUpperCase()}`;

async function bytesOf(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function* once(bytes: Buffer) {
  yield bytes;
}

let bridge: TestBridge;
beforeAll(async () => {
  bridge = await startTestBridge('secrets-scan');
});
afterAll(() => bridge.close());

describe.each(databaseKinds)(
  'no secret, PIN or stray PAN at rest or in the outputs after a job on %s',
  (kind) => {
    let handle: Awaited<ReturnType<typeof freshDatabase>>;
    let jobId: string;
    let reference: string;
    let files: Record<'cps' | 'jsonl' | 'manifest', Buffer>;
    let manifest: BureauManifest;
    let macKey: string;
    let logged = '';
    const secrets: Record<string, string[]> = {
      ...Object.fromEntries(Object.entries(known).map(([usage, hex]) => [`${usage} key`, spellings(hex)])),
      'data-at-rest key': spellings(testDataAtRestKey),
      ...Object.fromEntries(
        iccMasterKeys.flatMap((keys, i) =>
          keys.map((key, k) => [`ICC MK ${['AC', 'SMI', 'SMC'][k]} of card ${i + 1}`, spellings(toHex(key))]),
        ),
      ),
    };
    const pins: Record<string, string[]> = Object.fromEntries(
      [...cards, rejected].map((c, i) => [
        `PIN of card ${i + 1}`,
        [c.pin, toHex(buildPinBlockIso0(c.pin, c.pan)), format2(c.pin), filePinBlock(c)],
      ]),
    );
    const pans: Record<string, string[]> = Object.fromEntries(
      [...cards, rejected].map((c) => [c.pan, [c.pan]]),
    );
    const everything = () => ({ ...secrets, 'output MAC key': spellings(macKey), ...pins, ...pans });

    beforeAll(async () => {
      const logs = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
        vi.spyOn(console, level),
      );
      handle = await freshDatabase(kind);
      const w = await seedWorkbench(handle.db, bridge.client);
      const officer = w.ctx.officer1;
      const imported = async (usage: keyof typeof known) => {
        const keyRef = `${usage.toLowerCase()}-${kind}-known-0001`;
        const label = `Known test ${usage}`;
        await bridge.backend.importKey({ keyRef, algorithm: 'TDES2', usage, label }, fromHex(known[usage]));
        const key = await insertKey(handle.db, {
          label,
          usage,
          algorithm: 'TDES2',
          kcv: toHex(tdesKcv(fromHex(known[usage]))),
          backend: 'software:software',
          hsmKeyRef: keyRef,
          createdBy: officer.user.id,
        });
        return key.id;
      };
      const { version } = await createProfileFromDemo(w.ctx.analyst, {
        demo: 'generic-debit-mchip-style-cda.json',
        name: 'Debit secrets scan',
      });
      await submitProfileVersion(w.ctx.analyst, { versionId: version.id });
      await approveProfileVersion(officer, { versionId: version.id });
      const { ca } = await createTestCa(officer, { rid: 'F000000002', index: '05', bits: 1408 });
      const { issuerKey } = await generateIssuerKey(officer, {
        label: 'demo-issuer-rsa-1408',
        bits: 1408,
        publicExponent: 3,
        issuerIdentifier: '999902',
        expiry: '1230',
        serial: '000002',
      });
      const certificate = await signIssuerCertificateWithTestCa(officer, {
        issuerKeyId: issuerKey.id,
        caPublicKeyId: ca.id,
      });
      const cvk = await generateKey(officer, { label: 'CVK secrets scan', usage: 'C0', algorithm: 'TDES2' });
      const content = [...cards, rejected].map(record).join('\r\n');
      const upload = await uploadCsv(w.ctx.analyst, content, 'cardholders.txt');
      const job = await createJob(w.ctx.analyst, {
        profileVersionId: version.id,
        bureauId: w.bureaus.DEMO,
        parameters: {
          kekKeyId: await imported('K0'),
          masterKeys: {
            E0: await imported('E0'),
            E1: await imported('E1'),
            E2: await imported('E2'),
            C0: cvk.id,
            V2: await imported('V2'),
          },
          issuerCertificates: { 'debit-cda': certificate.id },
          pinKeyId: await imported('P0'),
          pinBlockFormat: 0,
          validationSample: 'all',
        },
        uploadId: upload.uploadId,
        rejectionPolicy: 'accept-valid',
        acceptValidReason: 'The card of another BIN is issued separately',
      });
      await submitJob(w.ctx.analyst, job.id);
      await approveJob(w.ctx.officer1, job.id);
      await approveJob(w.ctx.officer2, job.id);
      await prepareJob(handle.db, bridge.client, job.id);
      await releaseJob(w.ctx.officer2, job.id);
      const download = async (kind: 'cps' | 'jsonl' | 'manifest') =>
        bytesOf((await downloadJobFile(w.ctx.bureau, job.id, kind)).body);
      files = {
        cps: await download('cps'),
        jsonl: await download('jsonl'),
        manifest: await download('manifest'),
      };
      manifest = parseManifest(files.manifest.toString('utf8'));
      macKey = toHex(recoverMacKey(manifest, fromHex(known.K0)));
      ({ id: jobId, reference } = job);
      logged = logs.flatMap((spy) => spy.mock.calls.map((args) => args.map(String).join(' '))).join('\n');
      logs.forEach((spy) => spy.mockRestore());
    }, 120_000);
    afterAll(() => handle.close());

    it('prepared the job from keys of known value (positive control)', async () => {
      const job = (await findJob(handle.db, { id: jobId }))!;
      expect([job.status, job.acceptedRows, job.rejectedRows, job.preparedRows]).toEqual([
        'downloaded',
        3,
        1,
        3,
      ]);
      expect(job.validation).toMatchObject({ sampled: 3, passed: 3, failed: 0 });
      const mkAc = await bridge.client.call('describeKey', { keyRef: `e0-${kind}-known-0001` });
      expect(mkAc.kcv.slice(0, 6)).toBe('08D7B4');
      expect(macKey).toMatch(/^[0-9A-F]{32}$/);
      expect(toHex(tdesKcv(fromHex(macKey)))).toBe(manifest.macKey.kcv);
    });

    it('delivers the ICC master keys (EMV Book 2 A1.4.1) and the PIN only under the KEK, and files the bureau can verify', async () => {
      const delivered: BureauCard[] = [];
      for await (const event of parseJsonLinesFile(once(files.jsonl))) {
        if (event.kind === 'card') delivered.push(event.card);
      }
      expect(delivered).toHaveLength(3);
      delivered.forEach((card, i) => {
        const chip = card.parts.find((p) => p.module === 'chip');
        if (chip?.module !== 'chip') throw new Error('no chip part');
        const debit = chip.applications.find((app) => app.name !== 'PSE')!;
        expect(debit.kek.kcv).toBe(toHex(tdesKcv(fromHex(known.K0))));
        const dgi = (n: string) => debit.dgis.find((d) => d.dgi === n)!;
        expect(dgi('8000').encrypted).toBe(true);
        expect(toHex(tdesEcbDecrypt(fromHex(known.K0), fromHex(dgi('8000').data)))).toBe(
          toHex(Buffer.concat(iccMasterKeys[i]!)),
        );
        expect(dgi('8010').encrypted).toBe(true);
        expect(toHex(tdesEcbDecrypt(fromHex(known.K0), fromHex(dgi('8010').data)))).toBe(
          format2(cards[i]!.pin),
        );
      });
      for (const kind of ['cps', 'jsonl'] as const) {
        const name = manifest.files.find((f) => f.kind === kind)!.name;
        const verdict = await verifyBureauFile(
          manifest,
          { name, chunks: once(files[kind]) },
          fromHex(known.K0),
        );
        expect([kind, verdict.ok, verdict.problems, verdict.cards]).toEqual([kind, true, [], 3]);
      }
    });

    it('keeps no key value, PIN or full PAN in any table, the audit trail included', async () => {
      const dump = await dumpAllTables(handle.db);
      expect(dump['public.keys']).toContain(toHex(tdesKcv(fromHex(known.E0))));
      expect(dump['public.job_cards']).toContain(`999902******${cards[0]!.pan.slice(-4)}`);
      expect(dump['public.card_records']).toContain(`999902******${cards[2]!.pan.slice(-4)}`);
      expect(dump['public.audit_events']).toContain(reference);
      const found = Object.entries(dump).flatMap(([table, text]) =>
        leaksIn(text, everything()).map((what) => `${what} in ${table}`),
      );
      expect(found).toEqual([]);
    });

    it('seals each prepared record: opened, it holds its card\u2019s PAN but no clear key or PIN', async () => {
      const records = await handle.db
        .select()
        .from(cardRecords)
        .where(eq(cardRecords.jobId, jobId))
        .orderBy(asc(cardRecords.rowNumber));
      const opened = records.map((r) => openText(r.recordSealed!, preparedRecordContext(jobId, r.rowNumber)));
      expect(opened.map((text) => leaksIn(text, pans))).toEqual(cards.map((c) => [c.pan]));
      expect(
        opened.flatMap((text) => leaksIn(text, { ...secrets, 'output MAC key': spellings(macKey), ...pins })),
      ).toEqual([]);
    });

    it('keeps the validation reports free of PANs, keys and PINs', async () => {
      const validations = await listCardValidations(handle.db, { jobId });
      expect(validations.map((v) => v.ok)).toEqual([true, true, true]);
      const reports = validations.map((v) =>
        openText(v.reportSealed, validationReportContext(jobId, v.rowNumber)),
      );
      expect(reports[0]).toContain('Offline data authentication');
      expect(reports[0]).toContain(`999902******${cards[0]!.pan.slice(-4)}`);
      expect(reports.flatMap((report) => leaksIn(report, everything()))).toEqual([]);
    });

    it('puts the accepted PANs, but no key value or PIN, into the bureau files; the manifest holds no PAN', () => {
      for (const kind of ['cps', 'jsonl'] as const) {
        const text = scannable(files[kind]);
        expect([kind, leaksIn(text, pans)]).toEqual([kind, cards.map((c) => c.pan)]);
        expect([kind, leaksIn(text, { ...secrets, 'output MAC key': spellings(macKey), ...pins })]).toEqual([
          kind,
          [],
        ]);
      }
      expect(leaksIn(files.manifest.toString('utf8'), everything())).toEqual([]);
    });

    it('writes nothing clear into the sealed files on disk, the logs, the bridge audit log or its key store', () => {
      const sealed = readdirSync(path.join(outputsDir(), jobId)).sort();
      expect(sealed).toEqual(['cps.sealed', 'jsonl.sealed', 'manifest.sealed']);
      for (const name of sealed) {
        const text = scannable(readFileSync(path.join(outputsDir(), jobId, name)));
        expect([name, leaksIn(text, everything())]).toEqual([name, []]);
      }
      expect(leaksIn(logged, everything())).toEqual([]);
      const auditLog = readFileSync(bridge.auditLogFile, 'utf8');
      expect(auditLog).toContain('"command":"deriveCardMasterKeys"');
      expect(auditLog).toContain('"command":"translatePinForCard"');
      expect(auditLog).toContain('"command":"computePinVerificationValues"');
      expect(auditLog).toContain(`${kind}-known-0001`);
      expect(leaksIn(auditLog, everything())).toEqual([]);
      const keyStore = readFileSync(path.join(bridge.hsmDir, 'software-keystore.json'), 'utf8');
      expect(keyStore).toContain(`p0-${kind}-known-0001`);
      expect(leaksIn(keyStore, { ...secrets, 'output MAC key': spellings(macKey) })).toEqual([]);
    });
  },
);
