import { expect, test } from '@playwright/test';
import { signIn } from '../../fixtures/users';

const run = Date.now().toString(36).toUpperCase();

const DEMO_ORDER = [
  '0101',
  '0201',
  '0202',
  '0301',
  '0302',
  '9102',
  '9104',
  '0D01',
  '0E01',
  '8000',
  '9000',
  '8201',
  '8202',
  '8203',
  '8204',
  '8205',
];

test('an analyst reorders, renumbers and adds DGIs in the CPS mapping of an edit copy; key DGIs stay encrypted', async ({
  browser,
}) => {
  const name = `E2E CPS mapping ${run}`;
  const analyst = await signIn(browser, 'analyst');
  const tab = (label: string) => analyst.getByRole('tab', { name: label, exact: true });
  const label = (text: string) => analyst.getByLabel(text, { exact: true });
  const rows = analyst.getByTestId('cps-dgi');
  const row = (dgi: string) => analyst.locator(`[data-testid="cps-dgi"][data-dgi="${dgi}"]`);
  const order = () => rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-dgi')));
  const refusal = analyst.getByTestId('cps-refusal');

  await test.step('the demo credit profile is approved; the analyst edits it as a new version', async () => {
    await analyst.goto('/profiles');
    await analyst
      .getByLabel('Demo profile')
      .selectOption({ label: 'Demo: generic credit card (VSDC-style, DDA)' });
    await analyst.getByLabel('Profile name').fill(name);
    await analyst.getByRole('button', { name: 'Start from a demo profile' }).click();
    await expect(analyst.getByTestId('version-number')).toHaveText('Version 1');
    await analyst.getByRole('button', { name: 'Submit for approval' }).click();
    await expect(analyst.getByTestId('version-status')).toHaveText('submitted');
    const officer = await signIn(browser, 'officer1');
    await officer.goto(analyst.url());
    await expect(officer.getByTestId('version-number')).toHaveText('Version 1');
    await officer.getByRole('button', { name: 'Approve version' }).click();
    await expect(officer.getByTestId('version-status')).toHaveText('approved');
    await analyst.reload();
    await expect(analyst.getByTestId('version-status')).toHaveText('approved');
    await tab('Edit').click();
    await analyst.getByRole('button', { name: 'Edit as a new version' }).click();
    await expect(analyst.getByText('You are editing a copy')).toBeVisible();
  });

  await test.step('the CPS mapping lists the DGIs in send order, decoded, with their size', async () => {
    await tab('CPS mapping').click();
    await expect.poll(order).toEqual(DEMO_ORDER);
    await expect(row('0202')).toContainText('Record 2 of SFI 2');
    await expect(row('9102')).toContainText('SELECT response data (contact)');
    await expect(row('9104')).toContainText('GET PROCESSING OPTIONS response data (contact)');
    await expect(row('8000')).toContainText('Card master keys: MK-AC, MK-SMI, MK-SMC');
    await expect(row('8203')).toContainText('ICC private key: CRT constant d mod (p − 1)');
    await expect(row('9104').getByTestId('cps-dgi-size')).toHaveText(/^\d+ bytes$/);
    await expect(row('8000').getByTestId('cps-dgi-size')).toHaveText('—');
    await expect(label('DGI 8000 encrypted')).toBeChecked();
    await expect(label('DGI 9000 encrypted')).not.toBeChecked();
    // Records keep DGI SFI ‖ record: no renumbering offered.
    await expect(analyst.getByRole('button', { name: 'Renumber DGI 0101' })).toHaveCount(0);
  });

  await test.step('moves the KCVs (9000) before the keys (8000)', async () => {
    await analyst.getByRole('button', { name: 'Move DGI 9000 up' }).click();
    await expect.poll(order).toEqual([...DEMO_ORDER.slice(0, 9), '9000', '8000', ...DEMO_ORDER.slice(11)]);
  });

  await test.step('unencrypting the key DGI is refused with the reason', async () => {
    await label('DGI 8000 encrypted').click();
    await expect(refusal).toHaveText(
      'DGI 8000 carries card master keys, a secret: CPS sends secret data only encrypted under the DEK session key, so it cannot be unencrypted.',
    );
    await expect(label('DGI 8000 encrypted')).toBeChecked();
  });

  await test.step('renumbers 0E01 to A001 (a used number is refused) and adds B001 with 9F4D', async () => {
    await analyst.getByRole('button', { name: 'Renumber DGI 0E01' }).click();
    await label('New number for DGI 0E01').fill('0101');
    await analyst.getByRole('button', { name: 'Renumber', exact: true }).click();
    await expect(refusal).toHaveText(
      'DGI 0101 is used already (Record 1 of SFI 1); every DGI number is used once.',
    );
    await label('New number for DGI 0E01').fill('a001');
    await analyst.getByRole('button', { name: 'Renumber', exact: true }).click();
    await expect(refusal).toHaveCount(0);
    await expect(row('0E01')).toHaveCount(0);
    await expect(row('A001')).toContainText("The application's own data");

    await label('DGI number').fill('B001');
    await analyst.getByRole('button', { name: 'Add DGI' }).click();
    await expect(row('B001')).toContainText("The application's own data (no data elements yet)");
    await label('Search Data element').fill('9F4D');
    await expect(label('Data element')).toHaveValue('9F4D');
    await label('Into DGI').selectOption({ label: 'DGI B001' });
    await label('Value from').selectOption({ label: 'Constant' });
    await label('Constant value').fill('0B0A');
    await analyst.getByRole('button', { name: 'Place element' }).click();
    await expect(row('B001').getByTestId('cps-dgi-carries')).toHaveText("The application's own data:");
    await expect(row('B001').getByRole('listitem')).toHaveCount(1);
    await expect(row('B001').getByRole('listitem')).toContainText('Log Entry');
    await expect(row('B001').getByRole('listitem')).toContainText('constant "0B0A"');
    await expect(row('B001').getByTestId('cps-dgi-size')).toHaveText('5 bytes');
    await expect(analyst.getByTestId('inline-checks-clean')).toBeVisible();
    await expect(analyst.getByTestId('editor-check-counts')).toContainText('no issues');
  });

  await test.step('"Reset to CPS defaults" says what it would change; the analyst cancels', async () => {
    await analyst.getByRole('button', { name: 'Reset to CPS defaults' }).click();
    const changes = analyst.getByTestId('cps-reset-changes');
    await expect(changes).toContainText("DGI B001 (The application's own data: 9F4D Log Entry) is removed");
    await expect(changes).toContainText('send order:');
    await analyst.screenshot({ path: '.tmp/cps-mapping-reset.png', fullPage: true });
    await analyst.getByRole('button', { name: 'Cancel' }).click();
    await expect(changes).toHaveCount(0);
    await expect(row('B001')).toHaveCount(1);
  });

  const saved = [...DEMO_ORDER.slice(0, 8), 'A001', '9000', '8000', ...DEMO_ORDER.slice(11), 'B001'];
  await test.step('saves version 2; the diff names the changes and the preview sends the new order', async () => {
    await label('What changed (optional)').fill('KCVs before keys; own DGIs A001 and B001');
    await analyst.getByRole('button', { name: 'Save as new version' }).click();
    await expect(analyst.getByTestId('version-number')).toHaveText('Version 2');
    await expect(analyst.getByTestId('check-issue')).toHaveCount(0);

    await tab('Diff').click();
    await expect(label('From version')).toHaveValue('1');
    const diff = analyst.getByTestId('diff-row');
    await expect(diff.filter({ hasText: 'send order' })).toContainText(saved.join(' '));
    await expect(diff.filter({ hasText: 'DGI B001' }).first()).toContainText('added');
    await expect(diff.filter({ hasText: 'DGI A001' }).first()).toContainText('added');
    await expect(diff.filter({ hasText: 'DGI 0E01' }).first()).toContainText('removed');

    await tab('Preview').click();
    // The PSE comes first and names the application too: the application is the last.
    const credit = analyst.getByTestId('preview-application').last();
    await expect
      .poll(() =>
        credit.getByTestId('preview-dgi').evaluateAll((els) => els.map((el) => el.getAttribute('data-dgi'))),
      )
      .toEqual(saved);
    await analyst.screenshot({ path: '.tmp/cps-mapping-preview.png', fullPage: true });
  });
});
