/** The card template: the applications a card carries and what they share (versioned by the app). */
import { z } from 'zod';
import { slug, tag, threeDigitCode } from './common';

const columnName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, 'must be a column name such as "pan"');

export const COLUMN_ROLES = [
  'pan',
  'pan-sequence-number',
  'cardholder-name',
  'expiry-date',
  'effective-date',
  'pin-block',
  'pvki',
  'other',
] as const;
export const columnRole = z.enum(COLUMN_ROLES);

/** A field of a track's discretionary data (ISO/IEC 7813), left to right. */
export const trackField = z.strictObject({
  field: z.enum(['pvki', 'pvv', 'cvv', 'icvv', 'constant', 'column']),
  length: z.number().int().min(1).max(20),
  /** Digits, for `constant`; for `pvki`, the PVK index the profile fixes (a file column of role "pvki" wins). */
  value: z.string().regex(/^\d+$/).optional(),
  /** Input column, for `column`. */
  column: columnName.optional(),
});
export type TrackField = z.infer<typeof trackField>;

export const embossingLine = z.strictObject({
  name: z.string().min(1).max(40),
  /** Text with placeholders: {pan}, {pan4}, {expiry}, {effective}, {name}, {column:NAME}. */
  template: z.string().min(1).max(60),
  maxLength: z.number().int().min(1).max(40),
});

export const inputLayout = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('csv'),
    delimiter: z.string().length(1),
    header: z.boolean(),
    columns: z.array(z.strictObject({ name: columnName, role: columnRole })).min(1),
  }),
  z.strictObject({
    kind: z.literal('fixed-width'),
    recordLength: z.number().int().min(1).max(4096),
    columns: z
      .array(
        z.strictObject({
          name: columnName,
          role: columnRole,
          start: z.number().int().min(1),
          length: z.number().int().min(1),
        }),
      )
      .min(1),
  }),
]);
export type InputLayout = z.infer<typeof inputLayout>;

/** The name of an additional input: it qualifies its columns in value sources and rejection reports. */
export const inputName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,30}$/, 'must be lower-case letters, digits and hyphens, e.g. "loyalty"')
  .refine((name) => name !== 'cardholder', '"cardholder" names the main input: choose another name');

/**
 * A second file of the job (a loyalty or transit application's data from another system), joined to
 * the cardholder file row by row: its `joinColumn` equals the cardholder file's `joinsTo` column (the
 * PAN column, or e.g. a customer id). Its columns are value sources `{ from: 'cardholder', input, column }`.
 */
export const additionalInput = z.strictObject({
  name: inputName,
  /** What the new-job form asks for, e.g. "Loyalty file (CRM export)". */
  label: z.string().min(1).max(60),
  layout: inputLayout,
  joinColumn: columnName,
  joinsTo: columnName,
});
export type AdditionalInput = z.infer<typeof additionalInput>;

/** Card template values a row may override (an empty cell keeps the template's value). */
export const OVERRIDABLE_CARD_FIELDS = ['service-code', 'expiry-date'] as const;

/**
 * A value one cardholder row may override, and the cardholder file column that carries it: a card
 * template field (service code, expiry) or a data element an application places. Never a key, a PIN or
 * a value generated at preparation; the designer checks what may be overridden.
 */
export const cardOverride = z.strictObject({
  column: columnName,
  target: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('card'), field: z.enum(OVERRIDABLE_CARD_FIELDS) }),
    z.strictObject({ kind: z.literal('element'), application: slug, tag }),
  ]),
});
export type CardOverride = z.infer<typeof cardOverride>;

export const cardTemplate = z.strictObject({
  id: slug,
  name: z.string().min(1).max(80),
  /** Application template ids, in directory order (highest priority first). */
  applications: z.array(slug).min(1).max(8),
  directories: z.strictObject({ pse: z.boolean(), ppse: z.boolean() }),
  constants: z.strictObject({
    binRange: z.strictObject({ low: z.string().regex(/^\d{6,8}$/), high: z.string().regex(/^\d{6,8}$/) }),
    issuerIdentificationNumber: z.string().regex(/^\d{6}$/, 'must be 6 digits (tag 42, n 6)'),
    country: threeDigitCode,
    currency: threeDigitCode,
    serviceCode: z.string().regex(/^\d{3}$/, 'must be 3 digits (ISO/IEC 7813)'),
    panLength: z.number().int().min(12).max(19),
    effectiveDate: z.discriminatedUnion('rule', [
      z.strictObject({ rule: z.literal('preparation-month') }),
      z.strictObject({ rule: z.literal('from-file'), column: columnName }),
    ]),
    expiryDate: z.discriminatedUnion('rule', [
      z.strictObject({ rule: z.literal('months-after-effective'), months: z.number().int().min(1).max(240) }),
      z.strictObject({ rule: z.literal('from-file'), column: columnName }),
    ]),
  }),
  surface: z.strictObject({
    embossing: z.array(embossingLine).max(6),
    track1: z.strictObject({ discretionary: z.array(trackField) }),
    track2: z.strictObject({ discretionary: z.array(trackField) }),
    /** Discretionary data of Track 2 Equivalent Data (tag 57) on the chip; iCVV replaces CVV. */
    chipTrack2: z.strictObject({ discretionary: z.array(trackField) }),
  }),
  input: inputLayout,
  /** Further files of a job, each joined to the cardholder file on a key column. */
  additionalInputs: z.array(additionalInput).max(4).optional(),
  /** Values a cardholder row may override, each from its own column. */
  overrides: z.array(cardOverride).max(16).optional(),
});
export type CardTemplate = z.infer<typeof cardTemplate>;
