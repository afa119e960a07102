import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { withLuhnDigit } from '../../../server/emv/pan';
import { call, chooseJobKeys, jobKeyLabels, makeDemoCreditKeys } from '../../fixtures/job-keys';
import { signIn } from '../../fixtures/users';

const run = Date.now().toString(36).toUpperCase();
const serial = String((Date.now() + 500_000) % 1_000_000).padStart(6, '0');
/** One Luhn-valid card in the demo credit profile's BIN range (99990100–99990199), unique per run. */
const pan = withLuhnDigit(`99990101${serial}1`);
const csv = ['pan,psn,name', `${pan},00,ALICE BUREAUTEST`].join('\n');

/** A bureau file as the operator's browser asks for it: the status and the text of a refusal. */
async function fileStatus(page: Page, jobId: string, kind: string) {
  const response = await page.request.get(`/api/jobs/${jobId}/files/${kind}`);
  return { status: response.status(), text: response.ok() ? '' : await response.text() };
}

test('a job is for one bureau: the other bureau’s operator neither sees nor fetches it; one-time files are served once, until an officer re-opens them', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const officer1 = await signIn(browser, 'officer1');
  const labels = jobKeyLabels(`bureau-access ${run}`);
  await test.step('an officer makes the keys the demo credit profile names', async () => {
    await makeDemoCreditKeys(officer1, labels);
  });

  const analyst = await signIn(browser, 'analyst');
  let jobId = '';
  let reference = '';
  await test.step('the analyst creates a job for bureau DEMO with one-time download, and submits it', async () => {
    await analyst.goto('/jobs/new');
    await analyst
      .getByLabel('Card profile (approved version)')
      .selectOption({ label: 'Demo: generic credit card (VSDC-style, DDA) v1' });
    await chooseJobKeys(analyst, labels);
    await analyst
      .getByLabel('Cardholder file')
      .setInputFiles({ name: 'cardholders.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect(analyst.getByTestId('uploaded-file')).toBeVisible();
    // The bureau is required: without it the job cannot be created.
    await expect(analyst.getByRole('button', { name: 'Validate file and create job' })).toBeDisabled();
    await analyst
      .getByLabel('Bureau', { exact: true })
      .selectOption({ label: 'Demo Personalization Bureau (DEMO)' });
    await analyst.getByLabel('One-time download').check();
    await analyst.getByRole('button', { name: 'Validate file and create job' }).click();
    await expect(analyst.getByRole('heading', { name: /^JOB-/ })).toBeVisible();
    await expect(analyst.getByTestId('job-bureau')).toContainText('Demo Personalization Bureau (DEMO)');
    await expect(analyst.getByTestId('job-one-time')).toHaveText(
      'One-time download: each file can be downloaded once',
    );
    jobId = analyst.url().split('/').pop()!;
    reference = (await analyst.getByRole('heading', { name: /^JOB-/ }).textContent())!;
    await analyst.getByRole('button', { name: 'Submit for approval' }).click();
    await expect(analyst.getByTestId('job-life-cycle').locator('[aria-current="step"]')).toHaveText(
      'submitted',
    );
  });

  const officer2 = await signIn(browser, 'officer2');
  await test.step('two officers approve, the job is prepared and validated, and released', async () => {
    await call(officer1, 'jobs.approve', { jobId });
    await call(officer2, 'jobs.approve', { jobId });
    await expect
      .poll(async () => (await call<{ status: string }>(officer1, 'jobs.get', { jobId })).status, {
        timeout: 120_000,
      })
      .toBe('validated');
    await call(officer1, 'jobs.release', { jobId });
  });

  const bureau2 = await signIn(browser, 'bureau2');
  await test.step('the operator of bureau ACME does not see the job, and its file URL answers as a missing job', async () => {
    await bureau2.goto('/exports');
    await expect(bureau2.getByRole('heading', { name: 'Output files' })).toBeVisible();
    await expect(bureau2.getByText('Loading…')).toHaveCount(0);
    await expect(bureau2.getByText(reference)).toHaveCount(0);
    const swapped = await fileStatus(bureau2, jobId, 'cps');
    const missing = await fileStatus(bureau2, randomUUID(), 'cps');
    expect(swapped).toEqual({ status: 404, text: 'This job does not exist.' });
    expect(missing).toEqual(swapped);
  });

  const bureau = await signIn(browser, 'bureau');
  await test.step('the operator of bureau DEMO downloads the CPS file once; a second download is refused', async () => {
    await bureau.goto('/exports');
    const row = bureau.getByTestId('export-row').filter({ hasText: reference });
    await expect(row).toContainText('one-time download');
    const downloading = bureau.waitForEvent('download');
    await row.getByRole('link', { name: /\.cps$/ }).click();
    expect((await (await downloading).failure()) ?? 'ok').toBe('ok');
    await expect(row.getByTestId('taken-file')).toContainText('downloaded by Bruno Bureau');
    await expect(row.getByRole('link', { name: /\.cps$/ })).toHaveCount(0);
    const again = await fileStatus(bureau, jobId, 'cps');
    expect(again.status).toBe(409);
    expect(again.text).toContain(`can be downloaded only once, and Bruno Bureau downloaded it`);
    // The job's other files are still there to take.
    expect((await fileStatus(bureau, jobId, 'manifest')).status).toBe(200);
  });

  await test.step('an officer sees who took the file and re-opens it with a reason; the bureau downloads it again', async () => {
    await officer1.goto(`/jobs/${jobId}`);
    const taken = officer1.getByTestId('taken-cps');
    await expect(taken).toContainText('by Bruno Bureau');
    await taken.getByRole('button', { name: /^Re-open / }).click();
    await officer1
      .getByLabel(/Why must the bureau download/)
      .fill('The bureau reports the transfer broke off at 40 %');
    await officer1.getByRole('button', { name: 'Re-open file' }).click();
    await expect(taken).toHaveText('not yet');
    expect((await fileStatus(bureau, jobId, 'cps')).status).toBe(200);
    expect((await fileStatus(bureau, jobId, 'cps')).status).toBe(409);
  });

  const admin = await signIn(browser, 'admin');
  await test.step('the administrator adds a bureau and deactivates it; the job form no longer offers it', async () => {
    const code = `E2E-${run}`.slice(0, 16);
    await admin.goto('/bureaus');
    await admin.getByLabel('Code', { exact: true }).fill(code);
    await admin.getByLabel('Name', { exact: true }).fill(`End-to-end bureau ${run}`);
    await admin.getByRole('button', { name: 'Add bureau' }).click();
    const row = admin.getByTestId('bureau-row').filter({ hasText: code });
    await expect(row.getByText('active', { exact: true })).toBeVisible();
    await expect(row).toContainText('by Adam Admin');
    await analyst.goto('/jobs/new');
    await expect(analyst.locator('#job-bureau option', { hasText: `(${code})` })).toHaveCount(1);
    await row.getByRole('button', { name: `Deactivate ${code}` }).click();
    await row.getByRole('button', { name: 'Deactivate', exact: true }).click();
    await expect(row.getByText('deactivated', { exact: true })).toBeVisible();
    await analyst.reload();
    await expect(
      analyst.locator('#job-bureau option', { hasText: 'Demo Personalization Bureau' }),
    ).toHaveCount(1);
    await expect(analyst.locator('#job-bureau option', { hasText: `(${code})` })).toHaveCount(0);
    await admin.goto('/users');
    await expect(admin.getByLabel('Bureau of bureau2')).toHaveValue(/.+/);
    await expect(admin.getByLabel('Bureau of bureau2').locator('option:checked')).toHaveText(
      'ACME · Acme Card Services',
    );
  });
});
