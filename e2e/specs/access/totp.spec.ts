import { expect, test, type Page } from '@playwright/test';
import { currentStep, markCodeUsed, rememberAuthenticator, totpCode } from '../../fixtures/totp';
import { callMutation, enterPassword, passSecondFactor, signIn } from '../../fixtures/users';

const wrongCode = 'That code is not right. Enter the 6-digit code your authenticator app shows now.';
const usedCode = 'That code was already used. Wait for the next code in your authenticator app.';
const codeOwed =
  'Enter the code from your authenticator app to finish signing in before doing anything else.';

/** Six digits that are none of the codes the server accepts right now. */
function codeThatIsWrong(secret: string): string {
  const accepted = [-1, 0, 1].map((d) => totpCode(secret, currentStep() + d));
  return ['000000', '111111', '222222'].find((code) => !accepted.includes(code))!;
}

async function submitCode(page: Page, code: string, button: 'Confirm and sign in' | 'Verify') {
  await page.getByLabel('Authentication code').fill(code);
  await page.getByRole('button', { name: button }).click();
}

// The tests build on each other with officer3: the first ends with an administrator's reset, so the
// enrollment test starts from an officer with no app set up, whichever specs signed officer3 in before.
test.describe.configure({ mode: 'serial' });

test('an administrator resets an officer’s authenticator from the users page (positive control for re-enrollment)', async ({
  browser,
}) => {
  const admin = await signIn(browser, 'admin');
  await admin.goto('/users');
  await expect(admin.getByRole('heading', { name: 'Users' })).toBeVisible();
  const row = admin.getByRole('row').filter({ hasText: 'officer3' });
  const officer = await signIn(browser, 'officer3');
  await admin.reload();
  await expect(row.getByText('authenticator set up')).toBeVisible();
  await expect(admin.getByRole('row').filter({ hasText: 'analyst' })).toContainText('password only');
  // An administrator cannot reset their own app.
  await expect(admin.getByRole('button', { name: 'Reset the authenticator of admin' })).toHaveCount(0);

  await row.getByRole('button', { name: 'Reset the authenticator of officer3' }).click();
  await row.getByRole('button', { name: 'Reset', exact: true }).click();
  await expect(row.getByText('set up at next sign-in')).toBeVisible();
  // The officer's open session ended with the reset.
  await officer.goto('/keys');
  await expect(officer).toHaveURL(/\/login$/);
});

test('an officer enrolls at first sign-in, then needs a code; wrong and replayed codes are refused', async ({
  page,
}) => {
  await enterPassword(page, 'officer3');
  await expect(page).toHaveURL(/\/login\/second-factor$/);
  await expect(page.getByRole('heading', { name: 'Set up your authenticator app' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'QR code to scan with your authenticator app' })).toBeVisible();
  const shown = (await page.getByTestId('totp-secret').textContent())!;
  expect(shown).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
  const secret = shown.replace(/\s/g, '');

  await submitCode(page, codeThatIsWrong(secret), 'Confirm and sign in');
  await expect(page.getByRole('alert').filter({ hasText: 'not right' })).toHaveText(wrongCode);
  await expect(page).toHaveURL(/\/login\/second-factor$/);

  const enrolledStep = currentStep();
  const enrolledCode = totpCode(secret, enrolledStep);
  await submitCode(page, enrolledCode, 'Confirm and sign in');
  await expect(page.getByTestId('current-user')).toHaveText('Omar Officer');
  rememberAuthenticator('officer3', secret, enrolledStep);
  // The secret never goes back to the browser after enrollment.
  const again = await callMutation(page, 'auth.totp.startEnrollment', undefined);
  expect(again.status).toBe(401);
  expect(JSON.stringify(again.body)).not.toContain(secret);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await enterPassword(page, 'officer3');
  await expect(page.getByRole('heading', { name: 'Enter your authentication code' })).toBeVisible();
  await expect(page.getByTestId('totp-secret')).toHaveCount(0);
  await expect(page.getByTestId('totp-qr')).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);

  await submitCode(page, enrolledCode, 'Verify');
  await expect(page.getByRole('alert').filter({ hasText: 'already used' })).toHaveText(usedCode);
  await submitCode(page, codeThatIsWrong(secret), 'Verify');
  await expect(page.getByRole('alert').filter({ hasText: 'not right' })).toHaveText(wrongCode);

  const nextStep = enrolledStep + 1;
  await submitCode(page, totpCode(secret, nextStep), 'Verify');
  await expect(page.getByTestId('current-user')).toHaveText('Omar Officer');
  markCodeUsed('officer3', nextStep);
});

test('a half signed-in officer can call no job or key procedure and every page sends them to the code', async ({
  page,
}) => {
  await enterPassword(page, 'officer3');
  await expect(page).toHaveURL(/\/login\/second-factor$/);
  for (const [procedure, input] of [
    ['keys.generate', { label: 'half signed-in key', usage: 'E0', algorithm: 'TDES2' }],
    ['jobs.approve', { jobId: '00000000-0000-4000-8000-000000000000' }],
  ] as const) {
    const refused = await callMutation(page, procedure, input);
    expect([procedure, refused.status, refused.body.error.json.message]).toEqual([procedure, 401, codeOwed]);
  }
  for (const path of ['/', '/keys', '/approvals', '/jobs']) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/login\/second-factor$/);
  }
  // The same session, once the code is given, opens the officer's pages (positive control).
  await passSecondFactor(page, 'officer3');
  await page.goto('/keys');
  await expect(page.getByRole('heading', { name: 'Keys' })).toBeVisible();
});

test('an analyst never sees the second-factor page', async ({ browser }) => {
  const analyst = await signIn(browser, 'analyst');
  await expect(analyst).toHaveURL(/\/$/);
  await analyst.goto('/login/second-factor');
  await expect(analyst).toHaveURL(/\/$/);
  await expect(analyst.getByTestId('current-user')).toHaveText('Alice Analyst');
  const notOwed = await callMutation(analyst, 'auth.totp.verify', { code: '123456' });
  expect(notOwed.status).toBe(401);
  await expect(analyst.getByTestId('current-user')).toHaveText('Alice Analyst');
});
