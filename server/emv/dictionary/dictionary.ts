/**
 * The EMV data dictionary: lookup by tag (optionally in a family's meaning), names for display, and
 * search by tag or name. Superset of the interim `server/emv/data-dictionary.ts` API.
 */
import { BOOK3_CARDHOLDER_DATA, BOOK3_ROWS, BOOK3_SECRET } from './book3-elements';
import { SCHEME_CARDHOLDER_DATA, SCHEME_ROWS } from './scheme-elements';
import type { DataElement, ElementFamily, ElementRow } from './types';

const BOOK3_SPEC = 'EMV 4.4 Book 3 Annex A';

function toElement(row: ElementRow, family: ElementFamily, spec: string): DataElement {
  const [tag, name, format, length, source, templates] = row;
  const element: DataElement = {
    tag,
    name,
    format,
    length,
    constructed: (parseInt(tag.slice(0, 2), 16) & 0x20) !== 0,
    source,
    templates: templates ? templates.split(' ') : [],
    family,
    spec,
  };
  if (BOOK3_SECRET.has(tag) && family === 'emv') element.secret = true;
  if (BOOK3_CARDHOLDER_DATA.has(tag) || SCHEME_CARDHOLDER_DATA.has(tag)) element.cardholderData = true;
  if (tag === '94' || tag === 'D9') element.lengthMultipleOf = 4;
  return element;
}

const elements: readonly DataElement[] = [
  ...BOOK3_ROWS.map((row) => toElement(row, 'emv', BOOK3_SPEC)),
  ...SCHEME_ROWS.flatMap(({ family, spec, rows }) => rows.map((row) => toElement(row, family, spec))),
];

/** Order in which families answer a lookup that names none: the common meaning first. */
const DEFAULT_ORDER: readonly ElementFamily[] = [
  'emv',
  'contactless',
  'globalplatform',
  'vsdc-style',
  'mchip-style',
  'cpa',
];

const byTag = new Map<string, DataElement[]>();
for (const element of elements) {
  const list = byTag.get(element.tag) ?? [];
  list.push(element);
  byTag.set(element.tag, list);
}
for (const list of byTag.values()) {
  list.sort((a, b) => DEFAULT_ORDER.indexOf(a.family) - DEFAULT_ORDER.indexOf(b.family));
}

/**
 * The element a tag denotes. With a family, that family's meaning wins; EMV Book 3 and contactless
 * meanings apply to every family, so '9F66' is the TTQ unless the family is M/Chip-style.
 */
export function dataElement(tag: string, family?: ElementFamily): DataElement | undefined {
  const candidates = byTag.get(tag.toUpperCase());
  if (!candidates) return undefined;
  if (family) {
    const own = candidates.find((element) => element.family === family);
    if (own) return own;
    return (
      candidates.find((element) => element.family === 'emv' || element.family === 'globalplatform') ??
      candidates.find((element) => element.family === 'contactless')
    );
  }
  return candidates[0];
}

/** Every meaning a tag has across the families, common meaning first. */
export function dataElementMeanings(tag: string): readonly DataElement[] {
  return byTag.get(tag.toUpperCase()) ?? [];
}

export function tagName(tag: string, family?: ElementFamily): string {
  return dataElement(tag, family)?.name ?? `Unknown tag ${tag.toUpperCase()}`;
}

/** "9F08 Application Version Number": how messages and the UI name a tag. */
export function tagLabel(tag: string, family?: ElementFamily): string {
  return `${tag.toUpperCase()} ${tagName(tag, family)}`;
}

export function allDataElements(): readonly DataElement[] {
  return elements;
}

export interface SearchOptions {
  family?: ElementFamily;
  /** At most this many results (default 50). */
  limit?: number;
}

/**
 * Search by tag or name, case-insensitive, substring. Exact tag matches come first, then tags that
 * start with the query, then names that contain it.
 */
export function searchDataElements(query: string, options: SearchOptions = {}): DataElement[] {
  const wanted = query.trim().toUpperCase();
  const pool = options.family
    ? elements.filter((element) => dataElement(element.tag, options.family) === element)
    : elements;
  if (!wanted) return pool.slice(0, options.limit ?? 50);
  const rank = (element: DataElement): number => {
    if (element.tag === wanted) return 0;
    if (element.tag.startsWith(wanted)) return 1;
    if (element.name.toUpperCase().includes(wanted)) return 2;
    return -1;
  };
  return pool
    .map((element) => ({ element, score: rank(element) }))
    .filter((entry) => entry.score >= 0)
    .sort((a, b) => a.score - b.score || a.element.tag.localeCompare(b.element.tag))
    .slice(0, options.limit ?? 50)
    .map((entry) => entry.element);
}
