import { expect, test } from '@playwright/test';
import { callMutation, signIn } from '../../fixtures/users';

test('an analyst sees the designer (positive control) and a bureau operator does not', async ({
  browser,
}) => {
  const analyst = await signIn(browser, 'analyst');
  await analyst.goto('/profiles');
  await expect(analyst.getByRole('heading', { name: 'Card profiles' })).toBeVisible();
  await expect(analyst.getByRole('navigation', { name: 'Main' }).getByRole('link')).toHaveText([
    'Overview',
    'Profiles',
    'Jobs',
    'Keys',
    'Calculator',
  ]);

  const bureau = await signIn(browser, 'bureau');
  await expect(bureau.getByRole('navigation', { name: 'Main' }).getByRole('link')).toHaveText([
    'Overview',
    'Exports',
  ]);
  await bureau.goto('/profiles');
  await expect(bureau.getByRole('heading', { name: 'Not available for your role' })).toBeVisible();
  await expect(bureau.getByText('Card profiles')).toHaveCount(0);
  const refused = await callMutation(bureau, 'profiles.createFromDemo', {
    demo: 'generic-credit-vsdc-style-dda.json',
    name: 'Bureau attempt',
  });
  expect(refused.status).toBe(403);
});

test('the API refuses anonymous callers, other origins and non-JSON requests', async ({
  page,
  request,
  baseURL,
}) => {
  await page.goto('/login');
  const anonymous = await callMutation(page, 'keys.generate', {
    label: 'anon key',
    usage: 'E0',
    algorithm: 'TDES2',
  });
  expect(anonymous.status).toBe(401);
  const crossSite = await request.post('/api/trpc/auth.login', {
    headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
    data: { json: { username: 'analyst', password: 'x' } },
  });
  expect(crossSite.status()).toBe(403);
  const form = await request.post('/api/trpc/auth.login', {
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseURL! },
    data: 'username=analyst',
  });
  expect(form.status()).toBe(415);
});

test('the session cookie is httpOnly and SameSite=Strict, and a wrong password is refused', async ({
  page,
  context,
}) => {
  await page.goto('/login');
  await page.getByLabel('User name').fill('analyst');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Unknown' })).toHaveText(
    'Unknown user name or wrong password.',
  );
  await page.getByLabel('Password').fill('Workbench-demo-2026');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toHaveText('Alice Analyst');
  const [cookie] = (await context.cookies()).filter((c) => c.name === 'dataprep_session');
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
});
