import { expect, test, type Page } from '@playwright/test';
import { callMutation, signIn } from '../../fixtures/users';

const run = Date.now().toString(36).toUpperCase();

interface ProfileJson {
  applications: Array<{
    records: unknown[];
    keys: {
      masterKeys: Array<{ usage: string; derivation: string }>;
      issuerPublicKey?: { keyLabel: string; caIndex: string; modulusBits: number };
      iccKey?: { modulusBits: number; exponent: number };
      pin: { offline: string; tryLimit: number };
    };
    cps: { dgis: Array<{ dgi: string }> };
  }>;
  card: {
    constants: { serviceCode: string; binRange: { low: string; high: string } };
    surface: { embossing: Array<{ template: string }>; track2: { discretionary: Array<{ field: string }> } };
    input: { kind: string; columns: Array<{ name: string; role: string }> };
    overrides?: Array<{ column: string; target: unknown }>;
    additionalInputs?: Array<{ name: string; joinColumn: string; joinsTo: string }>;
  };
}

/** Finds a data element in the dictionary and places it, with the first source it offers, in a record. */
async function place(page: Page, query: string, record: string) {
  await page.getByLabel('Search Data element', { exact: true }).fill(query);
  await expect(page.getByLabel('Data element', { exact: true })).toHaveValue(query);
  await page.getByLabel('Into record', { exact: true }).selectOption({ label: record });
  await page.getByRole('button', { name: 'Place element' }).click();
}

test('an analyst completes a DDA card from scratch in the editors: keys, card constants, surface and input layout', async ({
  browser,
}) => {
  const analyst = await signIn(browser, 'analyst');
  const tab = (label: string) => analyst.getByRole('tab', { name: label, exact: true });
  const inline = (code: string) => analyst.getByTestId('inline-check').filter({ hasText: code });
  const label = (text: string) => analyst.getByLabel(text, { exact: true });
  const alert = (text: string) => analyst.getByRole('alert').filter({ hasText: text });

  await test.step('starts from scratch and lays out the records of a DDA application', async () => {
    await analyst.goto('/profiles');
    await label('Name of the new profile').fill(`E2E card editors ${run}`);
    await label('BIN').fill('99990100');
    await label('First application name').fill('Scratch DDA');
    await label('First application AID').fill('F0000000031010');
    await analyst.getByRole('button', { name: 'Start from scratch' }).click();
    await expect(analyst.getByTestId('version-number')).toHaveText('Version 1');
    await tab('Edit').click();
    await tab('Records').click();
    for (let i = 0; i < 3; i++) await analyst.getByRole('button', { name: 'Add record' }).click();
    await expect(analyst.getByTestId('record')).toHaveCount(3);
    for (const tag of ['5A', '5F24', '8C', '8D']) await place(analyst, tag, 'SFI 1 record 1');
    for (const tag of ['8F', '90', '9F32']) await place(analyst, tag, 'SFI 1 record 2');
    for (const tag of ['9F46', '9F47', '9F48']) await place(analyst, tag, 'SFI 1 record 3');
    await label('SFI 1 record 1 is signed (static data)').check();
    await label('DDA on the contact interface').check();
    await expect(analyst.getByTestId('aip-contact')).toHaveText('2C00');
    await tab('DOLs').click();
    await analyst.getByRole('button', { name: /^Add what CVN .* needs$/ }).click();
    await label('Search Tag to add to CDOL2').fill('8A');
    await analyst.getByRole('button', { name: 'Add to CDOL2' }).click();
    await expect(analyst.getByTestId('encoded-8D')).toHaveText('8A02');
  });

  await test.step('keys: issuer key and CA index, ICC key within the issuer key, offline PIN', async () => {
    await tab('Keys and PIN').click();
    await expect(inline('oda-keys').first()).toContainText('needs an issuer RSA key and CA index');
    await expect(analyst.getByTestId('cvn-implies')).toContainText('EMV common session key derivation');
    await expect(label('Use E0 Application cryptograms (MK-AC)')).toBeChecked();
    await label('Issuer RSA key (SDA, DDA, CDA, enciphered PIN)').check();
    await label('CA public key index (8F)').fill('G1');
    await expect(alert('The CA index must be 1 byte of upper-case hex, e.g. 92')).toBeVisible();
    await label('CA public key index (8F)').fill('94');
    await expect(analyst.getByText('RID F000000003 (from the AID)')).toBeVisible();
    await label('ICC RSA key (DDA, CDA), made per card by the HSM').check();
    await label('ICC key length (bits)').fill('1020');
    await expect(alert('The ICC key length must be a whole number of bytes')).toBeVisible();
    await label('ICC key length (bits)').fill('1408');
    await expect(inline('key-length')).toContainText(
      'the ICC key (1408 bits) must not be longer than the issuer key (1152 bits), Book 2 6.1',
    );
    await label('ICC key length (bits)').fill('1024');
    await expect(inline('key-length')).toHaveCount(0);
    // 1024-bit ICC key under a 1152-bit issuer key: 128 − (144 − 42) = 26 bytes go in 9F48.
    await expect(analyst.getByTestId('icc-key-fit')).toContainText(
      '26 bytes of the ICC modulus go in 9F48 ICC Public Key Remainder (placed)',
    );
    await expect(analyst.getByTestId('icc-key-fit')).toContainText(
      'The ICC key fits the issuer key and the records.',
    );
    await label('Offline PIN').selectOption('enciphered');
    await label('PIN try limit (9F17 starts there)').fill('0');
    await expect(alert('The PIN try limit must be a whole number from 1 to 15')).toBeVisible();
    await label('PIN try limit (9F17 starts there)').fill('5');
    await expect(inline('oda-keys')).toHaveCount(0);
  });

  await test.step('card constants: BIN range and a service code decoded digit by digit', async () => {
    await tab('Card constants').click();
    await label('BIN range to').fill('99990199');
    await label('Service code (5F30)').fill('301');
    await expect(alert('Service code digit 3 is not defined in position 1 (1, 2, 5, 6, 7, 9)')).toBeVisible();
    await label('Service code (5F30)').fill('221');
    await expect(analyst.getByTestId('service-code-digits')).toContainText(
      '2 Authorization processing: transactions are authorized online by the issuer',
    );
    await label('Months of validity').fill('48');
    await expect(analyst.getByTestId('card-sample-dates')).toContainText(
      'A card prepared today is valid from',
    );
  });

  await test.step('surface: an unknown placeholder is named; the card front and track 2 follow', async () => {
    await tab('Surface').click();
    await label('Line 1 text').fill('{pann}');
    await expect(alert('Unknown placeholder {pann}')).toBeVisible();
    await label('Line 1 text').fill('{pan4}');
    await expect(analyst.getByTestId('card-front')).toBeVisible();
    await expect(analyst.getByTestId('surface-lines')).toContainText('PAN: 999901******');
    await expect(analyst.getByTestId('surface-lines')).toContainText('Cardholder: DOE/JANE');
    await analyst.getByRole('button', { name: 'Add a field to Track 2' }).click();
    await expect(analyst.getByTestId('track-sample-track2')).toHaveText(/^999901\*{6}\d{4}=\d{4}221\*\*\*$/);
    await expect(analyst.getByTestId('track-size-track2')).toContainText('27 of 37 characters');
    await label('Track 2 field 1 length').fill('25');
    await expect(alert('A field is 1 to 20 characters long')).toBeVisible();
    await label('Track 2 field 1 length').fill('15');
    await expect(inline('track-length')).toContainText(
      'Track 2 would be 39 characters with a 16-digit PAN; ISO/IEC 7813 allows 37',
    );
    await label('Track 2 field 1 length').fill('3');
    await expect(inline('track-length')).toHaveCount(0);
    await analyst.screenshot({ path: '.tmp/card-editors-surface.png', fullPage: true });
  });

  await test.step('input layout: a sample row is cut and checked column by column', async () => {
    await tab('Input layout').click();
    await label('Sample row').fill('9999010000000012,1,DOE/JANE');
    const columns = analyst.getByTestId('sample-column');
    await expect(columns.nth(0)).toContainText(
      'PAN fails the Luhn check (ISO/IEC 7812): check the last digit',
    );
    await expect(columns.nth(1)).toContainText('PSN must be 2 digits, 00 to 99');
    await label('Sample row').fill('9999010000000011,01,DOE/JANE');
    await expect(columns.nth(0)).toContainText('999901******0011');
    await expect(columns.filter({ hasText: 'ok' })).toHaveCount(3);
    await label('New Cardholder file column name').fill('1svc');
    await expect(alert('A column name starts with a letter')).toBeVisible();
    await label('New Cardholder file column name').fill('segment');
    await analyst.getByRole('button', { name: 'Add column to Cardholder file' }).click();
    await expect(analyst.getByTestId('layout-column')).toHaveCount(4);
    await expect(analyst.getByTestId('input-sample-parse')).toContainText(
      'the row has 3 fields; the layout has 4 columns',
    );
    await label('Cardholder file format').selectOption('fixed-width');
    await expect(label('Cardholder file column 3 start')).toHaveValue('22');
    await expect(label('Cardholder file record length')).toHaveValue('57');
    await label('Sample row').fill(
      `${'9999010000000011'.padEnd(19)}01${'DOE/JANE'.padEnd(26)}GOLD`.padEnd(57),
    );
    await expect(columns.filter({ hasText: 'ok' })).toHaveCount(4);
    await expect(columns.nth(3)).toContainText('GOLD');
    await label('Cardholder file column 2 start').fill('19');
    await expect(inline('layout-overlap')).toContainText(
      'column "psn" starts at 19, inside column "pan" (1–19)',
    );
    await label('Cardholder file column 2 start').fill('20');
    await expect(inline('layout-overlap')).toHaveCount(0);
    // Renaming a column carries what refers to it (here the source of 5A) along.
    await label('Cardholder file column 1 name').fill('psn');
    await expect(alert('Column "psn" exists already')).toBeVisible();
    await label('Cardholder file column 1 name').fill('account');
    await expect(inline('cardholder-source')).toHaveCount(0);
  });

  await test.step('overrides: a service code column per card', async () => {
    await tab('More inputs and overrides').click();
    await label('New input name').fill('Loyalty');
    await expect(alert('must be lower-case letters, digits and hyphens')).toBeVisible();
    await label('New input name').fill('loyalty');
    await label('New input label').fill('Loyalty file (CRM)');
    await analyst.getByRole('button', { name: 'Add additional input' }).click();
    await expect(analyst.getByTestId('additional-input')).toHaveCount(1);
    await expect(label('Input 1 joins to cardholder column')).toHaveValue('account');
    await label('Override column').fill('svc');
    await label('Overrides').selectOption({ label: 'Service code (5F30 and the tracks)' });
    await analyst.getByRole('button', { name: 'Add override' }).click();
    await expect(analyst.getByTestId('card-override')).toHaveText(/svc.*Service code/);
    await expect(analyst.getByTestId('inline-checks-clean')).toBeVisible();
    await expect(analyst.getByTestId('editor-check-counts')).not.toContainText('error');
    await analyst.screenshot({ path: '.tmp/card-editors.png', fullPage: true });
  });

  await test.step('the JSON holds what the editors wrote; the saved version previews DGIs and surface', async () => {
    await tab('Checks and JSON').click();
    const doc = JSON.parse(await label('Profile JSON').inputValue()) as ProfileJson;
    const [app] = doc.applications;
    expect(app!.keys.issuerPublicKey).toEqual({ keyLabel: 'issuer-rsa', caIndex: '94', modulusBits: 1152 });
    expect(app!.keys.iccKey).toEqual({ modulusBits: 1024, exponent: 65537 });
    expect(app!.keys.pin).toEqual({ offline: 'enciphered', tryLimit: 5 });
    expect(app!.cps.dgis.map((d) => d.dgi).slice(-9)).toEqual([
      '8000',
      '9000',
      '8010',
      '9010',
      '8201',
      '8202',
      '8203',
      '8204',
      '8205',
    ]);
    expect(doc.card.constants.serviceCode).toBe('221');
    expect(doc.card.constants.binRange).toEqual({ low: '99990100', high: '99990199' });
    expect(doc.card.surface.track2.discretionary).toEqual([{ field: 'cvv', length: 3 }]);
    expect(doc.card.input.kind).toBe('fixed-width');
    expect(JSON.stringify(app!.records)).toContain('{"from":"cardholder","column":"account"}');
    expect(doc.card.input.columns.map((c) => c.name)).toEqual(['account', 'psn', 'name', 'segment', 'svc']);
    expect(doc.card.additionalInputs).toMatchObject([
      { name: 'loyalty', joinColumn: 'key', joinsTo: 'account' },
    ]);
    expect(doc.card.overrides).toEqual([{ column: 'svc', target: { kind: 'card', field: 'service-code' } }]);

    await tab('Edit').click();
    await analyst.getByRole('button', { name: 'Save as new version' }).click();
    await expect(analyst.getByTestId('version-number')).toHaveText('Version 2');
    await expect(analyst.getByTestId('check-issue').filter({ hasText: 'error' })).toHaveCount(0);
    await tab('Preview').click();
    // The PSE first (it names the application too), then the application.
    const application = analyst.getByTestId('preview-application').nth(1);
    await expect(application).toContainText('Scratch DDA');
    await expect(application).toContainText('8201');
    await expect(application).toContainText('0103');
    await expect(analyst.getByTestId('preview-surface')).toContainText('999901******');
    await expect(analyst.getByTestId('preview-surface')).toContainText('221');
  });

  await test.step('once approved, the card editors are read-only', async () => {
    await analyst.getByRole('button', { name: 'Submit for approval' }).click();
    await expect(analyst.getByTestId('version-status')).toHaveText('submitted');
    const versionId = (await analyst.getByTestId('version-number').getAttribute('data-version-id'))!;
    const officer1 = await signIn(browser, 'officer1');
    await officer1.goto(analyst.url());
    await officer1.getByRole('button', { name: 'Approve version' }).click();
    await expect(officer1.getByTestId('version-status')).toHaveText('approved');
    await analyst.reload();
    await tab('Edit').click();
    await expect(analyst.getByText('Approved versions are immutable.')).toBeVisible();
    await tab('Keys and PIN').click();
    await expect(label('Use E0 Application cryptograms (MK-AC)')).toBeDisabled();
    await expect(label('ICC key length (bits)')).toBeDisabled();
    await tab('Card constants').click();
    await expect(label('Service code (5F30)')).toBeDisabled();
    await tab('Surface').click();
    await expect(label('Line 1 text')).toBeDisabled();
    await expect(analyst.getByRole('button', { name: 'Add a line' })).toHaveCount(0);
    await tab('Input layout').click();
    await expect(analyst.getByRole('button', { name: 'Add column to Cardholder file' })).toHaveCount(0);
    await tab('More inputs and overrides').click();
    await expect(label('Input 1 name')).toBeDisabled();
    await expect(analyst.getByRole('button', { name: 'Add override' })).toHaveCount(0);
    const refused = await callMutation(analyst, 'profiles.submit', { versionId });
    expect(refused.status).toBe(409);
  });
});
