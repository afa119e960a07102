import { expect, test } from '@playwright/test';
import { signIn } from '../../fixtures/users';

const run = Date.now().toString(36).toUpperCase();

interface ProfileJson {
  applications: Array<{
    cvm: {
      amountX: number;
      rules: Array<{ method: string; condition: string; applyNextIfUnsuccessful: boolean }>;
    };
    actionCodes: { denial: string[] };
    risk: { currency: string; currencyExponent: number };
  }>;
  card: { constants: { currency: string } };
}

test('an analyst builds the CVM list, ticks IAC bits and picks a currency without touching the JSON', async ({
  browser,
}) => {
  const name = `E2E editors ${run}`;
  const analyst = await signIn(browser, 'analyst');
  const editor = analyst.getByLabel('Profile JSON', { exact: true });
  const tab = (label: string) => analyst.getByRole('tab', { name: label, exact: true });
  const encoded = (tag: string) => analyst.getByTestId(`encoded-${tag}`);

  await test.step('the analyst starts from the demo credit profile', async () => {
    await analyst.goto('/profiles');
    await analyst
      .getByLabel('Demo profile')
      .selectOption({ label: 'Demo: generic credit card (VSDC-style, DDA)' });
    await analyst.getByLabel('Profile name').fill(name);
    await analyst.getByRole('button', { name: 'Start from a demo profile' }).click();
    await expect(analyst.getByTestId('version-number')).toHaveText('Version 1');
    await expect(analyst.getByTestId('check-issue')).toHaveCount(0);
  });

  await test.step('adds a CVM rule, sets it up and moves it above the last rule; 8E follows', async () => {
    await tab('Edit').click();
    await expect(analyst.getByText('Demo credit (VSDC-style, DDA)', { exact: true })).toBeVisible();
    await expect(encoded('8E')).toHaveText('00000000 00000000 0201 5E03 1F03');
    await analyst.getByRole('button', { name: 'Add rule' }).click();
    await expect(analyst.getByTestId('cvm-rule')).toHaveCount(4);
    await analyst.getByLabel('Rule 4 method').selectOption('enciphered-pin-online');
    await analyst.getByLabel('Rule 4 condition').selectOption('manual-cash');
    await expect(analyst.getByLabel('Rule 4 if unsuccessful')).toHaveValue('fail');
    await expect(encoded('8E')).toHaveText('00000000 00000000 0201 5E03 1F03 0204');
    await analyst.getByRole('button', { name: 'Move rule 4 up' }).click();
    await expect(encoded('8E')).toHaveText('00000000 00000000 0201 5E03 0204 1F03');
    await expect(analyst.getByLabel('Rule 3 condition')).toHaveValue('manual-cash');
    await expect(analyst.getByTestId('inline-checks-clean')).toBeVisible();
    await analyst.screenshot({ path: '.tmp/profile-editors-cvm.png', fullPage: true });
  });

  await test.step('ticks an IAC-denial bit and sees 9F0E change', async () => {
    await tab('Issuer action codes').click();
    await expect(encoded('9F0E')).toHaveText('0010000000');
    const expired = analyst.getByLabel('Denial: Expired application', { exact: true });
    await expect(expired).not.toBeChecked();
    await expired.check();
    await expect(encoded('9F0E')).toHaveText('0050000000');
    await expect(analyst.getByLabel('Denial: Requested service not allowed for card product')).toBeChecked();
    await analyst.screenshot({ path: '.tmp/profile-editors-iac.png', fullPage: true });
  });

  await test.step('picks US dollars for the application and the card', async () => {
    await tab('Currency and country').click();
    const currency = analyst.getByLabel('Application currency (9F42)', { exact: true });
    await expect(currency).toHaveValue('978');
    await expect(currency.locator('option:checked')).toHaveText('978 EUR Euro');
    await analyst.getByLabel('Search Application currency', { exact: true }).fill('usd');
    await currency.selectOption('840');
    await analyst.getByLabel('Search Card template currency', { exact: true }).fill('dollar');
    await analyst
      .getByLabel('Card template currency', { exact: true })
      .selectOption({ label: '840 USD US Dollar' });
    await expect(analyst.getByTestId('currency-exponent')).toHaveText('2');
    await expect(analyst.getByTestId('editor-check-counts')).toContainText('no issues');
    await analyst.screenshot({ path: '.tmp/profile-editors-codes.png', fullPage: true });
  });

  await test.step('the JSON shows every change, and a JSON edit shows in the editors', async () => {
    await tab('Checks and JSON').click();
    const doc = JSON.parse(await editor.inputValue()) as ProfileJson;
    const app = doc.applications[0]!;
    expect(app.cvm.rules.map((rule) => `${rule.method}/${rule.condition}`)).toEqual([
      'enciphered-pin-online/unattended-cash',
      'signature/terminal-supports-cvm',
      'enciphered-pin-online/manual-cash',
      'no-cvm-required/terminal-supports-cvm',
    ]);
    expect(app.cvm.rules[2]!.applyNextIfUnsuccessful).toBe(false);
    expect(app.actionCodes.denial).toEqual(['expired-application', 'service-not-allowed']);
    expect(app.risk.currency).toBe('840');
    expect(doc.card.constants.currency).toBe('840');
    await expect(analyst.getByText('Checks of your unsaved changes')).toBeVisible();
    await expect(analyst.getByTestId('check-issue')).toHaveCount(0);

    app.cvm.amountX = 1000;
    await editor.fill(`${JSON.stringify(doc, null, 2)}\n`);
    await tab('Edit').click();
    await expect(analyst.getByLabel('Amount X', { exact: true })).toHaveValue('1000');
    await expect(encoded('8E')).toHaveText('000003E8 00000000 0201 5E03 0204 1F03');
  });

  await test.step('saves version 2 from the editors; the diff and the preview name the changes', async () => {
    await expect(analyst.getByTestId('editor-check-counts')).toContainText('no issues');
    await analyst
      .getByLabel('What changed (optional)')
      .fill('Manual cash needs online PIN; deny expired cards; USD');
    await analyst.getByRole('button', { name: 'Save as new version' }).click();
    await expect(analyst.getByTestId('version-number')).toHaveText('Version 2');
    await expect(analyst.getByTestId('check-issue')).toHaveCount(0);
    await expect(analyst.getByRole('button', { name: 'Submit for approval' })).toBeEnabled();

    await tab('Diff').click();
    await expect(analyst.getByLabel('From version')).toHaveValue('1');
    const rows = analyst.getByTestId('diff-row');
    await expect(rows.filter({ hasText: 'Issuer Action Code - Denial (9F0E)' })).toContainText(
      'Expired application',
    );
    await expect(
      rows.filter({ hasText: 'Cardholder Verification Method (CVM) List (8E)' }).first(),
    ).toBeVisible();
    await expect(
      rows.filter({
        hasText: 'Demo credit (VSDC-style, DDA) (credit-dda) › Application Currency Code (9F42)',
      }),
    ).toContainText('840');

    await tab('Preview').click();
    await expect(
      // The innermost node: its record's node holds the name too.
      analyst.getByTestId('tlv-node').filter({ hasText: '9F0E Issuer Action Code - Denial' }).last(),
    ).toContainText('0050000000');
  });

  await test.step('a rule the PIN options cannot serve shows its check inline; Submit stays disabled', async () => {
    await tab('Edit').click();
    await analyst.getByLabel('Rule 1 method').selectOption('plaintext-pin-by-icc');
    const inline = analyst.getByTestId('inline-check').filter({ hasText: 'cvm-offline-pin' });
    await expect(inline).toContainText(
      'the CVM list uses plaintext offline PIN but the PIN option is "none"',
    );
    await expect(analyst.getByTestId('editor-check-counts')).toContainText('1 error');
    await analyst.screenshot({ path: '.tmp/profile-editors-error.png', fullPage: true });
    await analyst.getByRole('button', { name: 'Save as new version' }).click();
    await expect(analyst.getByTestId('version-number')).toHaveText('Version 3');
    await expect(analyst.getByRole('button', { name: 'Submit for approval' })).toBeDisabled();
    await expect(analyst.getByTestId('submit-blocked')).toHaveText(
      'Fix the 1 error the checks report before submitting.',
    );
  });

  await test.step('a security officer sees the editors read-only', async () => {
    const officer = await signIn(browser, 'officer1');
    await officer.goto(analyst.url());
    await expect(officer.getByTestId('version-number')).toHaveText('Version 3');
    await officer.getByRole('tab', { name: 'Edit', exact: true }).click();
    await expect(officer.getByText('Read-only for your role.')).toBeVisible();
    await expect(officer.getByLabel('Rule 1 method')).toBeDisabled();
    await expect(officer.getByRole('button', { name: 'Add rule' })).toHaveCount(0);
    await expect(officer.getByRole('button', { name: 'Save as new version' })).toHaveCount(0);
  });
});
