import type { Db } from '../client';
import { findUserByUsername, insertUser, type Role } from '../queries/users';
import {
  findApplicationTemplateByName,
  findCardTemplateByName,
  insertApplicationTemplate,
  insertCardTemplate,
} from '../queries/templates';

export const demoPassword = 'Workbench-demo-2026';

export const demoUsers: { username: string; displayName: string; role: Role }[] = [
  { username: 'analyst', displayName: 'Alice Analyst', role: 'analyst' },
  { username: 'officer1', displayName: 'Oscar Officer', role: 'security_officer' },
  { username: 'officer2', displayName: 'Olivia Officer', role: 'security_officer' },
  { username: 'officer3', displayName: 'Omar Officer', role: 'security_officer' },
  { username: 'bureau', displayName: 'Bruno Bureau', role: 'bureau_operator' },
  { username: 'auditor', displayName: 'Audrey Auditor', role: 'auditor' },
  { username: 'admin', displayName: 'Adam Admin', role: 'admin' },
];

export const demoApplicationTemplate = {
  name: 'Demo credit application (VSDC-style)',
  aid: 'A0000000031010',
  applicationLabel: 'DEMO CREDIT',
  tags: [
    { tag: '82', value: '1C00' },
    { tag: '9F08', value: '0096' },
    { tag: '5F28', value: '0840' },
    { tag: '9F42', value: '0840' },
    { tag: '9F07', value: 'FF00' },
    { tag: '87', value: '01' },
  ],
};

export const demoCardTemplateName = 'Demo credit card';

/**
 * Demo users (one per role) and a demo profile. Idempotent: running it again changes nothing.
 * Returns the names of what it created, for the caller to audit.
 */
export async function seedDemo(
  db: Db,
  hashPassword: (password: string) => Promise<string>,
): Promise<string[]> {
  const created: string[] = [];
  const passwordHash = await hashPassword(demoPassword);
  for (const user of demoUsers) {
    if (await insertUser(db, { ...user, passwordHash })) created.push(`user ${user.username}`);
  }
  const author = await findUserByUsername(db, { username: 'analyst' });
  if (!author) throw new Error('the demo analyst is missing');
  let application = await findApplicationTemplateByName(db, { name: demoApplicationTemplate.name });
  if (!application) {
    application = await insertApplicationTemplate(db, { ...demoApplicationTemplate, createdBy: author.id });
    created.push(`application template ${application.name}`);
  }
  if (!(await findCardTemplateByName(db, { name: demoCardTemplateName }))) {
    await insertCardTemplate(db, {
      name: demoCardTemplateName,
      applicationTemplateId: application.id,
      createdBy: author.id,
    });
    created.push(`card template ${demoCardTemplateName}`);
  }
  return created;
}
