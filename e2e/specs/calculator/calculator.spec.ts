import { expect, test } from '@playwright/test';
import { signIn } from '../../fixtures/users';

test('an analyst computes an ICC master key and a KCV on test keys, and sees a bad input named', async ({
  browser,
}) => {
  const analyst = await signIn(browser, 'analyst');
  await analyst.getByRole('link', { name: 'Calculator' }).click();
  await analyst.getByLabel('Calculation').selectOption({ label: 'ICC master key (EMV Book 2 A1.4)' });
  await analyst.getByLabel('Issuer master key (hex)').fill('0123456789ABCDEFFEDCBA9876543210');
  await analyst.getByLabel('PAN').fill('12345678901234567');
  await analyst.getByLabel('PSN').fill('45');
  await analyst.getByRole('button', { name: 'Calculate' }).click();
  // pyemv test_derive_common_sk (../shared/vectors/emv-vectors.json)
  await expect(analyst.getByTestId('calc-result')).toContainText('946DC1A8C78A624519BC4645CB073737');
  await expect(analyst.getByTestId('calc-result')).toContainText(/FF08[0-9A-F]{2}/);

  await analyst.getByLabel('Calculation').selectOption({ label: 'Key check value' });
  await analyst.getByLabel('Key (hex)').fill('12345678123456781234567812345678');
  await analyst.getByRole('button', { name: 'Calculate' }).click();
  await expect(analyst.getByTestId('calc-result')).toContainText('6FB1C8');

  await analyst.getByLabel('Key (hex)').fill('12345');
  await analyst.getByRole('button', { name: 'Calculate' }).click();
  await expect(
    analyst.getByRole('alert').filter({ hasText: 'key must be an even number of hexadecimal digits' }),
  ).toBeVisible();
});

test('a bureau operator has no calculator', async ({ browser }) => {
  const bureau = await signIn(browser, 'bureau');
  await bureau.goto('/calculator');
  await expect(bureau.getByRole('heading', { name: 'Not available for your role' })).toBeVisible();
});
