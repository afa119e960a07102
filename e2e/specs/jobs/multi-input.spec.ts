import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { withLuhnDigit } from '../../../server/emv/pan';
import type { ProfileDocument } from '../../../server/emv/profile/schema/document';
import { withAccountFile } from '../../../server/emv/profile/testing-inputs';
import { call, chooseJobKeys, jobKeyLabels, makeDemoCreditKeys } from '../../fixtures/job-keys';
import { signIn } from '../../fixtures/users';

const run = Date.now().toString(36).toUpperCase();
const serial = String(Date.now() % 1_000_000).padStart(6, '0');
const pans = [1, 2, 3].map((n) => withLuhnDigit(`99990100${serial}${n}`));

/** Three cardholders; the third (customer C-3) has no row in the account file. */
const cardholders = Buffer.from(
  [
    'pan,psn,name,customer,svc,lcol',
    `${pans[0]},00,ALICE CARDHOLDER,C-1,,`,
    `${pans[1]},00,BOB CARDHOLDER,C-2,221,05`,
    `${pans[2]},00,CAROL CARDHOLDER,C-3,,`,
  ].join('\n'),
);
/** The account file from core banking: C-9 belongs to no cardholder of the file. */
const accounts = Buffer.from(
  [
    'customer_id,iban',
    'C-2,GB29NWBK60161331926819',
    'C-1,DE89370400440532013000',
    'C-9,FR7630006000011234567890189',
  ].join('\n'),
);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

test('a job with a second input: both files uploaded in the form, each listed with its hash, a row that does not join shown rejected with its reason', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const officer1 = await signIn(browser, 'officer1');
  const analyst = await signIn(browser, 'analyst');
  const labels = jobKeyLabels(`multi ${run}`);
  const profileName = `E2E credit with accounts ${run}`;

  await test.step('through the API: the keys, and a profile with an account file joined on the customer id, approved', async () => {
    await makeDemoCreditKeys(officer1, labels);

    const demoCredit = JSON.parse(
      readFileSync(
        path.resolve(
          import.meta.dirname,
          '../../../server/emv/profile/demo-profiles/generic-credit-vsdc-style-dda.json',
        ),
        'utf8',
      ),
    ) as ProfileDocument;
    const created = await call<{ version: { id: string } }>(analyst, 'profiles.importJson', {
      json: JSON.stringify(withAccountFile(demoCredit, profileName)),
      fileName: 'credit-with-accounts.json',
    });
    await call(analyst, 'profiles.submit', { versionId: created.version.id });
    await call(officer1, 'profiles.approve', { versionId: created.version.id });
  });

  await test.step('the new-job form asks for the cardholder file and the account file, each uploaded with its SHA-256', async () => {
    await analyst.goto('/jobs/new');
    await analyst.getByLabel('Card profile (approved version)').selectOption({ label: `${profileName} v1` });
    await chooseJobKeys(analyst, labels);
    await analyst
      .getByLabel('Bureau', { exact: true })
      .selectOption({ label: 'Demo Personalization Bureau (DEMO)' });
    const accountSource = analyst.getByTestId('source-job-file-accounts');
    await expect(accountSource).toContainText(
      'CSV with a header line, separated by ",": customer_id, iban; joined on customer_id = cardholder file\'s customer',
    );
    await analyst
      .getByLabel('Cardholder file')
      .setInputFiles({ name: 'cardholders.csv', mimeType: 'text/csv', buffer: cardholders });
    await expect(analyst.getByTestId('source-job-file').getByTestId('uploaded-sha256')).toHaveText(
      sha256(cardholders),
    );
    const create = analyst.getByRole('button', { name: 'Validate file and create job' });
    // Without the account file the job cannot be created.
    await expect(create).toBeDisabled();
    await analyst
      .getByLabel('Account file (core banking)')
      .setInputFiles({ name: 'accounts.csv', mimeType: 'text/csv', buffer: accounts });
    await expect(accountSource.getByTestId('uploaded-sha256')).toHaveText(sha256(accounts));
    await analyst.getByLabel('Accept the valid rows').check();
    await analyst.getByRole('textbox', { name: 'Reason' }).fill('Carol has no account yet; C-9 goes back');
    await create.click();
    await expect(analyst.getByRole('heading', { name: /^JOB-/ })).toBeVisible();
  });

  await test.step('the job page lists each input with its hash and counts, and the rows that do not join with their file and reason', async () => {
    const cardholderInput = analyst.locator('[data-testid="job-input"][data-input="cardholder"]');
    const accountInput = analyst.locator('[data-testid="job-input"][data-input="accounts"]');
    await expect(cardholderInput).toContainText(`cardholders.csv`);
    await expect(cardholderInput).toContainText(sha256(cardholders));
    await expect(cardholderInput.getByTestId('job-input-counts')).toHaveText(
      '3 rows · 2 accepted · 1 rejected',
    );
    await expect(accountInput).toContainText('accounts.csv');
    await expect(accountInput).toContainText(sha256(accounts));
    await expect(accountInput.getByTestId('job-input-counts')).toHaveText('3 rows · 2 joined · 1 rejected');

    const rejections = analyst.getByTestId('rejections');
    const carol = rejections.getByRole('row').filter({ hasText: 'No row of Account file (core banking)' });
    await expect(carol).toContainText('Cardholder file');
    await expect(carol).toContainText('4');
    await expect(carol).toContainText('customer');
    await expect(carol).toContainText('C-3');
    const orphan = rejections.getByRole('row').filter({ hasText: 'No accepted cardholder row has this key' });
    await expect(orphan).toContainText('Account file (core banking)');
    await expect(orphan).toContainText('C-9');
    const page = await analyst.content();
    for (const pan of pans) expect(page).not.toContain(pan);
  });
});
