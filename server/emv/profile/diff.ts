/**
 * diffProfiles(a, b): what changed between two versions of a profile, named the way an analyst reads
 * it: by tag name ("record 1 of SFI 2 › Service Code (5F30)"), bit name ("Issuer Action Code - Denial
 * (9F0E): added Expired application") and DGI, not by raw hex or array index. Lists keyed by tag,
 * record, DGI or application id are matched by key, so reordering them is not a change; order is
 * reported where it matters (the DGI send order, the CVM rules, the card's applications).
 */
import { tagName } from '../dictionary';
import type { ElementFamily } from '../dictionary/types';
import { AIP_BITS, AUC_BITS, TVR_BITS, bitName, type BitDefinition } from './bits';
import type { ValueSource } from './schema/common';
import type { ProfileDocument } from './schema/document';
import { describeSource } from './values';

export interface ProfileChange {
  kind: 'added' | 'removed' | 'changed';
  /** Readable location, e.g. "Demo credit (credit-dda) › record 2 of SFI 2 › Service Code (5F30)". */
  where: string;
  before?: string;
  after?: string;
  message: string;
}

interface Entry {
  where: string;
  value: string;
  /** A whole list item (record, DGI, DOL entry, bit): reported once when added or removed. */
  item?: boolean;
}
type Entries = Map<string, Entry>;

const BIT_SETS: Record<string, readonly BitDefinition[] | undefined> = {
  default: TVR_BITS,
  denial: TVR_BITS,
  online: TVR_BITS,
  usageControl: AUC_BITS,
  oda: AIP_BITS,
  languages: undefined,
};

/** Fields that hold one data element's value, labelled by that element. */
const FIELD_TAGS: Record<string, string> = {
  aid: '4F',
  label: '50',
  preferredName: '9F12',
  priority: '87',
  languages: '5F2D',
  issuerCodeTableIndex: '9F11',
  applicationVersion: '9F08',
  currency: '9F42',
  currencyExponent: '9F44',
  country: '5F28',
  lowerConsecutiveOfflineLimit: '9F14',
  upperConsecutiveOfflineLimit: '9F23',
  default: '9F0D',
  denial: '9F0E',
  online: '9F0F',
  usageControl: '9F07',
  cvm: '8E',
  cdol1: '8C',
  cdol2: '8D',
  ddol: '9F49',
  tdol: '97',
  pdol: '9F38',
  aipOverride: '82',
  aflOverride: '94',
  serviceCode: '5F30',
};

/** Containers whose name adds nothing to a location. */
const SILENT = new Set([
  'cps',
  'applications',
  'records',
  'tlvs',
  'source',
  'dgis',
  'content',
  'identity',
  'risk',
  'actionCodes',
  'dols',
  'children',
]);

const named = (tag: string, family?: ElementFamily) => `${tagName(tag, family)} (${tag})`;
const isSource = (value: unknown): value is ValueSource =>
  typeof value === 'object' && value !== null && 'from' in value;
const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

function itemKey(item: unknown, index: number, family?: ElementFamily): { key: string; label: string } {
  if (typeof item === 'object' && item !== null) {
    const o = item as Record<string, unknown>;
    if (typeof o.id === 'string' && typeof o.name === 'string')
      return { key: o.id, label: `${o.name} (${o.id})` };
    if (typeof o.sfi === 'number' && typeof o.number === 'number')
      return { key: `${o.sfi}:${o.number}`, label: `record ${o.number} of SFI ${o.sfi}` };
    if (typeof o.dgi === 'string') return { key: o.dgi, label: `DGI ${o.dgi}` };
    if (typeof o.tag === 'string') return { key: o.tag, label: named(o.tag, family) };
    if (typeof o.usage === 'string') return { key: o.usage, label: `master key ${o.usage}` };
  }
  return { key: String(index), label: `#${index + 1}` };
}

function summary(item: unknown): string {
  if (isSource(item)) return describeSource(item);
  if (typeof item !== 'object' || item === null) return show(item);
  const o = item as Record<string, unknown>;
  if (isSource(o.source)) return describeSource(o.source);
  if (typeof o.length === 'number' && typeof o.tag === 'string') return `length ${o.length}`;
  if (typeof o.sfi === 'number')
    return `${(o.tlvs as unknown[]).length} data objects${o.oda ? ', in the static data to be authenticated' : ''}`;
  if (typeof o.content === 'object' && o.content !== null)
    return `${(o.content as { kind: string }).kind}${o.encrypted ? ', encrypted' : ''}`;
  return JSON.stringify(item);
}

function flatten(
  value: unknown,
  key: string,
  where: string,
  out: Entries,
  family: ElementFamily | undefined,
  field?: string,
): void {
  const at = (label: string | undefined) => (label ? `${where} › ${label}` : where);
  if (isSource(value)) {
    out.set(key, { where, value: describeSource(value) });
  } else if (
    Array.isArray(value) &&
    value.every((v) => typeof v === 'string') &&
    field !== undefined &&
    field in BIT_SETS
  ) {
    const table = BIT_SETS[field];
    for (const id of value as string[])
      out.set(`${key}/${id}`, { where, value: table ? bitName(table, id) : id, item: true });
  } else if (
    Array.isArray(value) &&
    (field === 'rules' || (field === 'applications' && value.every((v) => typeof v === 'string')))
  ) {
    out.set(key, {
      where,
      value:
        value
          .map((v) =>
            typeof v === 'string'
              ? v
              : `${v.method} if ${v.condition}${v.applyNextIfUnsuccessful ? ', else next' : ''}`,
          )
          .join('; ') || '(none)',
    });
  } else if (Array.isArray(value)) {
    const seen = new Map<string, number>();
    value.forEach((item, index) => {
      const { key: k, label } = itemKey(item, index, family);
      const n = (seen.get(k) ?? 0) + 1;
      seen.set(k, n);
      const itemKeyPath = `${key}/${k}${n > 1 ? `#${n}` : ''}`;
      const itemWhere = at(`${label}${n > 1 ? ` (${n})` : ''}`);
      out.set(itemKeyPath, { where: itemWhere, value: summary(item), item: true });
      flatten(item, itemKeyPath, itemWhere, out, family);
    });
    if (field === 'dgis')
      out.set(`${key}#order`, {
        where: at('send order'),
        value: value.map((d: { dgi: string }) => d.dgi).join(' '),
      });
  } else if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    const own =
      typeof o.family === 'string' ? (o.family === 'generic' ? 'emv' : (o.family as ElementFamily)) : family;
    for (const [k, v] of Object.entries(o)) {
      if (k === 'tag' || (k === 'source' && isSource(v) && 'tag' in o)) {
        if (k === 'source') out.set(`${key}/source`, { where, value: describeSource(v as ValueSource) });
        continue;
      }
      const label = FIELD_TAGS[k] ? named(FIELD_TAGS[k]!, own) : SILENT.has(k) ? undefined : k;
      flatten(v, `${key}/${k}`, at(label), out, own, k);
    }
  } else {
    out.set(key, { where, value: show(value) });
  }
}

function entriesOf(profile: ProfileDocument): Entries {
  const out: Entries = new Map();
  flatten(profile, '', '', out, undefined);
  return out;
}

export function diffProfiles(a: ProfileDocument, b: ProfileDocument): ProfileChange[] {
  const before = entriesOf(a);
  const after = entriesOf(b);
  const changes: ProfileChange[] = [];
  const clean = (where: string) => where.replace(/^ › /, '') || 'profile';
  // A whole item added or removed is one change; what it contains is not listed again.
  const covered = (key: string, gone: Set<string>) =>
    [...gone].some((item) => key.startsWith(`${item}/`) || key.startsWith(`${item}#`));
  const removed = new Set(
    [...before].filter(([key, entry]) => entry.item && !after.has(key)).map(([key]) => key),
  );
  const added = new Set(
    [...after].filter(([key, entry]) => entry.item && !before.has(key)).map(([key]) => key),
  );
  for (const [key, old] of before) {
    if (covered(key, removed)) continue;
    const now = after.get(key);
    const where = clean(old.where);
    if (!now)
      changes.push({
        kind: 'removed',
        where,
        before: old.value,
        message: `${where}: removed${old.item ? ` (${old.value})` : ` ${old.value}`}`,
      });
    else if (now.value !== old.value && !(old.item && now.item)) {
      changes.push({
        kind: 'changed',
        where,
        before: old.value,
        after: now.value,
        message: `${where}: ${old.value} → ${now.value}`,
      });
    }
  }
  for (const [key, now] of after) {
    if (before.has(key) || covered(key, added)) continue;
    const where = clean(now.where);
    changes.push({
      kind: 'added',
      where,
      after: now.value,
      message: `${where}: added${now.item ? ` (${now.value})` : ` ${now.value}`}`,
    });
  }
  return changes;
}
