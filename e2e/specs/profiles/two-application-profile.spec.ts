import { expect, test, type Page } from '@playwright/test';
import { callMutation, signIn } from '../../fixtures/users';

const run = Date.now().toString(36).toUpperCase();

interface ProfileJson {
  applications: Array<{
    id: string;
    identity: { aid: string; priority?: { value: number } };
    records: Array<{
      sfi: number;
      number: number;
      oda: boolean;
      tlvs: Array<{ tag: string; source?: unknown }>;
    }>;
    dols: { cdol1?: Array<{ tag: string; length: number }>; cdol2?: unknown[] };
    risk: { lowerConsecutiveOfflineLimit?: number; upperConsecutiveOfflineLimit?: number };
    cps: { dgis: Array<{ dgi: string }> };
  }>;
  card: { applications: string[]; directories: { pse: boolean; ppse: boolean } };
}

/** Finds a data element in the dictionary and places it, with the first source it offers, in a record. */
async function place(page: Page, query: string, record: string) {
  await page.getByLabel('Search Data element', { exact: true }).fill(query);
  await expect(page.getByLabel('Data element', { exact: true })).toHaveValue(query);
  await page.getByLabel('Into record', { exact: true }).selectOption({ label: record });
  await page.getByRole('button', { name: 'Place element' }).click();
}

test('an analyst builds a two-application card from scratch in the editors; a second officer approves it', async ({
  browser,
}) => {
  const name = `E2E scratch ${run}`;
  const analyst = await signIn(browser, 'analyst');
  const tab = (label: string) => analyst.getByRole('tab', { name: label, exact: true });
  const inline = (code: string) => analyst.getByTestId('inline-check').filter({ hasText: code });
  const label = (text: string) => analyst.getByLabel(text, { exact: true });

  await test.step('starts from scratch: the checks say what the blank application lacks', async () => {
    await analyst.goto('/profiles');
    await analyst.getByRole('button', { name: 'Start from scratch' }).click();
    await expect(analyst.getByText('A profile name has at least 3 characters')).toBeVisible();
    await expect(analyst.getByText('The AID must be 5 to 16 bytes of hex')).toBeVisible();
    await label('Name of the new profile').fill(name);
    await label('BIN').fill('99990100');
    await label('First application name').fill('Scratch credit');
    await label('First application AID').fill('F0000000011010');
    await analyst.getByRole('button', { name: 'Start from scratch' }).click();
    await expect(analyst.getByTestId('version-number')).toHaveText('Version 1');
    await expect(analyst.getByTestId('check-issue')).toHaveCount(3);
    await expect(analyst.getByTestId('check-issue').filter({ hasText: 'afl-empty' })).toContainText(
      'no record is read on the contact interface, so its AFL would be empty',
    );
    await expect(analyst.getByTestId('check-issue').filter({ hasText: 'cdol-missing' })).toHaveCount(2);
  });

  await test.step('adds a second application with the same AID, sees the error, fixes the AID', async () => {
    await tab('Edit').click();
    await tab('Applications').click();
    await label('New application name').fill('Scratch debit');
    await label('New application AID').fill('F0000000011010');
    await label('New application interfaces').selectOption('contactless');
    await analyst.getByRole('button', { name: 'Add application' }).click();
    await expect(analyst.getByTestId('application-row')).toHaveCount(2);
    await expect(inline('aid-duplicate')).toContainText(
      'AID F0000000011010 is also used by applications[0] (Scratch credit)',
    );
    await tab('Identity').click();
    await expect(inline('aid-duplicate')).toBeVisible();
    const aid = label('AID (4F)');
    await expect(aid).toHaveValue('F0000000011010');
    await aid.fill('F000');
    await expect(
      analyst.getByRole('alert').filter({ hasText: 'The AID must be 5 to 16 bytes of hex' }),
    ).toBeVisible();
    await aid.fill('F0000000041010');
    await expect(analyst.getByTestId('identity-priority')).toHaveText('2');
    await expect(inline('aid-duplicate')).toHaveCount(0);
    await expect(analyst.getByTestId('check-issue').filter({ hasText: 'aid-duplicate' })).toHaveCount(0);
    await expect(analyst.getByTestId('check-issue').filter({ hasText: 'afl-empty' })).toHaveCount(2);
  });

  await test.step('builds the records of the credit application; an empty record is an error until fixed', async () => {
    await tab('Applications').click();
    await analyst.getByRole('button', { name: 'Edit Scratch credit' }).click();
    await tab('Records').click();
    await label('SFI').fill('31');
    await analyst.getByRole('button', { name: 'Add record' }).click();
    await expect(
      analyst.getByRole('alert').filter({ hasText: 'The SFI must be a number from 1 to 30.' }),
    ).toBeVisible();
    await label('SFI').fill('1');
    await analyst.getByRole('button', { name: 'Add record' }).click();
    await analyst.getByRole('button', { name: 'Add record' }).click();
    await expect(analyst.getByTestId('record')).toHaveCount(2);
    await expect(analyst.getByTestId('afl-contact')).toHaveText('08010200');
    for (const tag of ['5A', '5F24', '8C', '8D']) await place(analyst, tag, 'SFI 1 record 1');
    const first = analyst.locator('[data-testid="record"][data-record="1.1"]');
    await expect(first.getByTestId('placed-element')).toHaveCount(4);
    await expect(first).toContainText('5F24Application Expiration Date');
    await expect(first).toContainText('from card template field expiry-date');
    await expect(inline('empty-record')).toContainText('record 2 of SFI 1 holds no data');

    await label('Move 8C of SFI 1 record 1 to').selectOption({ label: 'SFI 1 record 2' });
    await label('Move 8D of SFI 1 record 1 to').selectOption({ label: 'SFI 1 record 2' });
    await expect(analyst.locator('[data-testid="record"][data-record="1.2"]')).toContainText(
      '8DCard Risk Management Data Object List 2 (CDOL2)',
    );
    await expect(inline('empty-record')).toHaveCount(0);

    await label('SFI 1 record 1 is signed (static data)').check();
    await expect(analyst.getByTestId('afl-contact')).toHaveText('08010201');
    await expect(analyst.getByTestId('afl-aip-contact')).toContainText('SFI 1, records 1–2, 1 for ODA');
    await expect(analyst.getByTestId('aip-contact')).toHaveText('0C00');
    await label('DDA on the contact interface').check();
    await expect(analyst.getByTestId('aip-contact')).toHaveText('2C00');
    await expect(analyst.getByTestId('afl-aip-contact')).toContainText('DDA supported');
    await expect(inline('oda-keys').first()).toContainText('needs an issuer RSA key');
    await label('DDA on the contact interface').uncheck();
    await expect(analyst.getByTestId('aip-contact')).toHaveText('0C00');
    await expect(inline('oda-keys')).toHaveCount(0);
  });

  await test.step('fills CDOL1 with what the CVN needs, fixes a length, and builds CDOL2', async () => {
    await tab('DOLs').click();
    await expect(analyst.getByTestId('cvn-needs')).toContainText('9F37 Unpredictable Number (missing)');
    await analyst.getByRole('button', { name: 'Add what CVN A5 needs' }).click();
    await expect(analyst.getByTestId('dol-cdol1').getByTestId('dol-entry')).toHaveCount(8);
    await expect(analyst.getByTestId('encoded-8C')).toHaveText('9F02069F03069F1A0295055F2A029A039C019F3704');
    await label('CDOL1 9F02 length').fill('4');
    await expect(inline('dol-length')).toContainText('8C CDOL1 asks for 9F02 Amount, Authorised');
    await expect(inline('dol-length')).toContainText('the element is 6 bytes');
    await label('CDOL1 9F02 length').fill('6');
    await expect(inline('dol-length')).toHaveCount(0);
    await label('Search Tag to add to CDOL2').fill('8A');
    await analyst.getByRole('button', { name: 'Add to CDOL2' }).click();
    await expect(analyst.getByTestId('encoded-8D')).toHaveText('8A02');
    await expect(analyst.getByTestId('check-issue').filter({ hasText: 'cdol-missing' })).toHaveCount(0);
  });

  await test.step('sets the consecutive offline limits; a lower limit above the upper one is an error', async () => {
    await tab('Offline risk').click();
    await label('Lower consecutive offline limit').fill('5');
    await label('Upper consecutive offline limit').fill('3');
    await expect(inline('offline-limits')).toContainText(
      'the lower consecutive offline limit (5) is above the upper one (3)',
    );
    await label('Upper consecutive offline limit').fill('10');
    await expect(inline('offline-limits')).toHaveCount(0);
    await expect(analyst.getByTestId('risk-tags-lowerConsecutiveOfflineLimit')).toHaveText(
      '9F14 Lower Consecutive Offline Limit: in SFI 1 record 2',
    );
    await expect(analyst.getByTestId('risk-tags-cumulativeOfflineLowerLimit')).toHaveText(
      'No data element of generic applications carries it.',
    );
  });

  await test.step('builds the contactless application and puts it first on the card', async () => {
    await tab('Applications').click();
    await analyst.getByRole('button', { name: 'Edit Scratch debit' }).click();
    await tab('Records').click();
    await analyst.getByRole('button', { name: 'Add record' }).click();
    await place(analyst, '5A', 'SFI 1 record 1');
    await place(analyst, '5F24', 'SFI 1 record 1');
    await expect(analyst.getByTestId('afl-contactless')).toHaveText('08010100');
    // A constant that does not fit its element is an error at its value until it is corrected in place.
    await label('Search Data element').fill('5F34');
    await label('Value from').selectOption({ label: 'Constant' });
    await label('Constant value').fill('1234');
    await analyst.getByRole('button', { name: 'Place element' }).click();
    await expect(inline('value-length')).toContainText(
      '5F34 Application Primary Account Number (PAN) Sequence Number must be 1 byte, got 2',
    );
    await label('Value of 5F34 in SFI 1 record 1').fill('01');
    await expect(inline('value-length')).toHaveCount(0);
    await tab('Applications').click();
    await analyst.getByRole('button', { name: 'Move Scratch debit up' }).click();
    await expect(analyst.getByTestId('application-row').first()).toContainText('Scratch debit');
    // The editors still act on the application that moved.
    await expect(analyst.getByTestId('application-row').first()).toContainText('Editing');
    await expect(analyst.getByTestId('application-row').first()).toContainText('priority 1');
    await expect(analyst.getByTestId('editor-check-counts')).toContainText('no issues');
    await analyst.screenshot({ path: '.tmp/two-application-profile.png', fullPage: true });
  });

  await test.step('the JSON holds what the editors built', async () => {
    await tab('Checks and JSON').click();
    const doc = JSON.parse(await label('Profile JSON').inputValue()) as ProfileJson;
    expect(doc.card.applications).toEqual(['scratch-debit', 'scratch-credit']);
    expect(doc.card.directories).toEqual({ pse: true, ppse: true });
    const [debit, credit] = doc.applications;
    expect([debit!.identity.priority?.value, credit!.identity.priority?.value]).toEqual([1, 2]);
    expect(debit!.identity.aid).toBe('F0000000041010');
    expect(credit!.records.map((r) => [r.sfi, r.number, r.oda, r.tlvs.map((t) => t.tag)])).toEqual([
      [1, 1, true, ['5A', '5F24']],
      [1, 2, false, ['8C', '8D', '9F14', '9F23']],
    ]);
    expect(debit!.records[0]!.tlvs).toEqual([
      { tag: '5A', source: { from: 'cardholder', column: 'pan' } },
      { tag: '5F24', source: { from: 'card', field: 'expiry-date' } },
      { tag: '5F34', source: { from: 'constant', value: '01' } },
    ]);
    expect(credit!.dols.cdol1?.[0]).toEqual({ tag: '9F02', length: 6 });
    expect(credit!.risk).toMatchObject({ lowerConsecutiveOfflineLimit: 5, upperConsecutiveOfflineLimit: 10 });
    expect(credit!.cps.dgis.map((d) => d.dgi)).toEqual(['0101', '0102', '9102', '9104', '8000', '9000']);
  });

  await test.step('saves version 2 and submits it', async () => {
    await tab('Edit').click();
    await label('What changed (optional)').fill('Built two applications in the editors');
    await analyst.getByRole('button', { name: 'Save as new version' }).click();
    await expect(analyst.getByTestId('version-number')).toHaveText('Version 2');
    await expect(analyst.getByTestId('check-issue')).toHaveCount(0);
    await analyst.getByRole('button', { name: 'Submit for approval' }).click();
    await expect(analyst.getByTestId('version-status')).toHaveText('submitted');
  });

  const versionId = (await analyst.getByTestId('version-number').getAttribute('data-version-id'))!;
  await test.step('the author cannot approve', async () => {
    await expect(analyst.getByRole('button', { name: 'Approve version' })).toHaveCount(0);
    const refused = await callMutation(analyst, 'profiles.approve', { versionId });
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).toContain('Your role does not allow this action.');
  });

  await test.step('officer1 approves it', async () => {
    const officer1 = await signIn(browser, 'officer1');
    await officer1.goto(analyst.url());
    await expect(officer1.getByTestId('version-number')).toHaveText('Version 2');
    await officer1.getByRole('button', { name: 'Approve version' }).click();
    await expect(officer1.getByTestId('version-status')).toHaveText('approved');
  });

  await test.step('the approved version cannot be edited; the preview shows both applications', async () => {
    await analyst.reload();
    await expect(analyst.getByTestId('read-only-badge')).toHaveText('Approved · read-only');
    await tab('Edit').click();
    await expect(analyst.getByText('Approved versions are immutable.')).toBeVisible();
    await tab('Applications').click();
    await expect(analyst.getByRole('button', { name: 'Add application' })).toHaveCount(0);
    await expect(analyst.getByRole('button', { name: 'Move Scratch credit up' })).toHaveCount(0);
    await analyst.getByRole('button', { name: 'Edit Scratch credit' }).click();
    await tab('Records').click();
    await expect(label('SFI 1 record 1 is signed (static data)')).toBeDisabled();
    await expect(analyst.getByRole('button', { name: 'Place element' })).toHaveCount(0);
    await tab('Identity').click();
    await expect(label('AID (4F)')).toBeDisabled();
    await tab('DOLs').click();
    await expect(label('CDOL1 9F02 length')).toBeDisabled();
    await expect(analyst.getByRole('button', { name: 'Save as new version' })).toHaveCount(0);
    const resubmit = await callMutation(analyst, 'profiles.submit', { versionId });
    expect(resubmit.status).toBe(409);
    expect(JSON.stringify(resubmit.body)).toContain('approved versions are immutable');

    await tab('Preview').click();
    // The directories first (PSE for the contact application, PPSE for the contactless one), then the
    // applications in the card's order.
    const apps = analyst.getByTestId('preview-application');
    await expect(apps).toHaveCount(4);
    await expect(apps.nth(0)).toContainText('Payment System Environment');
    await expect(apps.nth(1)).toContainText('Proximity Payment System Environment');
    await expect(apps.nth(1)).toContainText('F0000000041010');
    await expect(apps.nth(2)).toContainText('Scratch debit');
    await expect(apps.nth(2)).toContainText('F0000000041010');
    await expect(apps.nth(3)).toContainText('Scratch credit');
    await expect(apps.nth(3)).toContainText('F0000000011010');
  });
});
