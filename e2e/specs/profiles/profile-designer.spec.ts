import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { callMutation, signIn } from '../../fixtures/users';

const run = Date.now().toString(36).toUpperCase();

interface ProfileJson {
  applications: Array<{ identity: { aid: string }; dols: { cdol1: Array<{ tag: string; length: number }> } }>;
}

async function versionId(page: Page) {
  return (await page.getByTestId('version-number').getAttribute('data-version-id'))!;
}

test('an analyst designs from a demo, fixes what the checks show, submits; another officer approves', async ({
  browser,
}) => {
  const name = `E2E credit ${run}`;
  const analyst = await signIn(browser, 'analyst');
  const editor = analyst.getByLabel('Profile JSON', { exact: true });
  let original = '';

  await test.step('the analyst starts from a demo profile', async () => {
    await analyst.goto('/profiles');
    await analyst
      .getByLabel('Demo profile')
      .selectOption({ label: 'Demo: generic credit card (VSDC-style, DDA)' });
    await analyst.getByLabel('Profile name').fill(name);
    await analyst.getByRole('button', { name: 'Start from a demo profile' }).click();
    await expect(analyst.getByRole('heading', { name, level: 1 })).toBeVisible();
    await expect(analyst.getByTestId('version-number')).toHaveText('Version 1');
    await expect(analyst.getByTestId('version-status')).toHaveText('draft');
    await expect(analyst.getByTestId('check-issue')).toHaveCount(0);
    original = await editor.inputValue();
    expect(JSON.parse(original)).toMatchObject({ format: 'emv-dataprep-profile', name });
  });

  await test.step('a format error is shown at its JSON path and cannot be saved', async () => {
    const doc = JSON.parse(original) as ProfileJson;
    doc.applications[0]!.identity.aid = 'F000';
    await editor.fill(JSON.stringify(doc, null, 2));
    await expect(
      analyst.getByTestId('check-issue').filter({ hasText: '$.applications[0].identity.aid' }),
    ).toContainText('must be 5 to 16 bytes of hex');
    await analyst.getByRole('button', { name: 'Save as new version' }).click();
    await expect(analyst.getByTestId('json-problems')).toContainText(
      '$.applications[0].identity.aid must be 5 to 16 bytes of hex',
    );
  });

  await test.step('a check error is shown inline with the tag name, and blocks the submission', async () => {
    const doc = JSON.parse(original) as ProfileJson;
    const cdol1 = doc.applications[0]!.dols.cdol1;
    doc.applications[0]!.dols.cdol1 = cdol1.filter((entry) => entry.tag !== '9F37');
    await editor.fill(JSON.stringify(doc, null, 2));
    const issue = analyst.getByTestId('check-issue').filter({ hasText: 'cdol1-cvn' });
    await expect(issue).toContainText('9F37 Unpredictable Number');
    await expect(issue).toContainText('$.applications[0].dols.cdol1');
    await expect(issue).toContainText('8C CDOL1 lacks 9F37 Unpredictable Number');
    await expect(
      analyst.getByRole('region', { name: 'Checks: Demo credit (VSDC-style, DDA) (credit-dda)' }),
    ).toContainText('1 error');
    await analyst.getByLabel('What changed (optional)').fill('Shorter CDOL1');
    await analyst.getByRole('button', { name: 'Save as new version' }).click();
    await expect(analyst.getByTestId('version-number')).toHaveText('Version 2');
    await expect(analyst).toHaveURL(/[?&]version=2$/);
    await expect(analyst.getByRole('button', { name: 'Submit for approval' })).toBeDisabled();
    await expect(analyst.getByTestId('submit-blocked')).toHaveText(
      'Fix the 1 error the checks report before submitting.',
    );
    await expect(analyst.getByTestId('check-issue').filter({ hasText: 'cdol1-cvn' })).toContainText(
      'Unpredictable Number',
    );
  });

  await test.step('the analyst fixes it, saves version 3 and submits it', async () => {
    await editor.fill(original);
    await expect(analyst.getByTestId('check-issue')).toHaveCount(0);
    await analyst.getByRole('button', { name: 'Save as new version' }).click();
    await expect(analyst.getByTestId('version-number')).toHaveText('Version 3');
    await analyst.getByRole('button', { name: 'Submit for approval' }).click();
    await expect(analyst.getByTestId('version-status')).toHaveText('submitted');
    await expect(analyst.getByTestId('version-history').getByTestId('version-row')).toHaveCount(3);
  });

  await test.step('the diff names the change by tag name', async () => {
    await analyst.getByRole('tab', { name: 'Diff' }).click();
    await expect(analyst.getByLabel('From version')).toHaveValue('2');
    await expect(analyst.getByLabel('To version')).toHaveValue('3');
    const row = analyst.getByTestId('diff-row');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('added');
    await expect(row).toContainText(
      'Card Risk Management Data Object List 1 (CDOL1) (8C) › Unpredictable Number (9F37)',
    );
  });

  const submittedId = await versionId(analyst);
  await test.step('the author cannot approve', async () => {
    await expect(analyst.getByRole('button', { name: 'Approve version' })).toHaveCount(0);
    const refused = await callMutation(analyst, 'profiles.approve', { versionId: submittedId });
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).toContain('Your role does not allow this action.');
  });

  await test.step('officer1 finds it among the approvals and approves it', async () => {
    const officer1 = await signIn(browser, 'officer1');
    await officer1.goto('/approvals');
    await officer1.getByTestId('profile-row').filter({ hasText: name }).getByRole('link', { name }).click();
    await expect(officer1.getByTestId('version-number')).toHaveText('Version 3');
    await expect(officer1.getByLabel('Profile JSON', { exact: true })).toHaveAttribute('readonly', '');
    await officer1.getByRole('button', { name: 'Approve version' }).click();
    await expect(officer1.getByTestId('version-status')).toHaveText('approved');
    await expect(officer1.getByTestId('version-history')).toContainText('Approved by Oscar Officer');
  });

  await test.step('the approved version cannot be edited', async () => {
    await analyst.reload();
    await expect(analyst.getByTestId('read-only-badge')).toHaveText('Approved · read-only');
    await expect(editor).toHaveAttribute('readonly', '');
    await expect(analyst.getByRole('button', { name: 'Save as new version' })).toHaveCount(0);
    await expect(analyst.getByRole('button', { name: 'Submit for approval' })).toHaveCount(0);
    const resubmit = await callMutation(analyst, 'profiles.submit', { versionId: submittedId });
    expect(resubmit.status).toBe(409);
    expect(JSON.stringify(resubmit.body)).toContain('approved versions are immutable');
    // Editing starts a new version; the approved one stays as it is.
    await analyst.getByRole('button', { name: 'Edit as a new version' }).click();
    await expect(editor).not.toHaveAttribute('readonly', '');
  });

  await test.step('export, preview and the data dictionary', async () => {
    const download = analyst.waitForEvent('download');
    await analyst.getByRole('button', { name: 'Export JSON' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`e2e-credit-${run.toLowerCase()}-v3.json`);
    expect(readFileSync(await file.path(), 'utf8')).toBe(original);

    await analyst.getByRole('tab', { name: 'Preview' }).click();
    const keys = analyst.locator('[data-testid="preview-dgi"][data-dgi="8000"]');
    await expect(keys).toContainText('encrypted (KCV …)');
    await expect(analyst.getByTestId('preview-application').first()).toContainText(
      'READ RECORD Response Message Template',
    );

    await analyst.getByLabel('Search by tag or name').fill('unpredictable');
    await expect(analyst.getByTestId('dictionary-results')).toContainText('9F37 Unpredictable Number');
  });
});
