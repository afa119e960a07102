import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertKey } from '../../db/queries/keys';
import { fromHex, toHex } from '../emv/bytes';
import { adjustOddParity, tdesEcbDecrypt } from '../emv/crypto/des';
import { deriveIccMasterKeyOptionA } from '../emv/crypto/icc-master-key';
import { tdesKcv } from '../emv/crypto/kcv';
import { prepareJob } from '../jobs/prepare-job';
import { databaseKinds, freshDatabase } from '../test-support/databases';
import { dumpAllTables } from '../test-support/database-dump';
import { startTestBridge, type TestBridge } from '../test-support/bridge';
import {
  cardholderCsv,
  futureExpiry,
  jobInput,
  seedWorkbench,
  testDataAtRestKey,
  testPans,
} from '../test-support/workbench';
import { createJob } from './jobs/create-job';
import { downloadJobOutput } from './jobs/job-output';
import { approveJob, releaseJob, submitJob } from './jobs/job-workflow';

process.env.DATA_AT_REST_KEY = testDataAtRestKey;

const imkHex = '0123456789ABCDEFFEDCBA9876543210';
const kekHex = toHex(adjustOddParity(fromHex('F40E3DB37A2C5B0846E9A1D57F13C862')));
const cards = [
  { pan: testPans[0], psn: '00', name: 'ALICE EXAMPLE' },
  { pan: testPans[1], psn: '01', name: 'BOB EXAMPLE' },
  { pan: testPans[2], psn: '00', name: 'CAROL EXAMPLE' },
];
/** Luhn-valid, rejected for its expiry: its PAN must not be kept anywhere. */
const rejectedPan = '4761739001010044';
const iccMasterKeys = cards.map((c) => deriveIccMasterKeyOptionA(fromHex(imkHex), c.pan, c.psn));

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

let bridge: TestBridge;
beforeAll(async () => {
  bridge = await startTestBridge('secrets-scan');
});
afterAll(() => bridge.close());

describe.each(databaseKinds)('no secret and no full PAN at rest after a job on %s', (kind) => {
  let handle: Awaited<ReturnType<typeof freshDatabase>>;
  let output: string;
  let imkKcv: string;
  const secrets: Record<string, string[]> = {
    IMK: spellings(imkHex),
    KEK: spellings(kekHex),
    'data-at-rest key': spellings(testDataAtRestKey),
    ...Object.fromEntries(iccMasterKeys.map((key, i) => [`ICC MK of card ${i + 1}`, spellings(toHex(key))])),
  };
  const pans: Record<string, string[]> = Object.fromEntries(
    [...cards.map((c) => c.pan), rejectedPan].map((pan) => [pan, [pan]]),
  );

  beforeAll(async () => {
    handle = await freshDatabase(kind);
    const w = await seedWorkbench(handle.db, bridge.client);
    const officer = w.ctx.officer1.user.id;
    const imported = async (usage: 'E0' | 'K0', value: string, label: string) => {
      const keyRef = `${usage.toLowerCase()}-${kind}-known-0001`;
      await bridge.backend.importKey({ keyRef, algorithm: 'TDES2', usage, label }, fromHex(value));
      return insertKey(handle.db, {
        label,
        usage,
        algorithm: 'TDES2',
        kcv: toHex(tdesKcv(fromHex(value))),
        backend: 'software:software',
        hsmKeyRef: keyRef,
        createdBy: officer,
      });
    };
    const imk = await imported('E0', imkHex, 'Known test IMK');
    const kek = await imported('K0', kekHex, 'Known test KEK');
    imkKcv = imk.kcv;

    const content = cardholderCsv([
      ...cards.map((c) => [c.pan, c.psn, c.name, futureExpiry]),
      [rejectedPan, '00', 'DAVE EXAMPLE', '2001'],
    ]);
    const job = await createJob(
      w.ctx.analyst,
      await jobInput(w, { imkKeyId: imk.id, kekKeyId: kek.id }, content, {
        rejectionPolicy: 'accept-valid',
        acceptValidReason: 'Expired card is reissued separately',
      }),
    );
    await submitJob(w.ctx.analyst, job.id);
    await approveJob(w.ctx.officer1, job.id);
    await approveJob(w.ctx.officer2, job.id);
    await prepareJob(handle.db, bridge.client, job.id);
    await releaseJob(w.ctx.officer2, job.id);
    output = (await downloadJobOutput(w.ctx.bureau, job.id)).body;
  });
  afterAll(() => handle.close());

  it('imported the keys the scan looks for (positive control)', () => {
    expect(imkKcv).toBe('08D7B4');
    expect(iccMasterKeys.map((key) => key.length)).toEqual([16, 16, 16]);
  });

  it('delivers each card key encrypted under the KEK, the ICC master key of EMV Book 2 A1.4.1', () => {
    const records = output
      .trimEnd()
      .split('\n')
      .slice(1, -1)
      .map((line) => JSON.parse(line));
    expect(records.map((r) => r.embossing.pan)).toEqual(cards.map((c) => c.pan));
    records.forEach((record, i) => {
      const [secret] = record.chip.secrets;
      const clear = tdesEcbDecrypt(fromHex(kekHex), fromHex(secret.cryptogram));
      expect(toHex(clear)).toBe(toHex(iccMasterKeys[i]!));
      expect(secret.kcv).toBe(toHex(tdesKcv(iccMasterKeys[i]!)));
      expect(record.chip.kek.kcv).toBe(toHex(tdesKcv(fromHex(kekHex))));
    });
  });

  it('keeps no key value and no full PAN in any table', async () => {
    const dump = await dumpAllTables(handle.db);
    expect(dump['public.keys']).toContain(imkKcv);
    expect(dump['public.job_cards']).toContain('476173******0010');
    expect(dump['public.card_records']).toContain('476173******0036');
    const found = Object.entries(dump).flatMap(([table, text]) =>
      [...leaksIn(text, secrets), ...leaksIn(text, pans)].map((what) => `${what} in ${table}`),
    );
    expect(found).toEqual([]);
  });

  it('writes no key value and no PAN into the bridge audit log or its key store', () => {
    const auditLog = readFileSync(bridge.auditLogFile, 'utf8');
    expect(auditLog).toContain('"command":"deriveIccMasterKeys"');
    expect(auditLog).toContain(`${kind}-known-0001`);
    expect(leaksIn(auditLog, { ...secrets, ...pans })).toEqual([]);
    const keyStore = readFileSync(path.join(bridge.hsmDir, 'software-keystore.json'), 'utf8');
    expect(keyStore).toContain(`e0-${kind}-known-0001`);
    expect(leaksIn(keyStore, secrets)).toEqual([]);
  });

  it('puts the accepted PANs, but no key value, into the bureau file', () => {
    expect(leaksIn(output, pans)).toEqual(cards.map((c) => c.pan));
    expect(leaksIn(output, secrets)).toEqual([]);
  });
});
