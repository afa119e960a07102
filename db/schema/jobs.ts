import {
  bigint,
  boolean,
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
import { bureaus } from './bureaus';
import { keys } from './keys';
import { cardProfileVersions } from './profiles';
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
  'validated',
  'purged',
]);

export const rejectionPolicyEnum = pgEnum('rejection_policy', ['all-or-nothing', 'accept-valid']);

export const jobs = pgTable('jobs', {
  id: uuid('id').primaryKey().defaultRandom(),
  reference: text('reference').notNull().unique(),
  /** Jobs made before card profiles named a simple card template and an MK-AC; kept as history, unused. */
  cardTemplateId: uuid('card_template_id').references(() => cardTemplates.id),
  imkKeyId: uuid('imk_key_id').references(() => keys.id),
  /** The approved profile version the cards are prepared from; a job without one cannot run. */
  profileVersionId: uuid('profile_version_id').references(() => cardProfileVersions.id),
  /** The keys and options chosen for the job (JobParameters); part of what the officers approve. */
  parameters: jsonb('parameters').$type<JobParameters>(),
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
  /** The per-job MAC key of the bureau files: its HSM reference and its form under the KEK. */
  outputMacKey: jsonb('output_mac_key').$type<OutputMacKey>(),
  /** The virtual-card validation of the job's sample, once run. */
  validation: jsonb('validation').$type<JobValidationSummary>(),
  /** Why an officer released a job whose sample failed validation (audited). */
  releaseOverrideReason: text('release_override_reason'),
  /** The bureau the files are for; only its operators see the job. Null for jobs made before bureaus. */
  bureauId: uuid('bureau_id').references(() => bureaus.id),
  /** Each bureau file may be downloaded once (until an officer re-opens it); part of what is approved. */
  oneTimeDownload: boolean('one_time_download').notNull().default(false),
  downloadedAt: timestamp('downloaded_at', { withTimezone: true }),
  purgedAt: timestamp('purged_at', { withTimezone: true }),
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
    /** The input the row belongs to: "cardholder" (the main file) or an additional input's name. */
    input: text('input').notNull().default('cardholder'),
    rowNumber: integer('row_number').notNull(),
    field: text('field').notNull(),
    value: text('value').notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.input, t.rowNumber, t.field] })],
);

/** The additional input files of a job (the cardholder file is the job's own input), each approved by its hash. */
export const jobInputs = pgTable(
  'job_inputs',
  {
    jobId: uuid('job_id')
      .notNull()
      .references(() => jobs.id),
    name: text('name').notNull(),
    label: text('label').notNull(),
    fileName: text('file_name').notNull(),
    sha256: text('sha256').notNull(),
    bytes: bigint('bytes', { mode: 'number' }).notNull(),
    totalRows: integer('total_rows').notNull(),
    /** Rows joined to at least one accepted cardholder row. */
    joinedRows: integer('joined_rows').notNull(),
    rejectedRows: integer('rejected_rows').notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.name] })],
);

/**
 * Rows of an additional input while its job's import runs (deleted before the import transaction
 * ends): values sealed, the join key only as a keyed digest, so the cardholder file can be joined
 * batch by batch without holding the additional file in memory.
 */
export const jobInputRows = pgTable(
  'job_input_rows',
  {
    jobId: uuid('job_id')
      .notNull()
      .references(() => jobs.id),
    input: text('input').notNull(),
    rowNumber: integer('row_number').notNull(),
    keyDigest: text('key_digest').notNull(),
    valuesSealed: text('values_sealed').notNull(),
    joined: boolean('joined').notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.jobId, t.input, t.rowNumber] }),
    index('job_input_rows_key_idx').on(t.jobId, t.input, t.keyDigest),
  ],
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

export interface JobParameters {
  kekKeyId: string;
  /** Issuer master key (or CVK) per TR-31 usage the profile's applications name: E0, E1, E2, C0 … */
  masterKeys: Record<string, string>;
  /** Issuer public key certificate per application id, for applications that need one (SDA/DDA/CDA). */
  issuerCertificates: Record<string, string>;
  /** The issuer's PIN key (P0) the file's PIN blocks are under, and their ISO 9564 format. */
  pinKeyId?: string;
  pinBlockFormat?: 0 | 3 | 4;
  /** Cards validated on the virtual card: 1 % with at least 5, or all. */
  validationSample: 'percent' | 'all';
}

export interface OutputMacKey {
  keyId: string;
  cryptogram: string;
  kcv: string;
}

export interface JobValidationSummary {
  sampled: number;
  passed: number;
  failed: number;
  finishedAt: string;
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
    /** What jobs made before card profiles prepared (simple templates); kept as history, unused. */
    application: jsonb('application'),
    cardholderSealed: text('cardholder_sealed').notNull(),
    /** The prepared card (surface and every application's DGIs), sealed under the data-at-rest key. */
    recordSealed: text('record_sealed'),
    /** Problems the post-preparation checks found in this record (no secret, no clear PAN). */
    problems: jsonb('problems').$type<string[]>(),
    preparedAt: timestamp('prepared_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.rowNumber] })],
);

/** One sampled card's run on the virtual card; the report (APDU transcript, steps) is sealed at rest. */
export const cardValidations = pgTable(
  'card_validations',
  {
    jobId: uuid('job_id')
      .notNull()
      .references(() => jobs.id),
    rowNumber: integer('row_number').notNull(),
    panMasked: text('pan_masked').notNull(),
    ok: boolean('ok').notNull(),
    /** The first failed step in words, when one failed. */
    failure: text('failure'),
    reportSealed: text('report_sealed').notNull(),
    validatedAt: timestamp('validated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.rowNumber] })],
);

/** The bureau files of a job, written once at release, sealed at rest in the data directory. */
export const jobOutputFiles = pgTable(
  'job_output_files',
  {
    jobId: uuid('job_id')
      .notNull()
      .references(() => jobs.id),
    kind: text('kind').notNull(),
    fileName: text('file_name').notNull(),
    bytes: bigint('bytes', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Who downloaded the file first (since an officer last re-opened it), and when. */
    takenBy: uuid('taken_by').references(() => users.id),
    takenAt: timestamp('taken_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.kind] })],
);
