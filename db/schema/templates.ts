import { integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

/**
 * The simple application and card templates jobs were made from before card profiles. Retired: the
 * tables stay as history (jobs.card_template_id refers to them) and no code reads or writes them.
 */
export interface TemplateTag {
  tag: string;
  value: string;
}

export const applicationTemplates = pgTable(
  'application_templates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    version: integer('version').notNull().default(1),
    aid: text('aid').notNull(),
    applicationLabel: text('application_label').notNull(),
    tags: jsonb('tags').$type<TemplateTag[]>().notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('application_templates_name_version').on(t.name, t.version)],
);

export const cardTemplates = pgTable(
  'card_templates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    version: integer('version').notNull().default(1),
    applicationTemplateId: uuid('application_template_id')
      .notNull()
      .references(() => applicationTemplates.id),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('card_templates_name_version').on(t.name, t.version)],
);
