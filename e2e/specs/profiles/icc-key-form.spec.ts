import { expect, test } from '@playwright/test';
import { signIn } from '../../fixtures/users';

const run = Date.now().toString(36).toUpperCase();

interface ProfileJson {
  applications: Array<{
    keys: { iccKey: { privateKeyForm?: string } };
    cps: { dgis: Array<{ dgi: string; encrypted: boolean; content: { kind: string; component?: string } }> };
  }>;
}

const keyDgis = (doc: ProfileJson) =>
  doc.applications[0]!.cps.dgis.filter((spec) => spec.content.kind === 'icc-private-key');

test('an analyst switches the ICC private key to modulus and exponent; the DGIs and the checks follow', async ({
  browser,
}) => {
  const name = `E2E ICC key form ${run}`;
  const analyst = await signIn(browser, 'analyst');
  const editor = analyst.getByLabel('Profile JSON', { exact: true });
  const tab = (label: string) => analyst.getByRole('tab', { name: label, exact: true });
  const form = analyst.getByLabel('ICC private key form', { exact: true });
  const dgis = analyst.getByTestId('icc-key-dgi');

  await test.step('the demo credit profile (DDA) starts in CRT form, in DGIs 8201-8205', async () => {
    await analyst.goto('/profiles');
    await analyst
      .getByLabel('Demo profile')
      .selectOption({ label: 'Demo: generic credit card (VSDC-style, DDA)' });
    await analyst.getByLabel('Profile name').fill(name);
    await analyst.getByRole('button', { name: 'Start from a demo profile' }).click();
    await expect(analyst.getByTestId('version-number')).toHaveText('Version 1');
    await tab('Edit').click();
    await tab('ICC private key').click();
    await expect(form).toHaveValue('crt');
    await expect(form.locator('option:checked')).toHaveText('CRT constants');
    await expect(dgis).toHaveText([
      '8201 CRT constant q⁻¹ mod p',
      '8202 CRT constant d mod (q − 1)',
      '8203 CRT constant d mod (p − 1)',
      '8204 prime factor q',
      '8205 prime factor p',
    ]);
    await expect(analyst.getByTestId('inline-checks-clean')).toBeVisible();
  });

  await test.step('picking modulus and exponent maps 8101 and 8103; the checks find nothing', async () => {
    await form.selectOption({ label: 'Modulus and private exponent' });
    await expect(dgis).toHaveText(['8101 private exponent', '8103 modulus']);
    await expect(analyst.getByTestId('inline-checks-clean')).toBeVisible();
    await expect(analyst.getByTestId('editor-check-counts')).toContainText('no issues');
    await analyst.screenshot({ path: '.tmp/icc-key-form-modulus-exponent.png', fullPage: true });

    await tab('Checks and JSON').click();
    const doc = JSON.parse(await editor.inputValue()) as ProfileJson;
    expect(doc.applications[0]!.keys.iccKey.privateKeyForm).toBe('modulus-exponent');
    expect(keyDgis(doc)).toEqual([
      { dgi: '8101', encrypted: true, content: { kind: 'icc-private-key', component: 'private-exponent' } },
      { dgi: '8103', encrypted: true, content: { kind: 'icc-private-key', component: 'modulus' } },
    ]);
  });

  await test.step('a form set in the JSON without its DGIs is an error shown beside the editor', async () => {
    const doc = JSON.parse(await editor.inputValue()) as ProfileJson;
    doc.applications[0]!.keys.iccKey.privateKeyForm = 'crt';
    await editor.fill(`${JSON.stringify(doc, null, 2)}\n`);
    await tab('Edit').click();
    await tab('ICC private key').click();
    await expect(form).toHaveValue('crt');
    const inline = analyst.getByTestId('inline-check');
    await expect(inline.filter({ hasText: 'dgi-missing' }).first()).toContainText(
      'the ICC key is configured but no DGI holds its CRT constant q-inverse-mod-p (CPS: 8201–8205)',
    );
    await expect(inline.filter({ hasText: 'dgi-unneeded' }).first()).toContainText(
      "DGI 8101 holds the ICC private key's private-exponent, which the CRT form (keys.iccKey.privateKeyForm) does not use",
    );
    await expect(analyst.getByTestId('editor-check-counts')).toContainText('7 errors');
    await analyst.screenshot({ path: '.tmp/icc-key-form-mismatch.png', fullPage: true });
  });

  await test.step('picking the form again fixes it; version 2 is saved and can be submitted', async () => {
    await form.selectOption({ label: 'Modulus and private exponent' });
    await expect(dgis).toHaveText(['8101 private exponent', '8103 modulus']);
    await expect(analyst.getByTestId('editor-check-counts')).toContainText('no issues');
    await analyst.getByLabel('What changed (optional)').fill('ICC key as modulus and exponent');
    await analyst.getByRole('button', { name: 'Save as new version' }).click();
    await expect(analyst.getByTestId('version-number')).toHaveText('Version 2');
    await expect(analyst.getByRole('button', { name: 'Submit for approval' })).toBeEnabled();
  });

  await test.step('a security officer sees the form read-only', async () => {
    const officer = await signIn(browser, 'officer1');
    await officer.goto(analyst.url());
    await expect(officer.getByTestId('version-number')).toHaveText('Version 2');
    await officer.getByRole('tab', { name: 'Edit', exact: true }).click();
    await officer.getByRole('tab', { name: 'ICC private key', exact: true }).click();
    const officerForm = officer.getByLabel('ICC private key form', { exact: true });
    await expect(officerForm).toHaveValue('modulus-exponent');
    await expect(officerForm).toBeDisabled();
  });
});
