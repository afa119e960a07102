import { desc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { applicationTemplates, cardTemplates, users } from '../schema';

export type ApplicationTemplateRow = typeof applicationTemplates.$inferSelect;

export async function insertApplicationTemplate(db: Db, params: typeof applicationTemplates.$inferInsert) {
  const [row] = await db.insert(applicationTemplates).values(params).returning();
  return row!;
}

export async function listApplicationTemplates(db: Db) {
  return db
    .select({
      id: applicationTemplates.id,
      name: applicationTemplates.name,
      version: applicationTemplates.version,
      aid: applicationTemplates.aid,
      applicationLabel: applicationTemplates.applicationLabel,
      tags: applicationTemplates.tags,
      createdAt: applicationTemplates.createdAt,
      createdByName: users.displayName,
    })
    .from(applicationTemplates)
    .innerJoin(users, eq(users.id, applicationTemplates.createdBy))
    .orderBy(desc(applicationTemplates.createdAt));
}

export async function findApplicationTemplate(db: Db, params: { id: string }) {
  const [row] = await db
    .select()
    .from(applicationTemplates)
    .where(eq(applicationTemplates.id, params.id))
    .limit(1);
  return row ?? null;
}

export async function findApplicationTemplateByName(db: Db, params: { name: string }) {
  const [row] = await db
    .select()
    .from(applicationTemplates)
    .where(eq(applicationTemplates.name, params.name))
    .limit(1);
  return row ?? null;
}

export async function insertCardTemplate(db: Db, params: typeof cardTemplates.$inferInsert) {
  const [row] = await db.insert(cardTemplates).values(params).returning();
  return row!;
}

export async function listCardTemplates(db: Db) {
  return db
    .select({
      id: cardTemplates.id,
      name: cardTemplates.name,
      version: cardTemplates.version,
      applicationTemplateId: cardTemplates.applicationTemplateId,
      applicationTemplateName: applicationTemplates.name,
      aid: applicationTemplates.aid,
      createdAt: cardTemplates.createdAt,
      createdByName: users.displayName,
    })
    .from(cardTemplates)
    .innerJoin(applicationTemplates, eq(applicationTemplates.id, cardTemplates.applicationTemplateId))
    .innerJoin(users, eq(users.id, cardTemplates.createdBy))
    .orderBy(desc(cardTemplates.createdAt));
}

export async function findCardTemplateWithApplication(db: Db, params: { id: string }) {
  const [row] = await db
    .select({ card: cardTemplates, application: applicationTemplates })
    .from(cardTemplates)
    .innerJoin(applicationTemplates, eq(applicationTemplates.id, cardTemplates.applicationTemplateId))
    .where(eq(cardTemplates.id, params.id))
    .limit(1);
  return row ?? null;
}

export async function findCardTemplateByName(db: Db, params: { name: string }) {
  const [row] = await db.select().from(cardTemplates).where(eq(cardTemplates.name, params.name)).limit(1);
  return row ?? null;
}
