/** The card template: the applications a card carries and what they share (versioned by the app). */
import { z } from 'zod';
import { slug, threeDigitCode } from './common';

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
  /** Digits, for `constant`. */
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
});
export type CardTemplate = z.infer<typeof cardTemplate>;
