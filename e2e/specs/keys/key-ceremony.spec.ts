import { expect, test, type Browser } from '@playwright/test';
import { fromHex, toHex, xor } from '../../../server/emv/bytes';
import { adjustOddParity } from '../../../server/emv/crypto/des';
import { aesKcvCmac, tdesKcv } from '../../../server/emv/crypto/kcv';
import { signIn } from '../../fixtures/users';

const run = Date.now().toString(36).toUpperCase();

async function startCeremony(
  browser: Browser,
  label: string,
  usage: string,
  algorithm: string,
  components: number,
) {
  const officer = await signIn(browser, 'officer1');
  await officer.goto('/keys');
  await officer.getByRole('link', { name: 'Key ceremonies' }).click();
  await officer.getByLabel('Key label').fill(label);
  await officer.getByLabel('Usage').selectOption(usage);
  await officer.getByLabel('Algorithm').selectOption(algorithm);
  await officer.getByLabel('Components').selectOption(String(components));
  await officer.getByRole('button', { name: 'Start ceremony' }).click();
  await expect(officer.getByRole('heading', { name: `Key ceremony: ${label}` })).toBeVisible();
  return officer;
}

async function enterComponent(page: import('@playwright/test').Page, component: string, expectedKcv: string) {
  await page.getByLabel('Clear component (hex)').fill(component);
  await page.getByRole('button', { name: 'Compute KCV' }).click();
  await expect(page.getByTestId('component-kcv')).toHaveText(expectedKcv);
  await page.getByRole('button', { name: /send component \d to the HSM/ }).click();
}

test('two custodians enter a TDES KEK; each sees their component KCV, everyone the final KCV', async ({
  browser,
}) => {
  // The TDES2 example of the ceremony contract: 3F419E1CB7079442AA37474C2EFBF8B8 -> 57C409.
  const c1 = '3F419E1CB7079442AA37474C2EFBF8B8';
  const c2 = '0123456789ABCDEFFEDCBA9876543210';
  const finalKcv = toHex(tdesKcv(adjustOddParity(xor(fromHex(c1), fromHex(c2)))));
  const label = `Bureau KEK ${run}`;
  const officer1 = await startCeremony(browser, label, 'K0', 'TDES2', 2);
  const url = officer1.url();
  await enterComponent(officer1, c1, '57C409');
  await expect(officer1.getByText('You have entered your component.')).toBeVisible();
  await expect(officer1.getByTestId('components')).toContainText('Oscar Officer · KCV 57C409');

  const officer2 = await signIn(browser, 'officer2');
  await officer2.goto(url);
  await enterComponent(officer2, c2, toHex(tdesKcv(fromHex(c2))));
  await expect(officer2.getByTestId('final-kcv')).toHaveText(finalKcv);
  await officer2.goto('/keys');
  await expect(officer2.getByTestId('key-row').filter({ hasText: label })).toContainText(finalKcv);
});

test('three custodians enter an AES key; a wrong-length component is named, and the same custodian cannot enter twice', async ({
  browser,
}) => {
  const components = [
    '3F419E1CB7079442AA37474C2EFBF8B8',
    '00112233445566778899AABBCCDDEEFF',
    'F0E1D2C3B4A5968778695A4B3C2D1E0F',
  ];
  const combined = components.map((c) => fromHex(c)).reduce((a, b) => xor(a, b));
  const label = `Audit AES ${run}`;
  const officer1 = await startCeremony(browser, label, 'D0', 'AES128', 3);
  const url = officer1.url();
  await officer1.getByLabel('Clear component (hex)').fill('3F419E');
  await officer1.getByRole('button', { name: 'Compute KCV' }).click();
  await expect(officer1.getByText('A AES128 component is 32 hex digits; this one has 6.')).toBeVisible();
  await enterComponent(officer1, components[0]!, '08793E25AB');
  await expect(officer1.getByText('You have entered your component.')).toBeVisible();

  for (const [username, component] of [
    ['officer2', components[1]!],
    ['officer3', components[2]!],
  ] as const) {
    const custodian = await signIn(browser, username);
    await custodian.goto(url);
    await enterComponent(custodian, component, toHex(aesKcvCmac(fromHex(component))));
    if (username === 'officer3')
      await expect(custodian.getByTestId('final-kcv')).toHaveText(toHex(aesKcvCmac(combined)));
  }
});
