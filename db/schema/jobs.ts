import {
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { keys } from './keys';
import { cardTemplates } from './templates';
import { users } from './users';

export const jobStatusEnum = pgEnum('job_status', [
  'draft',
  'submitted',
  'approved',
  'running',
  'prepared',
  'released',
  'downloaded',
  'failed',
  'cancelled',
]);

export const rejectionPolicyEnum = pgEnum('rejection_policy', ['all-or-nothing', 'accept-valid']);

export const jobs = pgTable('jobs', {
  id: uuid('id').primaryKey().defaultRandom(),
  reference: text('reference').notNull().unique(),
  cardTemplateId: uuid('card_template_id')
    .notNull()
    .references(() => cardTemplates.id),
  imkKeyId: uuid('imk_key_id')
    .notNull()
    .references(() => keys.id),
  kekKeyId: uuid('kek_key_id')
    .notNull()
    .references(() => keys.id),
  status: jobStatusEnum('status').notNull().default('draft'),
  inputFileName: text('input_file_name').notNull(),
  inputSha256: text('input_sha256').notNull(),
  totalRows: integer('total_rows').notNull(),
  acceptedRows: integer('accepted_rows').notNull(),
  rejectedRows: integer('rejected_rows').notNull(),
  /** all-or-nothing: a file with a rejected row cannot be submitted; accept-valid: needs a reason. */
  rejectionPolicy: rejectionPolicyEnum('rejection_policy').notNull().default('all-or-nothing'),
  acceptValidReason: text('accept_valid_reason'),
  preparedRows: integer('prepared_rows').notNull().default(0),
  /** SHA-256 over what the officers approve; an approval for another hash does not count. */
  approvalSubject: text('approval_subject').notNull(),
  failureReason: text('failure_reason'),
  createdBy: uuid('created_by')
    .notNull()
    .references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Accepted input rows; the PAN is kept only encrypted at rest (AES-256-GCM) beside its masked form. */
export const jobCards = pgTable(
  'job_cards',
  {
    jobId: uuid('job_id')
      .notNull()
      .references(() => jobs.id),
    rowNumber: integer('row_number').notNull(),
    panMasked: text('pan_masked').notNull(),
    cardholderSealed: text('cardholder_sealed').notNull(),
    /**
     * HMAC-SHA256 of "PAN|PSN" under a key derived from the data-at-rest key (hex), to find the same
     * card in another job without a clear PAN. Null for cards imported before it existed.
     */
    panPsnDigest: text('pan_psn_digest'),
  },
  (t) => [
    primaryKey({ columns: [t.jobId, t.rowNumber] }),
    index('job_cards_pan_psn_digest_idx').on(t.panPsnDigest),
  ],
);

export const jobRejections = pgTable(
  'job_rejections',
  {
    jobId: uuid('job_id')
      .notNull()
      .references(() => jobs.id),
    rowNumber: integer('row_number').notNull(),
    field: text('field').notNull(),
    value: text('value').notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.rowNumber, t.field] })],
);

export const jobApprovals = pgTable(
  'job_approvals',
  {
    jobId: uuid('job_id')
      .notNull()
      .references(() => jobs.id),
    officerId: uuid('officer_id')
      .notNull()
      .references(() => users.id),
    approvalSubject: text('approval_subject').notNull(),
    approvedAt: timestamp('approved_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.officerId] })],
);

export interface PreparedSecret {
  name: string;
  cryptogram: string;
  kcv: string;
}

export interface PreparedApplication {
  aid: string;
  kekKeyRef: string;
  kekKcv: string;
  tags: { tag: string; value: string }[];
  secrets: PreparedSecret[];
}

/** One prepared card; (job, row) is the key, so a chunk written twice cannot duplicate a card. */
export const cardRecords = pgTable(
  'card_records',
  {
    jobId: uuid('job_id')
      .notNull()
      .references(() => jobs.id),
    rowNumber: integer('row_number').notNull(),
    panMasked: text('pan_masked').notNull(),
    application: jsonb('application').$type<PreparedApplication>().notNull(),
    cardholderSealed: text('cardholder_sealed').notNull(),
    preparedAt: timestamp('prepared_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.rowNumber] })],
);
