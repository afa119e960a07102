import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { callMutation, signIn } from '../../fixtures/users';

const run = Date.now().toString(36).toUpperCase();
const goodPans = ['4761739001010010', '4761739001010028', '4761739001010036'];
const csv = [
  'pan,psn,name,expiry',
  `${goodPans[0]},01,ALICE CARDHOLDER,3012`,
  `${goodPans[1]},00,BOB CARDHOLDER,3106`,
  `${goodPans[2]},01,CAROL CARDHOLDER,2911`,
  '4761739001010011,00,DAVE BADLUHN,3001',
  '4761739001010044,00,ERIN BADDATE,3013',
].join('\n');

async function generateKey(page: Page, label: string, usage: string) {
  await page.goto('/keys');
  await page.getByLabel('Label').fill(label);
  await page.getByLabel('Usage').selectOption(usage);
  await page.getByRole('button', { name: 'Generate in HSM' }).click();
  await expect(page.getByTestId('generated-kcv')).toHaveText(/^[0-9A-F]{6}$/);
  const kcv = await page.getByTestId('generated-kcv').textContent();
  await expect(page.getByTestId('key-row').filter({ hasText: label })).toContainText(kcv!);
  return kcv!;
}

test('the thin path: keys, profile, job, dual approval, preparation, release, download, audit', async ({
  browser,
}) => {
  const officer1 = await signIn(browser, 'officer1');
  const imkLabel = `IMK-AC ${run}`;
  const kekLabel = `KEK bureau ${run}`;
  const kcvs: Record<string, string> = {};
  await test.step('a security officer generates an issuer master key and a transport KEK', async () => {
    kcvs.imk = await generateKey(officer1, imkLabel, 'E0');
    kcvs.kek = await generateKey(officer1, kekLabel, 'K0');
  });

  const analyst = await signIn(browser, 'analyst');
  const appName = `E2E credit ${run}`;
  const cardName = `E2E card ${run}`;
  await test.step('an analyst creates an application template and a card template', async () => {
    await analyst.goto('/profiles');
    await analyst.getByLabel('Name', { exact: true }).first().fill(appName);
    await analyst.getByLabel('AID (tag 4F)').fill('A0000000031');
    await expect(analyst.getByText('AID must be 5 to 16 bytes of hexadecimal (RID + PIX)')).toBeVisible();
    await analyst.getByLabel('AID (tag 4F)').fill('A0000000031010');
    await analyst.getByLabel('Application label (tag 50)').fill('E2E CREDIT');
    await analyst.getByLabel('Tag 1').fill('9F08');
    await analyst.getByLabel('Value 1').fill('0002');
    await expect(analyst.getByText('Application Version Number', { exact: true })).toBeVisible();
    await analyst.getByRole('button', { name: 'Create application template' }).click();
    await expect(analyst.getByTestId('application-template-row').filter({ hasText: appName })).toBeVisible();
    await analyst.locator('#card-name').fill(cardName);
    await analyst
      .getByLabel('Application template')
      .selectOption({ label: `${appName} v1 (A0000000031010)` });
    await analyst.getByRole('button', { name: 'Create card template' }).click();
    await expect(analyst.getByTestId('card-template-row').filter({ hasText: cardName })).toBeVisible();
  });

  let jobUrl = '';
  await test.step('the analyst uploads cardholders; bad rows are listed with row, field and reason', async () => {
    await analyst.goto('/jobs/new');
    await analyst.getByLabel('Card template').selectOption({ label: `${cardName} v1 — ${appName}` });
    await analyst
      .getByLabel('Issuer master key (MK-AC, usage E0)')
      .selectOption({ label: `${imkLabel} (KCV ${kcvs.imk})` });
    await analyst
      .getByLabel('Transport KEK (usage K0)')
      .selectOption({ label: `${kekLabel} (KCV ${kcvs.kek})` });
    await analyst
      .getByLabel('Cardholder file (CSV)')
      .setInputFiles({ name: 'cardholders.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await analyst.getByLabel('Accept the valid rows').check();
    await analyst
      .getByRole('textbox', { name: 'Reason' })
      .fill('Two rows go back to the issuer for correction');
    await analyst.getByRole('button', { name: 'Validate file and create job' }).click();
    await expect(analyst.getByRole('heading', { name: /^JOB-/ })).toBeVisible();
    jobUrl = analyst.url();
    const rejections = analyst.getByTestId('rejections');
    await expect(rejections.getByRole('row').filter({ hasText: 'PAN fails the Luhn check' })).toContainText(
      '5',
    );
    await expect(rejections.getByRole('row').filter({ hasText: 'PAN fails the Luhn check' })).toContainText(
      '476173******0011',
    );
    await expect(rejections.getByRole('row').filter({ hasText: 'Expiry must be YYMM' })).toContainText('6');
    await expect(rejections).not.toContainText('4761739001010011');
    await analyst.getByRole('button', { name: 'Submit for approval' }).click();
    await expect(analyst.getByTestId('job-life-cycle').locator('[aria-current="step"]')).toHaveText(
      'submitted',
    );
  });

  const jobId = jobUrl.split('/').pop()!;
  await test.step('the maker cannot approve', async () => {
    const refused = await callMutation(analyst, 'jobs.approve', { jobId });
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).toContain('Your role does not allow this action.');
  });

  const officer2 = await signIn(browser, 'officer2');
  await test.step('two different officers approve; one officer cannot approve twice', async () => {
    await officer1.goto(jobUrl);
    await officer1.getByRole('button', { name: 'Approve job' }).click();
    await expect(officer1.getByTestId('approvals')).toContainText('Oscar Officer');
    await officer1.getByRole('button', { name: 'Approve job' }).click();
    await expect(
      officer1.getByRole('alert').filter({ hasText: 'You have already approved this job' }),
    ).toBeVisible();
    await officer2.goto(jobUrl);
    await officer2.getByRole('button', { name: 'Approve job' }).click();
    await expect(officer2.getByTestId('job-life-cycle').locator('[aria-current="step"]')).toHaveText(
      'prepared',
      { timeout: 60_000 },
    );
    await expect(officer2.getByTestId('prepared-count')).toHaveText('3 / 3');
  });

  await test.step('records show masked PANs and secrets only as encrypted under the KEK', async () => {
    const records = officer2.getByTestId('record');
    await expect(records).toHaveCount(3);
    await expect(records.first()).toContainText('476173******0010');
    await expect(officer2.getByTestId('record-secret').first()).toContainText(
      `MK-AC: encrypted under KEK ${kekLabel} (KCV`,
    );
    const page = await officer2.content();
    for (const pan of goodPans) expect(page).not.toContain(pan);
    await officer2.getByRole('button', { name: 'Release to bureau' }).click();
    await expect(officer2.getByTestId('job-life-cycle').locator('[aria-current="step"]')).toHaveText(
      'released',
    );
  });

  const reference = (await officer2.getByRole('heading', { name: /^JOB-/ }).textContent())!;
  const bureau = await signIn(browser, 'bureau');
  await test.step('the bureau operator downloads the output file', async () => {
    await bureau.goto('/exports');
    const row = bureau.getByTestId('export-row').filter({ hasText: reference });
    const downloadPromise = bureau.waitForEvent('download');
    await row.getByRole('link', { name: /Download/ }).click();
    const download = await downloadPromise;
    const lines = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ type: 'header', format: 'dataprep-jsonl', job: reference, records: 3 });
    expect(lines.at(-1)).toEqual({ type: 'trailer', records: 3 });
    const cards = lines.slice(1, -1);
    expect(cards.map((c) => c.embossing.pan)).toEqual(goodPans);
    for (const card of cards) {
      expect(card.chip.secrets[0]).toMatchObject({
        name: 'MK-AC',
        cryptogram: expect.stringMatching(/^[0-9A-F]{32}$/),
      });
      expect(card.chip.kek.kcv).toMatch(/^[0-9A-F]{6}$/);
    }
  });

  const auditor = await signIn(browser, 'auditor');
  await test.step('the auditor sees every step in order, with who and when, and the chain is intact', async () => {
    await auditor.goto('/audit');
    const expectInOrder = async (category: string, expected: string[]) => {
      await auditor.getByLabel('Category').selectOption(category);
      await expect(auditor.getByTestId('audit-row').first()).toContainText(category);
      const rows = await auditor.getByTestId('audit-row').allTextContents();
      let cursor = -1;
      for (const action of expected) {
        const next = rows.findIndex(
          (row, index) =>
            index > cursor && row.includes(action) && (row.includes(reference) || !action.startsWith('job.')),
        );
        expect(next, `${action} after row ${cursor}`).toBeGreaterThan(cursor);
        cursor = next;
      }
    };
    await expectInOrder('management', [
      'key.generate',
      'key.generate',
      'application-template.create',
      'card-template.create',
    ]);
    await expectInOrder('personalization', [
      'job.create',
      'job.submit',
      'job.approve',
      'job.approve',
      'job.approved',
      'job.run',
      'job.prepared',
      'job.release',
      'job.download',
    ]);
    const approvals = auditor
      .getByTestId('audit-row')
      .filter({ has: auditor.getByTestId('audit-action').getByText('job.approve', { exact: true }) });
    await expect(approvals.filter({ hasText: 'Oscar Officer' })).toHaveCount(1);
    await expect(approvals.filter({ hasText: 'Olivia Officer' })).toHaveCount(1);
    await auditor.getByRole('button', { name: 'Verify chain' }).click();
    await expect(auditor.getByTestId('chain-result')).toContainText('Intact');
  });
});
