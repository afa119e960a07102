import { expect, test } from '@playwright/test';
import { signIn } from '../../fixtures/users';

const run = Date.now().toString(36).toUpperCase();

test('an analyst changes a contactless-only FCI element of an edit copy; the contact FCI stays as it was', async ({
  browser,
}) => {
  const name = `E2E interface data ${run}`;
  const analyst = await signIn(browser, 'analyst');
  const tab = (label: string) => analyst.getByRole('tab', { name: label, exact: true });
  const contactlessLog = analyst.getByLabel('Contactless 9F4D value', { exact: true });
  const fci = (which: 'contact' | 'contactless') => analyst.getByTestId(`fci-${which}`);

  await test.step('the CPA demo is approved; its interface data is read-only until an edit copy', async () => {
    await analyst.goto('/profiles');
    await analyst.getByLabel('Demo profile').selectOption({ label: 'Demo: EMV CPA dual-interface card' });
    await analyst.getByLabel('Profile name').fill(name);
    await analyst.getByRole('button', { name: 'Start from a demo profile' }).click();
    await expect(analyst.getByTestId('version-number')).toHaveText('Version 1');
    await analyst.getByRole('button', { name: 'Submit for approval' }).click();
    await expect(analyst.getByTestId('version-status')).toHaveText('submitted');
    const officer = await signIn(browser, 'officer1');
    await officer.goto(analyst.url());
    await officer.getByRole('button', { name: 'Approve version' }).click();
    await expect(officer.getByTestId('version-status')).toHaveText('approved');
    await analyst.reload();
    await tab('Edit').click();
    await tab('Interface data').click();
    await expect(contactlessLog).toBeDisabled();
    await expect(analyst.getByRole('button', { name: 'Place element' })).toHaveCount(0);
    await analyst.getByRole('button', { name: 'Edit as a new version' }).click();
    await expect(analyst.getByText('You are editing a copy')).toBeVisible();
  });

  await test.step('both FCIs show decoded; only the contactless one has the PDOL', async () => {
    await tab('Interface data').click();
    await expect(fci('contact')).toContainText('Application Label');
    await expect(fci('contact')).not.toContainText('Processing Options Data Object List');
    await expect(fci('contactless')).toContainText('Processing Options Data Object List');
    await expect(fci('contact')).toContainText('0B0A');
    await expect(fci('contactless')).toContainText('0B0A');
    await expect(analyst.getByTestId('inline-checks-clean')).toBeVisible();
  });

  await test.step('a bad contactless BF0C value is named inline', async () => {
    await contactlessLog.fill('XYZ');
    const check = analyst.getByTestId('inline-check').first();
    await expect(check).toContainText('$.applications[0].contactless.selection.issuerDiscretionary[0]');
    await expect(check).toContainText('error');
  });

  await test.step('a good value changes the contactless FCI only, in the editor and the preview', async () => {
    await contactlessLog.fill('1405');
    await expect(analyst.getByTestId('inline-checks-clean')).toBeVisible();
    await expect(fci('contactless')).toContainText('1405');
    await expect(fci('contact')).toContainText('0B0A');
    await expect(fci('contact')).not.toContainText('1405');
    await expect(analyst.getByLabel('Contact 9F4D value', { exact: true })).toHaveValue('0B0A');
    await analyst.screenshot({ path: '.tmp/interface-data-editor.png', fullPage: true });

    await analyst.getByRole('button', { name: 'Save as new version' }).click();
    await expect(analyst.getByTestId('version-number')).toHaveText('Version 2');
    await tab('Preview').click();
    // The PSE and PPSE come first and name the application too: the application is the last.
    const cpa = analyst.getByTestId('preview-application').last();
    const dgi = (number: string) => cpa.locator(`[data-testid="preview-dgi"][data-dgi="${number}"]`);
    await expect(dgi('9103')).toContainText('1405');
    await expect(dgi('9102')).toContainText('0B0A');
    await expect(dgi('9102')).not.toContainText('1405');
  });
});
