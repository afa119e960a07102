import { expect, test, type Page } from '@playwright/test';
import { callMutation, signIn } from '../../fixtures/users';

const passwordOwed = 'Choose your own password to finish signing in before doing anything else.';
const sessionEnded = 'Your session has ended. Please log in again.';
const cannotDisableSelf = 'You cannot disable your own account: ask another administrator.';
/** The user's own password, chosen at the first sign-in (each run starts from a fresh database). */
const ownPassword = 'Carla-chose-this-2026!';

async function enterCredentials(page: Page, username: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test.describe.configure({ mode: 'serial' });

test('an administrator creates a bureau operator who must choose a password, then is disabled', async ({
  browser,
}) => {
  const admin = await signIn(browser, 'admin');
  await admin.goto('/users');
  await expect(admin.getByRole('heading', { name: 'New user' })).toBeVisible();

  // A bureau operator needs a bureau: the form offers one only for that role, from the active bureaus.
  await admin.getByLabel('User name', { exact: true }).fill('Carla.Ops');
  await admin.getByLabel('Name', { exact: true }).fill('Carla Operator');
  await expect(admin.getByLabel('Bureau', { exact: true })).toHaveCount(0);
  await admin.getByLabel('Role').selectOption({ label: 'Bureau operator' });
  const create = admin.getByRole('button', { name: 'Create user' });
  await expect(create).toBeDisabled();
  const acme = await admin
    .getByLabel('Bureau', { exact: true })
    .locator('option', { hasText: 'ACME' })
    .getAttribute('value');
  await admin.getByLabel('Bureau', { exact: true }).selectOption(acme!);
  await create.click();

  // The temporary password is shown once: not after the administrator dismisses it, nor after a reload.
  const shown = admin.getByTestId('temporary-password');
  await expect(shown).toHaveText(/^([A-HJKMNP-Z2-9]{5}-){3}[A-HJKMNP-Z2-9]{5}$/);
  const temporaryPassword = (await shown.textContent())!;
  await admin.getByRole('button', { name: 'I have handed it over' }).click();
  await expect(shown).toHaveCount(0);
  await admin.reload();
  const row = admin.getByRole('row').filter({ hasText: 'carla.ops' });
  await expect(row.getByTestId('user-status')).toContainText('temporary password');
  await expect(row.getByLabel('Bureau of carla.ops')).toHaveValue(acme!);
  expect(await admin.content()).not.toContain(temporaryPassword);

  // The same user name in another case is taken.
  await admin.getByLabel('User name', { exact: true }).fill('CARLA.OPS');
  await admin.getByLabel('Name', { exact: true }).fill('Someone Else');
  await admin.getByLabel('Role').selectOption({ label: 'Issuer analyst' });
  await admin.getByRole('button', { name: 'Create user' }).click();
  await expect(admin.getByRole('main').getByRole('alert')).toHaveText(
    'The user name carla.ops is taken (user names do not differ by case alone): choose another.',
  );

  // The new user signs in (the user name is not case-sensitive) and must choose a password first.
  const carla = await (await browser.newContext()).newPage();
  await enterCredentials(carla, 'CARLA.OPS', temporaryPassword);
  await expect(carla).toHaveURL(/\/login\/new-password$/);
  const refused = await callMutation(carla, 'exports.list', undefined);
  expect([refused.status, refused.body.error.json.message]).toEqual([401, passwordOwed]);
  await carla.goto('/exports');
  await expect(carla).toHaveURL(/\/login\/new-password$/);

  // The temporary password cannot be kept, and the two entries must match.
  await carla.getByLabel('New password', { exact: true }).fill(temporaryPassword);
  await carla.getByLabel('New password again').fill(temporaryPassword);
  await carla.getByRole('button', { name: 'Set password and continue' }).click();
  await expect(carla.getByRole('main').getByRole('alert')).toHaveText(
    'Choose a password of your own, not the temporary one you were given.',
  );
  await carla.getByLabel('New password', { exact: true }).fill(ownPassword);
  await carla.getByLabel('New password again').fill(`${ownPassword}x`);
  await carla.getByRole('button', { name: 'Set password and continue' }).click();
  await expect(carla.getByRole('main').getByRole('alert')).toHaveText('The two passwords are not the same.');
  await carla.getByLabel('New password again').fill(ownPassword);
  await carla.getByRole('button', { name: 'Set password and continue' }).click();
  await expect(carla.getByTestId('current-user')).toHaveText('Carla Operator');
  await carla.goto('/exports');
  await expect(carla.getByRole('heading', { name: 'Output files' })).toBeVisible();

  // The administrator cannot disable their own account: no button, and the API refuses it.
  await admin.reload();
  await expect(admin.getByRole('button', { name: 'Disable admin' })).toHaveCount(0);
  const me = await callMutation(admin, 'auth.me', undefined);
  const self = await callMutation(admin, 'users.disable', { userId: me.body.result.data.json.id });
  expect([self.status, self.body.error.json.message]).toEqual([403, cannotDisableSelf]);

  // Disabled: the open session is refused at its next request, and the password no longer signs in.
  await row.getByRole('button', { name: 'Disable carla.ops' }).click();
  await row.getByRole('button', { name: 'Disable', exact: true }).click();
  await expect(row.getByTestId('user-status')).toContainText('disabled');
  const afterDisable = await callMutation(carla, 'exports.list', undefined);
  expect([afterDisable.status, afterDisable.body.error.json.message]).toEqual([401, sessionEnded]);
  await carla.goto('/exports');
  await expect(carla).toHaveURL(/\/login$/);
  await enterCredentials(carla, 'carla.ops', ownPassword);
  await expect(carla.getByRole('main').getByRole('alert')).toHaveText(
    'This account is disabled. Ask an administrator to enable it again if you still need it.',
  );

  // Enabled again, the user's own password works (positive control for the refusal above).
  await row.getByRole('button', { name: 'Enable carla.ops' }).click();
  await expect(row.getByTestId('user-status')).toContainText('active');
  await enterCredentials(carla, 'carla.ops', ownPassword);
  await expect(carla.getByTestId('current-user')).toHaveText('Carla Operator');
});

test('an administrator unlocks a locked-out account and resets its password', async ({ browser }) => {
  const admin = await signIn(browser, 'admin');
  const carla = await (await browser.newContext()).newPage();
  await enterCredentials(carla, 'carla.ops', ownPassword);
  await expect(carla.getByTestId('current-user')).toHaveText('Carla Operator');
  for (let i = 0; i < 5; i++) {
    await callMutation(carla, 'auth.login', { username: 'carla.ops', password: 'not-her-password' });
  }
  await admin.goto('/users');
  const row = admin.getByRole('row').filter({ hasText: 'carla.ops' });
  await expect(row.getByTestId('user-status')).toContainText('locked');
  await row.getByRole('button', { name: 'Unlock carla.ops' }).click();
  await expect(row.getByTestId('user-status')).toHaveText('active');

  await row.getByRole('button', { name: 'Reset the password of carla.ops' }).click();
  await row.getByRole('button', { name: 'Reset password', exact: true }).click();
  const shown = row.getByTestId('temporary-password');
  await expect(shown).toHaveText(/^([A-HJKMNP-Z2-9]{5}-){3}[A-HJKMNP-Z2-9]{5}$/);
  const temporaryPassword = (await shown.textContent())!;
  // Her open session ended with the reset; her own password no longer works, the new temporary one does.
  const ended = await callMutation(carla, 'exports.list', undefined);
  expect([ended.status, ended.body.error.json.message]).toEqual([401, sessionEnded]);
  await enterCredentials(carla, 'carla.ops', ownPassword);
  await expect(carla.getByRole('main').getByRole('alert')).toHaveText('Unknown user name or wrong password.');
  await enterCredentials(carla, 'carla.ops', temporaryPassword);
  await expect(carla).toHaveURL(/\/login\/new-password$/);
  await admin.getByRole('button', { name: 'I have handed it over' }).click();
  await admin.reload();
  await expect(row.getByTestId('user-status')).toContainText('temporary password');
  expect(await admin.content()).not.toContain(temporaryPassword);
});
