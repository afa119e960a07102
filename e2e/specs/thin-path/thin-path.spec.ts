import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { withLuhnDigit } from '../../../server/emv/pan';
import { chooseJobKeys, jobKeyLabels, makeDemoCreditKeys } from '../../fixtures/job-keys';
import { callMutation, signIn } from '../../fixtures/users';

const run = Date.now().toString(36).toUpperCase();

/** Luhn-valid PANs in the demo credit profile's BIN range (99990100–99990199), unique per run. */
const serial = String(Date.now() % 1_000_000).padStart(6, '0');
const goodPans = [1, 2, 3].map((n) => withLuhnDigit(`99990100${serial}${n}`));
const badLuhn = `${goodPans[0]!.slice(0, -1)}${(Number(goodPans[0]!.slice(-1)) + 1) % 10}`;
const csv = [
  'pan,psn,name',
  `${goodPans[0]},01,ALICE CARDHOLDER`,
  `${goodPans[1]},00,BOB CARDHOLDER`,
  `${goodPans[2]},01,CAROL CARDHOLDER`,
  `${badLuhn},00,DAVE BADLUHN`,
  `${withLuhnDigit(`47617390${serial}4`)},00,ERIN OTHERBANK`,
].join('\n');

test('the whole flow with five users: keys, profile, job, dual approval, preparation, virtual card, release, download, audit', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const officer1 = await signIn(browser, 'officer1');
  const labels = jobKeyLabels(`${run}`);
  await test.step('a security officer makes the keys: issuer master keys, CVK, transport KEK, issuer key certified by the TEST CA', async () => {
    await makeDemoCreditKeys(officer1, labels);
  });

  const analyst = await signIn(browser, 'analyst');
  const profileName = `E2E credit ${run}`;
  await test.step('the analyst starts a profile from the demo credit card and submits it; another officer approves it', async () => {
    await analyst.goto('/profiles');
    await analyst
      .getByLabel('Demo profile')
      .selectOption({ label: 'Demo: generic credit card (VSDC-style, DDA)' });
    await analyst.getByLabel('Profile name').fill(profileName);
    await analyst.getByRole('button', { name: 'Start from a demo profile' }).click();
    await expect(analyst.getByRole('heading', { name: profileName, level: 1 })).toBeVisible();
    await analyst.getByRole('button', { name: 'Submit for approval' }).click();
    await expect(analyst.getByTestId('version-status')).toHaveText('submitted');
    const profileUrl = analyst.url();
    await officer1.goto(profileUrl);
    await officer1.getByRole('button', { name: 'Approve version' }).click();
    await expect(officer1.getByTestId('version-status')).toHaveText('approved');
  });

  let jobUrl = '';
  await test.step('the analyst creates a job: keys chosen for the profile, bad rows listed with row, field and reason', async () => {
    await analyst.goto('/jobs/new');
    await analyst.getByLabel('Card profile (approved version)').selectOption({ label: `${profileName} v1` });
    await chooseJobKeys(analyst, labels);
    await expect(analyst.getByText('CSV with a header line, separated by ",": pan, psn, name')).toBeVisible();
    await analyst
      .getByLabel('Cardholder file')
      .setInputFiles({ name: 'cardholders.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await analyst.getByLabel('Accept the valid rows').check();
    await analyst
      .getByRole('textbox', { name: 'Reason' })
      .fill('Two rows go back to the issuer for correction');
    await analyst.getByLabel('Validation on the virtual card').selectOption('all');
    await analyst
      .getByLabel('Bureau', { exact: true })
      .selectOption({ label: 'Demo Personalization Bureau (DEMO)' });
    await analyst.getByRole('button', { name: 'Validate file and create job' }).click();
    await expect(analyst.getByRole('heading', { name: /^JOB-/ })).toBeVisible();
    jobUrl = analyst.url();
    const rejections = analyst.getByTestId('rejections');
    const luhnRow = rejections.getByRole('row').filter({ hasText: 'Luhn' });
    await expect(luhnRow).toContainText('5');
    await expect(luhnRow).toContainText(`${badLuhn.slice(0, 6)}******${badLuhn.slice(-4)}`);
    await expect(rejections.getByRole('row').filter({ hasText: 'BIN range' })).toContainText('6');
    await expect(rejections).not.toContainText(badLuhn);
    await expect(analyst.getByTestId('job-key')).toHaveCount(6);
    await expect(analyst.getByTestId('job-bureau')).toContainText('Demo Personalization Bureau (DEMO)');
    await analyst.getByRole('button', { name: 'Submit for approval' }).click();
    await expect(analyst.getByTestId('job-life-cycle').locator('[aria-current="step"]')).toHaveText(
      'submitted',
    );
  });

  const jobId = jobUrl.split('/').pop()!;
  await test.step('the maker cannot approve', async () => {
    const refused = await callMutation(analyst, 'jobs.approve', { jobId });
    expect(refused.status).toBe(403);
  });

  const officer2 = await signIn(browser, 'officer2');
  await test.step('two different officers approve; the job is prepared and every card passes on the virtual card', async () => {
    await officer1.goto(jobUrl);
    await officer1.getByRole('button', { name: 'Approve job' }).click();
    await expect(officer1.getByTestId('approvals')).toContainText('Oscar Officer');
    await officer1.getByRole('button', { name: 'Approve job' }).click();
    await expect(
      officer1.getByRole('alert').filter({ hasText: 'You have already approved this job' }),
    ).toBeVisible();
    await officer2.goto(jobUrl);
    await officer2.getByRole('button', { name: 'Approve job' }).click();
    await expect(officer2.getByTestId('job-life-cycle').locator('[aria-current="step"]')).toHaveText(
      'validated',
      {
        timeout: 120_000,
      },
    );
    await expect(officer2.getByTestId('prepared-count')).toHaveText('3 / 3');
    await expect(officer2.getByTestId('validation-summary')).toContainText('3 of 3 sampled cards passed');
    await expect(officer2.getByTestId('output-files')).toContainText(/\.cps/);
  });

  await test.step('records and validation reports show masked PANs, DGIs with tag names, secrets only as encrypted', async () => {
    const records = officer2.getByTestId('record');
    await expect(records).toHaveCount(3);
    await expect(records.first()).toContainText(`${goodPans[0]!.slice(0, 6)}******${goodPans[0]!.slice(-4)}`);
    for (const summary of await records.first().locator('summary').all()) await summary.click();
    await expect(records.first().locator('[data-dgi="8000"]')).toContainText(
      `encrypted under KEK ${labels.kek} (KCV`,
    );
    await expect(
      records
        .first()
        .getByTestId('tlv-node')
        .filter({ hasText: 'Application Primary Account Number' })
        .first(),
    ).toContainText('******');
    await officer2.getByTestId('validation-row').first().getByRole('button', { name: 'Show' }).click();
    const report = officer2.getByTestId('validation-report');
    await expect(report.getByTestId('validation-steps').first()).toContainText('Offline data authentication');
    await expect(report).toContainText('passed');
    const page = await officer2.content();
    for (const pan of goodPans) expect(page).not.toContain(pan);
    await officer2.screenshot({ path: test.info().outputPath('job-validated.png'), fullPage: true });
  });

  await test.step('the second officer releases the validated job', async () => {
    await officer2.getByRole('button', { name: 'Release to bureau' }).click();
    await expect(officer2.getByTestId('job-life-cycle').locator('[aria-current="step"]')).toHaveText(
      'released',
    );
  });

  const reference = (await officer2.getByRole('heading', { name: /^JOB-/ }).textContent())!;
  const bureau = await signIn(browser, 'bureau');
  await test.step('the bureau operator downloads the CPS file, the JSON Lines file and the manifest, which match', async () => {
    await bureau.goto('/exports');
    const row = bureau.getByTestId('export-row').filter({ hasText: reference });
    const fetchFile = async (name: RegExp) => {
      const downloading = bureau.waitForEvent('download');
      await row.getByRole('link', { name }).click();
      return readFileSync((await (await downloading).path())!);
    };
    const manifest = JSON.parse((await fetchFile(/manifest\.json/)).toString('utf8'));
    const cps = await fetchFile(/\.cps$/);
    const jsonl = await fetchFile(/\.jsonl$/);
    expect(manifest).toMatchObject({
      job: reference,
      counts: { cards: 3 },
      kek: { kcv: expect.stringMatching(/^[0-9A-F]{6}$/) },
    });
    const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
    expect(manifest.files).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'cps', sha256: sha(cps), bytes: cps.length }),
        expect.objectContaining({ kind: 'jsonl', sha256: sha(jsonl), bytes: jsonl.length }),
      ]),
    );
    const lines = jsonl
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(5);
  });

  const auditor = await signIn(browser, 'auditor');
  await test.step('the auditor sees every step in order, with who and when, and the chain is intact', async () => {
    await auditor.goto('/audit');
    await auditor.getByLabel('Category').selectOption('personalization');
    await expect(auditor.getByTestId('audit-row').first()).toContainText('personalization');
    const rows = await auditor.getByTestId('audit-row').allTextContents();
    let cursor = -1;
    for (const action of [
      'job.create',
      'job.submit',
      'job.approve',
      'job.approve',
      'job.approved',
      'job.run',
      'job.prepared',
      'job.validated',
      'job.release',
      'job.download',
    ]) {
      const next = rows.findIndex((r, i) => i > cursor && r.includes(action) && r.includes(reference));
      expect(next, `${action} after row ${cursor}`).toBeGreaterThan(cursor);
      cursor = next;
    }
    await auditor.getByRole('button', { name: 'Verify chain' }).click();
    await expect(auditor.getByTestId('chain-result')).toContainText('Intact');
  });
});
