import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { signIn } from '../../fixtures/users';

/** A real ZIP archive (PKWARE APPNOTE 4.3: one stored entry, its central directory, its end record). */
function zipOf(name: string, content: Buffer): Buffer {
  const fileName = Buffer.from(name);
  const crc = crc32(content);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(content.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(content.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(fileName.length, 28);
  const entry = Buffer.concat([local, fileName, content]);
  const directory = Buffer.concat([central, fileName]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(entry.length, 16);
  return Buffer.concat([entry, directory, end]);
}

const csv = Buffer.from(
  [
    'pan,psn,name,expiry',
    '4761739001010010,00,ALICE CARDHOLDER,3012',
    '4761739001010028,00,BOB CARDHOLDER,3012',
  ].join('\n'),
);

async function chooseFile(page: Page, name: string, mimeType: string, buffer: Buffer) {
  await page.goto('/jobs/new');
  await page.getByLabel('Cardholder file').setInputFiles({ name, mimeType, buffer });
}

test('an uploaded CSV shows its size and SHA-256; a ZIP archive is refused with what to do', async ({
  browser,
}) => {
  const analyst = await signIn(browser, 'analyst');

  await test.step('a CSV file is uploaded and described (positive control)', async () => {
    await chooseFile(analyst, 'cardholders.csv', 'text/csv', csv);
    const uploaded = analyst.getByTestId('uploaded-file');
    await expect(uploaded).toContainText(`cardholders.csv · ${csv.length} bytes`);
    await expect(analyst.getByTestId('uploaded-sha256')).toHaveText(
      createHash('sha256').update(csv).digest('hex'),
    );
    await expect(analyst.getByLabel('Encoding')).toHaveValue('utf-8');
  });

  await test.step('the ZIP with that CSV inside is refused and cannot be used for a job', async () => {
    await chooseFile(analyst, 'cardholders.zip', 'application/zip', zipOf('cardholders.csv', csv));
    const message = 'This is a ZIP archive: upload the CSV inside it, not the archive.';
    await expect(analyst.getByRole('alert').filter({ hasText: 'ZIP' })).toHaveText(message);
    await expect(analyst.getByTestId('uploaded-file')).toHaveCount(0);
    await expect(analyst.getByRole('button', { name: 'Validate file and create job' })).toBeDisabled();
  });
});

test('only an analyst may upload cardholder files, and only from this site', async ({ browser }) => {
  const post = (page: Page, headers: Record<string, string>) =>
    page.evaluate(
      async ([extra, body]) => {
        const response = await fetch('/api/uploads', {
          method: 'POST',
          headers: { 'content-type': 'text/csv', ...extra },
          body,
        });
        return { status: response.status, body: await response.json() };
      },
      [headers, csv.toString('utf8')] as const,
    );
  const analyst = await signIn(browser, 'analyst');
  await analyst.goto('/jobs/new');
  const accepted = await post(analyst, { 'x-file-name': 'api.csv' });
  expect(accepted.status).toBe(200);
  expect(accepted.body).toMatchObject({
    fileName: 'api.csv',
    bytes: csv.length,
    sha256: createHash('sha256').update(csv).digest('hex'),
  });

  const bureau = await signIn(browser, 'bureau');
  await bureau.goto('/');
  const refused = await post(bureau, {});
  expect(refused).toEqual({
    status: 403,
    body: { error: { message: 'Only an issuer analyst can upload cardholder files.' } },
  });
  const wrongType = await post(analyst, { 'content-type': 'application/x-www-form-urlencoded' });
  expect(wrongType).toEqual({
    status: 415,
    body: { error: { message: 'Uploads accept only text/csv or application/octet-stream.' } },
  });
});
