/**
 * Building blocks of the profile JSON format: hex, tags, DOL entries, and a placed data element with
 * the source of its value. Every schema is strict, so a misspelt key is an error at its JSON path.
 */
import { z } from 'zod';
import { encodeTag } from '../../tlv/ber-tlv';

export const hexBytes = z
  .string()
  .regex(/^([0-9A-F]{2})*$/, 'must be upper-case hexadecimal bytes, e.g. "5C00"');

export function hexOfLength(min: number, max = min) {
  return hexBytes.refine(
    (hex) => hex.length / 2 >= min && hex.length / 2 <= max,
    min === max
      ? `must be ${min} byte${min === 1 ? '' : 's'} of hex`
      : `must be ${min} to ${max} bytes of hex`,
  );
}

export const tag = z
  .string()
  .regex(/^([0-9A-F]{2}){1,3}$/, 'must be a tag in upper-case hex, e.g. "9F08"')
  .refine((value) => {
    try {
      encodeTag(value);
      return true;
    } catch {
      return false;
    }
  }, 'is not a valid BER-TLV tag (EMV Book 3 Annex B1)');

export const threeDigitCode = z.string().regex(/^\d{3}$/, 'must be a 3-digit ISO numeric code, e.g. "978"');

export const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and hyphens, e.g. "credit-dda"');

export const interfaceName = z.enum(['contact', 'contactless']);
export type InterfaceName = z.infer<typeof interfaceName>;

/** One entry of a Data Object List: tag and the length the card asks for (EMV 4.4 Book 3 5.4). */
export const dolEntry = z.strictObject({ tag, length: z.number().int().min(1).max(255) });
export type DolEntry = z.infer<typeof dolEntry>;
export const dol = z.array(dolEntry).max(84);

/** Card template fields an application value may come from, and the tags each may fill. */
export const CARD_FIELDS = {
  'country-code': ['5F28', '9F57', 'C8'],
  'currency-code': ['9F42', '9F51', 'C9', 'DF24'],
  'currency-exponent': ['9F44'],
  'service-code': ['5F30'],
  'effective-date': ['5F25'],
  'expiry-date': ['5F24'],
  'issuer-identification-number': ['42'],
} as const satisfies Record<string, readonly string[]>;
export type CardField = keyof typeof CARD_FIELDS;
export const cardField = z.enum(Object.keys(CARD_FIELDS) as [CardField, ...CardField[]]);

/** Values computed at preparation, per card, and the tag each fills. */
export const GENERATED_ITEMS = {
  'track2-equivalent-data': '57',
  'track1-discretionary-data': '9F1F',
  'issuer-public-key-certificate': '90',
  'issuer-public-key-remainder': '92',
  'issuer-public-key-exponent': '9F32',
  'icc-public-key-certificate': '9F46',
  'icc-public-key-remainder': '9F48',
  'signed-static-application-data': '93',
  'application-transaction-counter': '9F36',
} as const satisfies Record<string, string>;
export type GeneratedItem = keyof typeof GENERATED_ITEMS;
export const generatedItem = z.enum(Object.keys(GENERATED_ITEMS) as [GeneratedItem, ...GeneratedItem[]]);

/**
 * Where a value comes from: a constant typed in the template (readable form: digits for n/cn, text
 * for a/an/ans, hex for b), a structured section of this template (CVM list, IACs, DOLs…), the card
 * template, a column of the cardholder file, or preparation (keys, certificates, CVVs, ATC start).
 */
export const valueSource = z.discriminatedUnion('from', [
  z.strictObject({ from: z.literal('constant'), value: z.string() }),
  z.strictObject({ from: z.literal('template') }),
  z.strictObject({ from: z.literal('card'), field: cardField }),
  /** A column of the cardholder file, or with `input` of an additional input joined to it. */
  z.strictObject({
    from: z.literal('cardholder'),
    input: z.string().min(1).optional(),
    column: z.string().min(1),
  }),
  z.strictObject({ from: z.literal('generated'), item: generatedItem }),
]);
export type ValueSource = z.infer<typeof valueSource>;

export interface PlacedTlv {
  tag: string;
  source?: ValueSource;
  children?: PlacedTlv[];
  note?: string;
}

/** A data element placed by the analyst: a value with its source, or a constructed object's children. */
export const placedTlv: z.ZodType<PlacedTlv> = z.lazy(() =>
  z
    .strictObject({
      tag,
      source: valueSource.optional(),
      children: z.array(placedTlv).optional(),
      note: z.string().max(200).optional(),
    })
    .refine((value) => (value.source === undefined) !== (value.children === undefined), {
      message: 'give either a source or children, not both',
    })
    .refine((value) => value.children === undefined || (parseInt(value.tag.slice(0, 2), 16) & 0x20) !== 0, {
      message: 'only a constructed tag (bit 6 of its first byte set, e.g. 70, A5, BF0C) can have children',
      path: ['children'],
    }),
);
