/**
 * The CLI's commands against the workbench's real HTTP API (the Next.js route handlers, served in this
 * process by testing/workbench-server.ts), as people would run them: an analyst, two officers with
 * their TOTP codes and the bureau, each with a session file of their own.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUserById, findUserByUsername, setTemporaryPassword } from '../../db/queries/users';
import { demoPassword } from '../../db/seed/demo';
import { login as passwordLogin } from '../auth/login';
import { hashPassword } from '../auth/password';
import { confirmTotpEnrollment, openTotpSecret, startTotpEnrollment } from '../auth/second-factor';
import { base32Decode, hotp, totpStep, totpStepSeconds } from '../auth/totp';
import { adjustOddParity } from '../emv/crypto/des';
import { tdesKcv } from '../emv/crypto/kcv';
import { prepareJob } from '../jobs/prepare-job';
import { startTestBridge, type TestBridge } from '../test-support/bridge';
import {
  threeCreditCards,
  workbenchWithCreditProfile,
  type ProfileJobSetup,
} from '../test-support/profile-jobs';
import { approvedMultiInputProfile } from '../test-support/multi-input-jobs';
import {
  allAuditEvents,
  distinctCards,
  testDataAtRestKey,
  type SeededWorkbench,
} from '../test-support/workbench';
import { runCli } from './run-cli';
import { testIo } from './testing/test-io';
import { startWorkbenchServer, type WorkbenchServer } from './testing/workbench-server';

process.env.DATA_AT_REST_KEY = testDataAtRestKey;
process.env.DATAPREP_OUTPUT_DIR ??= path.join(os.tmpdir(), 'dataprep-test-outputs');

/** Two TDES2 components of the transport KEK, entered by officer1 and officer2; the bureau holds both. */
const kekComponents = ['0123456789ABCDEFFEDCBA9876543210', '1F2E3D4C5B6A79880897A6B5C4D3E2F1'];
const clearKek = adjustOddParity(
  Buffer.from(kekComponents[0]!, 'hex').map((b, i) => b ^ Buffer.from(kekComponents[1]!, 'hex')[i]!),
);

let bridge: TestBridge;
let handle: Awaited<ReturnType<typeof workbenchWithCreditProfile>>['handle'];
let setup: ProfileJobSetup;
let w: SeededWorkbench;
let server: WorkbenchServer;
const work = mkdtempSync(path.join(os.tmpdir(), 'dataprep-cli-'));

type Person = 'analyst' | 'officer1' | 'officer2' | 'officer3' | 'bureau' | 'auditor';

/** `npx dataprep ARGS…` as `person` (their own session file), against the test workbench. */
async function dataprep(person: Person, args: string[], stdin?: string) {
  const { io, out, err } = testIo({
    stdin,
    env: { DATAPREP_URL: server.url, DATAPREP_SESSION_FILE: path.join(work, `${person}.session.json`) },
  });
  const status = await runCli(args, io);
  return { status, out, err };
}

async function json<T>(person: Person, args: string[], stdin?: string): Promise<T> {
  const result = await dataprep(person, [...args, '--json'], stdin);
  expect(result.err).toEqual([]);
  expect(result.status).toBe(0);
  return JSON.parse(result.out.join('\n')) as T;
}

/**
 * Sets up the officer's authenticator as the browser would (a minute ago), and returns a function
 * giving the code the app shows now: one step after the last one used, as the server accepts once.
 */
async function enrollTotp(username: string): Promise<() => Promise<string>> {
  const db = handle.db;
  const { token, user } = await passwordLogin(db, { username, password: demoPassword, origin: 'test' });
  const pending = { db, user, sessionToken: token, origin: 'test' };
  const { secret } = await startTotpEnrollment(pending);
  const at = new Date(Date.now() - 2 * totpStepSeconds * 1000);
  await confirmTotpEnrollment(pending, { code: hotp(base32Decode(secret), totpStep(at)), at });
  return async () => {
    const stored = (await findUserById(db, { id: user.id }))!;
    const step = Math.max(totpStep(new Date()) - 1, (stored.totpLastStep ?? 0) + 1);
    return hotp(openTotpSecret(user.id, stored.totpSecretSealed!), step);
  };
}

beforeAll(async () => {
  bridge = await startTestBridge('cli');
  ({ handle, setup, w } = await workbenchWithCreditProfile('pglite', bridge.client));
  server = await startWorkbenchServer(handle, bridge.client);
}, 120_000);
afterAll(async () => {
  await server?.close();
  await handle?.close();
  await bridge?.close();
});

describe('npx dataprep against a running workbench', () => {
  let kekId: string;
  let jobId: string;
  let delivery: string;

  it('signs the analyst in with the password from stdin, keeping the cookie in a private file only', async () => {
    const result = await dataprep(
      'analyst',
      ['login', '--user', 'analyst', '--password-stdin'],
      `${demoPassword}\n`,
    );
    expect(result.err).toEqual([]);
    expect(result.out[0]).toBe(`Signed in to ${server.url} as analyst (Alice Analyst, issuer analyst).`);
    expect(result.status).toBe(0);
    const file = path.join(work, 'analyst.session.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const { cookie } = JSON.parse(readFileSync(file, 'utf8')) as { cookie: string };
    expect(cookie).toMatch(/^dataprep_session=[A-Za-z0-9_-]{43}$/);
    expect(result.out.join('\n')).not.toContain(cookie.split('=')[1]);
    expect((await dataprep('analyst', ['whoami'])).out).toEqual([
      `analyst (Alice Analyst, issuer analyst) at ${server.url}`,
    ]);
  });

  it('refuses a wrong password, and sends officers without an authenticator app to the browser', async () => {
    const wrong = await dataprep(
      'bureau',
      ['login', '--user', 'bureau', '--password-stdin'],
      'not-the-password',
    );
    expect(wrong.err).toEqual(['error: Unknown user name or wrong password.']);
    expect(wrong.status).toBe(1);
    expect(existsSync(path.join(work, 'bureau.session.json'))).toBe(false);

    const unenrolled = await dataprep(
      'officer3',
      ['login', '--user', 'officer3', '--password-stdin'],
      demoPassword,
    );
    expect(unenrolled.err).toEqual([
      `error: officer3 has no authenticator app set up yet. Sign in once in the browser at ${server.url}/login to set it up (the QR code is shown only there), then sign in here with --totp.`,
    ]);
    expect(unenrolled.status).toBe(1);
    expect(existsSync(path.join(work, 'officer3.session.json'))).toBe(false);

    // A temporary password from an administrator is replaced in the browser first.
    const auditor = (await findUserByUsername(handle.db, { username: 'auditor' }))!;
    await setTemporaryPassword(handle.db, {
      userId: auditor.id,
      passwordHash: await hashPassword('ABCDE-FGHJK-MNPQR-STUVW'),
    });
    const temporary = await dataprep(
      'auditor',
      ['login', '--user', 'auditor', '--password-stdin'],
      'ABCDE-FGHJK-MNPQR-STUVW',
    );
    expect(temporary.err).toEqual([
      `error: auditor signed in with a temporary password. Sign in once in the browser at ${server.url}/login to choose your own password, then sign in here with it.`,
    ]);
    expect(temporary.status).toBe(1);
    expect(existsSync(path.join(work, 'auditor.session.json'))).toBe(false);
  });

  it('signs officers in with their TOTP code, and asks for --totp when there is no terminal', async () => {
    const officer1Code = await enrollTotp('officer1');
    const officer2Code = await enrollTotp('officer2');
    const noCode = await dataprep(
      'officer1',
      ['login', '--user', 'officer1', '--password-stdin'],
      demoPassword,
    );
    expect(noCode.err[0]).toBe(
      'error: officer1 must also give the 6-digit code of their authenticator app: add --totp CODE',
    );
    expect(noCode.status).toBe(2);

    const wrongCode = await dataprep(
      'officer1',
      ['login', '--user', 'officer1', '--password-stdin', '--totp', '000000'],
      demoPassword,
    );
    expect(wrongCode.err).toEqual([
      'error: That code is not right. Enter the 6-digit code your authenticator app shows now.',
    ]);
    expect(wrongCode.status).toBe(1);

    for (const [username, code] of [
      ['officer1', officer1Code],
      ['officer2', officer2Code],
    ] as const) {
      const result = await dataprep(
        username,
        ['login', '--user', username, '--password-stdin', '--totp', await code()],
        demoPassword,
      );
      expect(result.err).toEqual([]);
      expect(result.out[0]).toMatch(new RegExp(`as ${username} \\(O\\w+ Officer, security officer\\)\\.$`));
    }
    const bureau = await dataprep('bureau', ['login', '--user', 'bureau', '--password-stdin'], demoPassword);
    expect(bureau.status).toBe(0);
  });

  it('imports a profile, which the analyst submits and an officer approves', async () => {
    const demo = JSON.parse(
      readFileSync('server/emv/profile/demo-profiles/generic-credit-vsdc-style-dda.json', 'utf8'),
    ) as { name: string; applications: Array<{ identity: { aid: string } }> };
    const file = path.join(work, 'example-credit.json');
    writeFileSync(
      file,
      JSON.stringify({
        ...demo,
        name: 'Broken',
        applications: demo.applications.map((app) => ({
          ...app,
          identity: { ...app.identity, aid: 'A0' },
        })),
      }),
    );
    const refusedImport = await dataprep('analyst', ['profiles', 'import', file]);
    expect(refusedImport.err).toEqual([
      'error: The profile JSON has 1 problem: $.applications[0].identity.aid: must be 5 to 16 bytes of hex',
    ]);
    expect(refusedImport.status).toBe(1);
    writeFileSync(file, JSON.stringify({ ...demo, name: 'Example credit (CLI)' }));
    const imported = await json<{ version: { id: string; status: string } }>('analyst', [
      'profiles',
      'import',
      file,
    ]);
    expect(imported.version.status).toBe('draft');
    expect((await dataprep('analyst', ['profiles', 'submit', imported.version.id])).out).toEqual([
      `Submitted: version 1 (${imported.version.id}) is submitted.`,
    ]);
    const refused = await dataprep('analyst', ['profiles', 'approve', imported.version.id]);
    expect(refused.err).toEqual(['error: Your role does not allow this action.']);
    expect(refused.status).toBe(1);
    expect((await dataprep('officer1', ['profiles', 'approve', imported.version.id])).out).toEqual([
      `Approved: version 1 (${imported.version.id}) is approved.`,
    ]);
    const list = await json<Array<{ name: string; versions: Array<{ id: string; status: string }> }>>(
      'officer2',
      ['profiles', 'list'],
    );
    expect(list.find((p) => p.name === 'Example credit (CLI)')?.versions).toEqual([
      expect.objectContaining({ id: imported.version.id, status: 'approved' }),
    ]);
  });

  it('enters the transport KEK from two components, each by another officer, read from stdin only', async () => {
    const started = await json<{ id: string; publicKeyFingerprint: string }>('officer1', [
      'keys',
      'ceremony',
      'start',
      '--label',
      'CLI transport KEK',
      '--usage',
      'K0',
      '--algorithm',
      'TDES2',
      '--components',
      '2',
    ]);
    const kcvOf = (hex: string) => tdesKcv(Buffer.from(hex, 'hex')).toString('hex').toUpperCase();
    const onCommandLine = await dataprep('officer1', ['keys', 'ceremony', 'component', started.id]);
    expect(onCommandLine.err[0]).toBe(
      'error: a component is read from standard input only (--component-stdin), never from the command line',
    );
    const mistyped = await dataprep(
      'officer1',
      ['keys', 'ceremony', 'component', started.id, '--component-stdin', '--kcv', kcvOf(kekComponents[1]!)],
      kekComponents[0],
    );
    expect(mistyped.err).toEqual([
      `error: The component read has KCV ${kcvOf(kekComponents[0]!)}, but your component sheet says ${kcvOf(kekComponents[1]!)}: nothing was sent. Enter the component again.`,
    ]);
    const first = await dataprep(
      'officer1',
      ['keys', 'ceremony', 'component', started.id, '--component-stdin', '--kcv', kcvOf(kekComponents[0]!)],
      `${kekComponents[0]!.replace(/(.{4})/g, '$1 ')}\n`,
    );
    expect(first.out).toEqual([
      `Component 1 of 2 accepted by the HSM, KCV ${kcvOf(kekComponents[0]!)} (ceremony key ${started.publicKeyFingerprint.slice(0, 16)}…).`,
      '1 more component to enter, each by another custodian.',
    ]);
    const again = await dataprep(
      'officer1',
      ['keys', 'ceremony', 'component', started.id, '--component-stdin'],
      kekComponents[1],
    );
    expect(again.err).toEqual([
      'error: officer1 has already entered a component of this key: each component needs a different custodian.',
    ]);
    const last = await json<{ complete: boolean; keyId: string; kcv: string }>(
      'officer2',
      ['keys', 'ceremony', 'component', started.id, '--component-stdin'],
      kekComponents[1],
    );
    expect(last).toMatchObject({ complete: true, kcv: tdesKcv(clearKek).toString('hex').toUpperCase() });
    kekId = last.keyId;
    const keys = await json<Array<{ id: string; usage: string; kcv: string }>>('analyst', ['keys', 'list']);
    expect(keys.find((k) => k.id === kekId)).toMatchObject({ usage: 'K0', kcv: last.kcv });
  });

  it('creates a job from a file, which two officers approve', async () => {
    const csv = path.join(work, 'cardholders.csv');
    writeFileSync(csv, threeCreditCards);
    const { masterKeys, issuerCertificates } = setup.parameters;
    const created = await dataprep('analyst', [
      'jobs',
      'create',
      '--profile-version',
      setup.profileVersionId,
      '--kek',
      kekId,
      ...Object.entries(masterKeys).flatMap(([usage, id]) => ['--key', `${usage}=${id}`]),
      ...Object.entries(issuerCertificates).flatMap(([app, id]) => ['--issuer-certificate', `${app}=${id}`]),
      '--bureau',
      'demo',
      '--file',
      csv,
      '--sample',
      'all',
    ]);
    expect(created.err).toEqual([]);
    expect(created.out[0]).toMatch(
      /^Uploaded cardholders\.csv: \d+ bytes, SHA-256 [0-9a-f]{64}, upload id [0-9a-f-]{36}\.$/,
    );
    const line =
      /^Job (JOB-\d{8}-[0-9A-F]{6}) created \(id ([0-9a-f-]{36})\): 3 rows accepted, 0 rejected\.$/.exec(
        created.out[1]!,
      );
    expect(line).not.toBeNull();
    jobId = line![2]!;

    expect((await dataprep('analyst', ['jobs', 'submit', jobId])).out).toEqual([
      `Job ${line![1]} is submitted.`,
    ]);
    const self = await dataprep('analyst', ['jobs', 'approve', jobId]);
    expect(self.err).toEqual(['error: Your role does not allow this action.']);
    expect((await dataprep('officer1', ['jobs', 'approve', jobId])).out).toEqual([
      `Job ${line![1]} is submitted: 1 of 2 approvals.`,
    ]);
    expect((await dataprep('officer2', ['jobs', 'approve', jobId])).out).toEqual([
      `Job ${line![1]} is approved: 2 of 2 approvals. It is queued for preparation.`,
    ]);
    const needs = await dataprep('analyst', [
      'jobs',
      'requirements',
      '--profile-version',
      setup.profileVersionId,
    ]);
    expect(needs.out).toContain(
      '--issuer-certificate credit-dda=CERT_ID (Demo credit (VSDC-style, DDA), CA F000000001 index 92):',
    );
    expect(needs.out[0]).toBe('Cardholder file: CSV with a header line, separated by ",": pan, psn, name');
    expect((await dataprep('analyst', ['jobs', 'status', jobId])).out).toEqual([
      `${line![1]}  approved · 3 cards accepted, 0 rejected`,
    ]);
  });

  it('creates a job with an additional input file (--input NAME=FILE); a row that does not join is listed with its file', async () => {
    const profileVersionId = await approvedMultiInputProfile(w);
    const needs = await dataprep('analyst', ['jobs', 'requirements', '--profile-version', profileVersionId]);
    expect(needs.out[1]).toBe(
      '--input accounts=FILE (Account file (core banking)): CSV with a header line, separated by ",": customer_id, iban; joined on customer_id = cardholder file\'s customer',
    );
    const cardholders = path.join(work, 'cardholders-with-customers.csv');
    writeFileSync(
      cardholders,
      distinctCards(
        [
          'pan,psn,name,customer,svc,lcol',
          '9999010000000011,00,ALICE EXAMPLE,C-1,,',
          '9999010000000029,00,BOB EXAMPLE,C-2,,',
        ].join('\n'),
        77,
      ),
    );
    const accounts = path.join(work, 'accounts.csv');
    writeFileSync(accounts, 'customer_id,iban\nC-1,DE89370400440532013000\nC-8,GB29NWBK60161331926819\n');
    const { masterKeys, issuerCertificates, kekKeyId } = setup.parameters;
    const created = await dataprep('analyst', [
      'jobs',
      'create',
      '--profile-version',
      profileVersionId,
      '--kek',
      kekKeyId,
      ...Object.entries(masterKeys).flatMap(([usage, id]) => ['--key', `${usage}=${id}`]),
      ...Object.entries(issuerCertificates).flatMap(([app, id]) => ['--issuer-certificate', `${app}=${id}`]),
      '--bureau',
      'DEMO',
      '--file',
      cardholders,
      '--input',
      `accounts=${accounts}`,
      '--accept-valid',
      'Bob has no account row yet',
    ]);
    expect(created.err).toEqual([]);
    expect(created.out[1]).toMatch(/^Uploaded accounts\.csv: \d+ bytes, SHA-256 [0-9a-f]{64}, upload id /);
    expect(created.out[2]).toMatch(/ created \(id [0-9a-f-]{36}\): 1 rows accepted, 2 rejected\.$/);
    expect(created.out.slice(3, 5)).toEqual([
      '  row 3, customer "C-2": No row of Account file (core banking) has this key in customer_id',
      '  accounts row 3, customer_id "C-8": No accepted cardholder row has this key in customer',
    ]);
    const missing = await dataprep('analyst', [
      'jobs',
      'create',
      '--profile-version',
      profileVersionId,
      '--kek',
      kekKeyId,
      ...Object.entries(masterKeys).flatMap(([usage, id]) => ['--key', `${usage}=${id}`]),
      ...Object.entries(issuerCertificates).flatMap(([app, id]) => ['--issuer-certificate', `${app}=${id}`]),
      '--bureau',
      'DEMO',
      '--file',
      cardholders,
    ]);
    expect(missing.err).toEqual([
      'error: Upload the Account file (core banking) (input "accounts") as well.',
    ]);
  });

  it('waits for the prepared job to pass its validation, then an officer releases it', async () => {
    await prepareJob(handle.db, bridge.client, jobId);
    const waited = await dataprep('officer1', [
      'jobs',
      'status',
      jobId,
      '--wait',
      'validated',
      '--timeout',
      '5',
    ]);
    expect(waited.err).toEqual([]);
    expect(waited.status).toBe(0);
    expect(waited.out.at(-1)).toMatch(/^JOB-\S+ {2}validated · 3 cards prepared · /);
    expect(waited.out.at(-1)).toMatch(/ · virtual card: 3 of 3 sampled cards passed$/);
    expect((await dataprep('officer1', ['jobs', 'release', jobId])).out[0]).toMatch(/ is released\.$/);
  });

  it('downloads the bureau files, each checked against the manifest as it lands', async () => {
    delivery = path.join(work, 'delivery');
    const result = await dataprep('bureau', ['jobs', 'download', jobId, '--out', delivery]);
    expect(result.err).toEqual([]);
    expect(result.status).toBe(0);
    const files = readdirSync(delivery).sort();
    expect(files).toHaveLength(3);
    expect(files.some((f) => f.endsWith('.part'))).toBe(false);
    expect(result.out.filter((l) => l.endsWith('matches the manifest'))).toHaveLength(2);
    for (const file of files) expect(statSync(path.join(delivery, file)).mode & 0o777).toBe(0o600);
  });

  it('verifies the delivery offline with the KEK components from stdin, and finds a changed byte', async () => {
    const manifest = readdirSync(delivery).find((f) => f.endsWith('.json'))!;
    const manifestFile = path.join(delivery, manifest);
    const ok = await dataprep(
      'bureau',
      ['verify', '--manifest', manifestFile, '--kek-stdin'],
      kekComponents.join('\n'),
    );
    expect(ok.out.at(-1)).toBe('OK');
    expect(ok.out.filter((l) => l.startsWith('OK    '))).toHaveLength(3);
    expect(ok.status).toBe(0);

    const cps = path.join(
      delivery,
      readdirSync(delivery).find((f) => f.endsWith('.cps'))!,
    );
    const original = readFileSync(cps);
    const changed = Buffer.from(original);
    changed[changed.length - 40]! ^= 0x01;
    writeFileSync(cps, changed);
    const tampered = await dataprep(
      'bureau',
      ['verify', '--manifest', manifestFile, '--kek-stdin'],
      clearKek.toString('hex'),
    );
    expect(tampered.status).toBe(1);
    expect(tampered.out).toContain(`FAIL  ${path.basename(cps)}`);
    expect(tampered.out.filter((l) => l.startsWith('problem: '))).toEqual([
      expect.stringMatching(
        new RegExp(
          `^problem: ${path.basename(cps)}: card 3 \\(row 4\\), chip application \\d \\([0-9A-F]+\\): the MAC does not match the application's data; do not personalize this card$`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `^problem: ${path.basename(cps)}: \\d+ bytes with SHA-256 [0-9a-f]{64}, but the manifest says \\d+ bytes with SHA-256 [0-9a-f]{64}$`,
        ),
      ),
    ]);
    expect(tampered.out.at(-1)).toBe('2 problems: do not personalize from these files');
    writeFileSync(cps, original);
  });

  it('validates the cards of the CPS file on the virtual card, one line per card, with reports', async () => {
    const cps = path.join(
      delivery,
      readdirSync(delivery).find((f) => f.endsWith('.cps'))!,
    );
    const reports = path.join(work, 'reports');
    const args = (imk: string) => [
      'validate',
      cps,
      '--profile-version',
      setup.profileVersionId,
      '--kek',
      kekId,
      '--imk',
      imk,
      '--issuer-certificate',
      `credit-dda=${setup.parameters.issuerCertificates['credit-dda']}`,
      '--sample',
      'all',
      '--report',
      reports,
    ];
    const passed = await dataprep('officer2', args(setup.parameters.masterKeys.E0!));
    expect(passed.err).toEqual([]);
    expect(passed.out).toEqual([
      'row 2      999901******0011    PASS',
      'row 3      999901******0029    PASS',
      'row 4      999901******0037    PASS',
      '3 of 3 cards validated: 3 passed, 0 failed',
    ]);
    expect(passed.status).toBe(0);
    expect(readdirSync(reports).sort()).toEqual(['row-2.json', 'row-3.json', 'row-4.json']);
    const report = JSON.parse(readFileSync(path.join(reports, 'row-2.json'), 'utf8')) as { ok: boolean };
    expect(report.ok).toBe(true);
    expect(readFileSync(path.join(reports, 'row-2.json'), 'utf8')).not.toContain('9999010000000011');

    // Another MK-AC: the issuer host cannot verify the cards' ARQCs.
    const other = await json<{ id: string }>('officer1', [
      'keys',
      'generate',
      '--label',
      'Another MK-AC',
      '--usage',
      'E0',
      '--algorithm',
      'TDES2',
    ]);
    const failed = await dataprep('officer2', args(other.id));
    expect(failed.status).toBe(1);
    expect(failed.out).toHaveLength(4);
    expect(failed.out[0]).toMatch(
      /^row 2 {6}999901\*{6}0011 {4}FAIL {2}Online authorisation at the issuer host: /,
    );
    expect(failed.out[0]).toContain('ARQC does not verify at the issuer host: wrong MK-AC?');
    expect(failed.out.at(-1)).toBe('3 of 3 cards validated: 0 passed, 3 failed');

    const audit = (await allAuditEvents(handle.db)).filter((e) => e.action === 'validation.run-file');
    expect(audit.map((e) => [e.result, e.actorName, (e.details as { rows: number[] }).rows])).toEqual([
      ['success', 'Olivia Officer', [2, 3, 4]],
      ['failed', 'Olivia Officer', [2, 3, 4]],
    ]);
    expect(JSON.stringify(audit)).not.toContain('9999010000000011');

    const wrongKek = await dataprep('officer2', [
      ...args(setup.parameters.masterKeys.E0!),
      '--kek',
      setup.parameters.masterKeys.E1!,
    ]);
    expect(wrongKek.err).toEqual([
      'error: The transport key (KEK) must be a key of usage K0; "E1 profile job test" has usage E1.',
    ]);
    expect(wrongKek.status).toBe(1);

    const analyst = await dataprep('analyst', args(setup.parameters.masterKeys.E0!));
    expect(analyst.err).toEqual(['error: Your role does not allow this action.']);
    expect(analyst.status).toBe(1);
  });

  it('called the API as the browser does: JSON POSTs with the session cookie, no Origin', () => {
    const api = server.requests.filter((r) => r.path.startsWith('/api/trpc/'));
    expect(api.length).toBeGreaterThan(20);
    for (const request of api) {
      expect(request.method).toBe('POST');
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers.origin).toBeUndefined();
    }
  });

  it('signs out: the session ends on the server and its file is deleted', async () => {
    const file = path.join(work, 'analyst.session.json');
    const cookie = (JSON.parse(readFileSync(file, 'utf8')) as { cookie: string }).cookie;
    expect((await dataprep('analyst', ['logout'])).out).toEqual([`Signed out of ${server.url} (analyst).`]);
    expect(existsSync(file)).toBe(false);
    const stale = await fetch(`${server.url}/api/trpc/auth.me`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
    });
    expect(((await stale.json()) as { result: { data: { json: unknown } } }).result.data.json).toBeNull();
    const after = await dataprep('analyst', ['whoami']);
    expect(after.err[0]).toMatch(
      /^error: not signed in to http:\/\/127\.0\.0\.1:\d+: run "npx dataprep login --user NAME" first/,
    );
    expect(await findUserByUsername(handle.db, { username: 'analyst' })).not.toBeNull();
  });
});
