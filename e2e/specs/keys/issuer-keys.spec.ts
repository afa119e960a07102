import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { loadVectors } from '../../../server/emv/vectors/load-vectors';
import { signIn } from '../../fixtures/users';

const run = Date.now().toString(36).toUpperCase();
/** A TEST CA index of its own per run, so a rerun on the same database does not meet its predecessor. */
const testCaIndex = (Date.now() % 200).toString(16).padStart(2, '0').toUpperCase();

function publishedCaKey(name: string) {
  const vector = loadVectors().find((v) => v.algorithm === 'emv_capk_checksum' && v.name === name);
  if (!vector) throw new Error(`vector "${name}" is missing`);
  return {
    ...(vector.inputs as { rid: string; index: string; modulus: string; exponent: string }),
    checksum: (vector.expected as { checksum: string }).checksum,
  };
}

test('an officer creates the TEST CA, generates an issuer key, exports it and signs its certificate with the TEST CA', async ({
  browser,
}) => {
  const officer = await signIn(browser, 'officer1');
  await officer.goto('/keys');
  await officer.getByRole('link', { name: 'Issuer keys and CA keys' }).click();
  await expect(officer.getByRole('heading', { name: 'Issuer keys and CA keys' })).toBeVisible();

  // The TEST CA: inline validation first, then its key in the HSM and its public key on the test list.
  await officer.getByLabel('TEST CA RID', { exact: true }).fill('A0000003');
  await expect(officer.getByText('RID must be 5 bytes (10 hex digits)')).toBeVisible();
  await officer.getByLabel('TEST CA RID', { exact: true }).fill('A000000003');
  await officer.getByLabel('TEST CA index', { exact: true }).fill(testCaIndex);
  await officer.getByLabel('TEST CA key length (bits)', { exact: true }).fill('1152');
  await officer.getByRole('button', { name: 'Create TEST CA in HSM' }).click();
  const testCaLabel = `TEST CA A000000003 ${testCaIndex}`;
  await expect(officer.getByTestId('test-ca-label')).toHaveText(testCaLabel);
  const testCaRow = officer
    .getByTestId('ca-list-test')
    .getByTestId('ca-key-row')
    .filter({ hasText: `A000000003 · ${testCaIndex}` });
  await expect(testCaRow).toContainText('TEST');
  await expect(testCaRow).toContainText('workbench TEST CA');
  await expect(
    officer.getByTestId('ca-list-live').getByTestId('ca-key-row').filter({ hasText: testCaIndex }),
  ).toHaveCount(0);

  // The issuer key, generated in the HSM.
  const label = `Issuer test program ${run}`;
  await officer.getByLabel('Issuer key label').fill(label);
  await officer.getByLabel('Key length (bits)', { exact: true }).fill('1024');
  await officer.getByLabel('Issuer identifier').fill('476173');
  await officer.getByLabel('Certificate expiry (MMYY)').fill('1330');
  await expect(officer.getByText('Expiry must be MMYY with a month from 01 to 12')).toBeVisible();
  await officer.getByLabel('Certificate expiry (MMYY)').fill('1230');
  await officer.getByLabel('Serial number (hex)').fill('00A001');
  await officer.getByRole('button', { name: 'Generate issuer key in HSM' }).click();
  await expect(officer.getByTestId('issuer-key-fingerprint')).toHaveText(/^[0-9A-F]{6}$/);
  const row = officer.getByTestId('issuer-key-row').filter({ hasText: label });
  await expect(row.getByTestId('issuer-key-status')).toHaveText('awaiting certificate');
  await row.getByRole('link', { name: label }).click();
  await expect(officer.getByRole('heading', { name: `Issuer key: ${label}` })).toBeVisible();

  // The JSON for a CA: public data and the certificate's hash input.
  await officer
    .getByLabel('Certifying CA key')
    .selectOption({ label: `A000000003 index ${testCaIndex} · 1152 bits · TEST CA (test)` });
  const downloading = officer.waitForEvent('download');
  await officer.getByRole('button', { name: 'Download JSON for the CA' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(
    `issuer-key-Issuer-test-program-${run}-A000000003-${testCaIndex}-test.json`,
  );
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as Record<string, unknown>;
  expect(exported).toMatchObject({
    issuerKeyLabel: label,
    issuerIdentifier: '476173FF',
    expiry: '1230',
    serial: '00A001',
    modulusLength: 128,
    certificateData: { ca: { rid: 'A000000003', index: testCaIndex, environment: 'test' } },
  });
  expect(exported).not.toHaveProperty('issuerKeyRef');
  await expect(officer.getByTestId('export-description')).toContainText(
    `for certification by CA key A000000003 index ${testCaIndex} (test list)`,
  );

  // Signed with the TEST CA: recovered, stored as test, badged TEST, the key certified.
  await officer
    .getByLabel('TEST CA', { exact: true })
    .selectOption({ label: `A000000003 index ${testCaIndex} · 1152 bits · TEST CA (test)` });
  await officer.getByRole('button', { name: 'Sign with TEST CA' }).click();
  await expect(officer.getByText(`Signed by TEST CA A000000003 index ${testCaIndex}`)).toBeVisible();
  const certificate = officer.getByTestId('certificate-row');
  await expect(certificate).toHaveCount(1);
  await expect(certificate).toContainText(`A000000003 · ${testCaIndex}`);
  await expect(certificate).toContainText('test list');
  await expect(certificate).toContainText('TEST');
  await expect(certificate).toContainText('issuer 476173 · expiry 1230 · serial 00A001');
  await expect(certificate).toContainText('hash OK');
  await expect(certificate).toContainText('signed by the TEST CA');
  await expect(officer.getByTestId('issuer-key-status')).toHaveText('certified');

  // The TEST CA key is in the inventory, badged TEST.
  await officer.goto('/keys');
  await expect(officer.getByTestId('key-row').filter({ hasText: testCaLabel })).toContainText('TEST');
});

test('an officer adds a published CA key, and a key with a wrong checksum is refused with the reason', async ({
  browser,
}) => {
  const officer = await signIn(browser, 'officer1');
  await officer.goto('/keys/issuer-keys');

  const wrong = publishedCaKey('capk mastercard F8 test 1024-bit');
  await officer.getByLabel('List', { exact: true }).selectOption('test');
  await officer.getByLabel('RID', { exact: true }).fill(wrong.rid);
  await officer.getByLabel('Index', { exact: true }).fill(wrong.index);
  await officer.getByLabel('Modulus (hex)').fill(wrong.modulus);
  await officer.getByLabel('Exponent', { exact: true }).selectOption(wrong.exponent);
  const typo = `${wrong.checksum.slice(0, -1)}${wrong.checksum.endsWith('0') ? '1' : '0'}`;
  await officer.getByLabel('Checksum (hex)').fill(typo);
  await officer.getByRole('button', { name: 'Add CA key' }).click();
  await expect(officer.getByRole('alert').filter({ hasText: 'The checksum does not match' })).toHaveText(
    `The checksum does not match CA key ${wrong.rid} index ${wrong.index} (test list): you entered ${typo}, but SHA-1 over its RID, index, modulus and exponent is ${wrong.checksum}. Copy the key again from the scheme's list.`,
  );
  await expect(
    officer
      .getByTestId('ca-list-test')
      .getByTestId('ca-key-row')
      .filter({ hasText: `${wrong.rid} · ${wrong.index}` }),
  ).toHaveCount(0);

  const live = publishedCaKey('capk visa 09 live 1984-bit');
  await officer.getByLabel('List', { exact: true }).selectOption('live');
  await officer.getByLabel('RID', { exact: true }).fill(live.rid);
  await officer.getByLabel('Index', { exact: true }).fill(live.index);
  await officer.getByLabel('Modulus (hex)').fill(live.modulus);
  await officer.getByLabel('Exponent', { exact: true }).selectOption(live.exponent);
  await officer.getByLabel('Checksum (hex)').fill(live.checksum.toLowerCase());
  await officer.getByRole('button', { name: 'Add CA key' }).click();
  await expect(
    officer.getByText(`Added CA key ${live.rid} index ${live.index} to the live list.`),
  ).toBeVisible();
  const liveRow = officer
    .getByTestId('ca-list-live')
    .getByTestId('ca-key-row')
    .filter({ hasText: `${live.rid} · ${live.index}` });
  await expect(liveRow).toContainText(live.checksum);
  await expect(liveRow).toContainText('1984 bits');
});
