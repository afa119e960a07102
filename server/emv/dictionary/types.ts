/**
 * Shapes of the EMV data dictionary. A superset of the interim `server/emv/data-dictionary.ts`
 * (tag, name, format, length, secret) so that module can be replaced by this one without changes at
 * its call sites.
 */

/**
 * Data element formats of EMV 4.4 Book 3 section 4.3: a (alphabetic), an (alphanumeric), ans
 * (alphanumeric and special), b (binary), cn (compressed numeric, right-padded with 'F'), n (numeric
 * BCD, right-justified with leading zeroes).
 */
export type DataFormat = 'a' | 'an' | 'ans' | 'b' | 'cn' | 'n';

/** Where the value lives (Book 3 Annex A "Source" column). */
export type ElementSource = 'card' | 'terminal' | 'issuer';

/**
 * Which body of specification a meaning comes from. Tags from '9F50' up and the context-specific
 * tags ('C1'…'DF7F') mean different things in different applications, so a lookup may name a family.
 */
export type ElementFamily =
  | 'emv' // EMV 4.4 Book 3 Annex A and Book 4 (terminal)
  | 'contactless' // EMV Contactless Books A, B, C-2 and C-3
  | 'vsdc-style' // Visa VIS / VSDC-style applications
  | 'mchip-style' // Mastercard M/Chip-style applications
  | 'cpa' // EMV Common Payment Application
  | 'globalplatform'; // GlobalPlatform Card Specification

export interface DataElement {
  /** Upper-case hex, e.g. "9F08". */
  tag: string;
  name: string;
  format: DataFormat;
  /** Length in bytes: a fixed value or an inclusive range. */
  length: number | readonly [number, number];
  /** True when the value must never be shown to a person (keys, PIN data). */
  secret?: boolean;
  /** Cardholder data under PCI DSS: shown masked (PAN) or only to roles that need it. */
  cardholderData?: boolean;
  /** Bit 6 of the first tag byte: the value is itself a TLV list (Book 3 Annex B1). */
  constructed: boolean;
  source: ElementSource;
  /** Templates the element may appear in, e.g. ["70", "77"]. */
  templates: readonly string[];
  family: ElementFamily;
  /** Where the definition was taken from, e.g. "EMV 4.4 Book 3 Annex A". */
  spec: string;
  /** Extra constraint on the length, e.g. the AFL is a multiple of 4 bytes. */
  lengthMultipleOf?: number;
}

/** Compact row used to write the tables: [tag, name, format, length, source, templates]. */
export type ElementRow = readonly [
  tag: string,
  name: string,
  format: DataFormat,
  length: number | readonly [number, number],
  source: ElementSource,
  templates?: string,
];
