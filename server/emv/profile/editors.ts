/**
 * Pure helpers of the profile designer's visual editors (CVM list builder, bit checkboxes, currency and
 * country pickers). The editors change the same JSON text the JSON editor shows: `editProfileText` parses
 * it, lets an edit change the parsed document in place, and writes it back in the canonical layout
 * (`exportProfile`: two-space indentation, final newline), so every key the editors do not touch keeps
 * its place and value. Nothing here uses Node's Buffer: it runs in the browser.
 */
import { z } from 'zod';
import { bitStringBytes, type BitDefinition } from './bits';
import type { ApplicationsOfCard } from './builders/applications';
import { cvmListBytes, type CvmList } from './cvm';
import { COUNTRIES, CURRENCIES, countryByCode, currencyByCode } from './data/codes';
import {
  ICC_PRIVATE_KEY_DGIS,
  applicationTemplate,
  type ApplicationTemplate,
  type IccPrivateKeyForm,
} from './schema/application';
import { cardTemplate } from './schema/card';
import { jsonPath } from './schema/document';

export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
}

/** 8E CVM List as upper-case hex (Book 3 Annex C3). */
export function cvmListHex(list: CvmList): string {
  return bytesToHex(cvmListBytes(list));
}

/** A bit string (IAC: 5 bytes, AUC: 2 bytes) as upper-case hex. */
export function bitStringHex(
  table: readonly BitDefinition[],
  length: number,
  ids: readonly string[],
): string {
  return bytesToHex(bitStringBytes(table, length, ids));
}

/** The ids with `id` set or cleared, in table order (byte 1 b8 first), so a diff of the JSON stays small. */
export function withBit(
  table: readonly BitDefinition[],
  ids: readonly string[],
  id: string,
  on: boolean,
): string[] {
  if (!table.some((entry) => entry.id === id)) throw new RangeError(`unknown bit "${id}"`);
  const chosen = new Set(ids.filter((other) => other !== id));
  if (on) chosen.add(id);
  const known = table.filter((entry) => chosen.has(entry.id)).map((entry) => entry.id);
  // Ids the table does not know are left for the schema check to report, at the end.
  return [...known, ...ids.filter((other) => other !== id && !known.includes(other))];
}

/** The list with the item at `from` moved to `to`; out-of-range moves return the list unchanged. */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  const out = [...items];
  if (from < 0 || from >= out.length || to < 0 || to >= out.length || from === to) return out;
  const [item] = out.splice(from, 1);
  out.splice(to, 0, item!);
  return out;
}

export interface CodeOption {
  /** Three digits, what the profile stores. */
  code: string;
  /** "978 EUR Euro", "276 DE Germany". */
  label: string;
}

export const CURRENCY_OPTIONS: readonly CodeOption[] = CURRENCIES.map((c) => ({
  code: c.numeric,
  label: `${c.numeric} ${c.alpha} ${c.name}`,
})).sort((a, b) => a.code.localeCompare(b.code));
export const COUNTRY_OPTIONS: readonly CodeOption[] = COUNTRIES.map((c) => ({
  code: c.numeric,
  label: `${c.numeric} ${c.alpha2} ${c.name}`,
})).sort((a, b) => a.code.localeCompare(b.code));

/** The label of a stored code, or the code with what is wrong with it when the list does not have it. */
export function currencyLabel(code: string): string {
  const currency = currencyByCode(code);
  return currency
    ? `${currency.numeric} ${currency.alpha} ${currency.name}`
    : `${code} (not an ISO 4217 code)`;
}

export function countryLabel(code: string): string {
  const country = countryByCode(code);
  return country ? `${country.numeric} ${country.alpha2} ${country.name}` : `${code} (not an ISO 3166 code)`;
}

/**
 * Options whose label holds every word of the query (case-insensitive): "eur", "978", "euro" and
 * "us dollar" all find what an analyst means. An empty query gives every option.
 */
export function searchCodes(options: readonly CodeOption[], query: string): CodeOption[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return options.filter((option) => {
    const label = option.label.toLowerCase();
    return words.every((word) => label.includes(word));
  });
}

const appShape = applicationTemplate.shape;

/**
 * The parts of a profile the visual editors change, checked as the profile format checks them; the rest
 * of the document may be anything (the JSON editor and its checks deal with it).
 */
const editableProfile = z.looseObject({
  applications: z
    .array(
      z.looseObject({
        id: appShape.id,
        name: z.string(),
        family: appShape.family,
        // Loose like the risk codes: a bad AID or label is for the checks to report, not a reason to stop editing.
        identity: z.looseObject({
          aid: z.string(),
          label: z.string(),
          priority: appShape.identity.shape.priority,
        }),
        interfaces: appShape.interfaces,
        contact: appShape.contact,
        contactless: appShape.contactless,
        records: appShape.records,
        dols: appShape.dols,
        cryptogram: appShape.cryptogram,
        keys: appShape.keys,
        cps: appShape.cps,
        cvm: appShape.cvm,
        actionCodes: appShape.actionCodes,
        usageControl: appShape.usageControl,
        risk: z.looseObject({
          currency: z.string(),
          currencyExponent: appShape.risk.shape.currencyExponent,
          country: z.string(),
          lowerConsecutiveOfflineLimit: appShape.risk.shape.lowerConsecutiveOfflineLimit,
          upperConsecutiveOfflineLimit: appShape.risk.shape.upperConsecutiveOfflineLimit,
          cumulativeOfflineLowerLimit: appShape.risk.shape.cumulativeOfflineLowerLimit,
          cumulativeOfflineUpperLimit: appShape.risk.shape.cumulativeOfflineUpperLimit,
        }),
      }),
    )
    .min(1),
  card: z.looseObject({
    applications: z.array(z.string()),
    directories: cardTemplate.shape.directories,
    constants: z.looseObject({ currency: z.string(), country: z.string() }),
  }),
});
export type EditableProfile = z.infer<typeof editableProfile>;
export type EditableApplication = EditableProfile['applications'][number];

/**
 * The application as the profile format types it. The editors read every part they change with the
 * format's own schemas (above); the identity's texts and the risk codes are left loose so a value the format refuses stays
 * editable (the checks report it at its path).
 */
export function asTemplate(app: EditableApplication): ApplicationTemplate {
  return app as ApplicationTemplate;
}

/** The profile as the applications list and the identity form change it (see `asTemplate`). */
export function asCardProfile(profile: EditableProfile): ApplicationsOfCard {
  return profile as unknown as ApplicationsOfCard;
}

export type EditableRead = { ok: true; profile: EditableProfile } | { ok: false; problem: string };

/** The document the editors work on, or the first reason they cannot (as "$.path: message"). */
export function readEditableProfile(text: string): EditableRead {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `$: not valid JSON: ${(error as Error).message}` };
  }
  const result = editableProfile.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    return { ok: false, problem: `${jsonPath(issue.path)}: ${issue.message}` };
  }
  // The parsed input, not zod's copy: zod would move keys it does not know behind the ones it does.
  return { ok: true, profile: value as EditableProfile };
}

/** Applies `edit` to the document in `text` and returns the new text; throws when the editors cannot read it. */
export function editProfileText(text: string, edit: (profile: EditableProfile) => void): string {
  const read = readEditableProfile(text);
  if (!read.ok) throw new Error(`the visual editors cannot change this profile: ${read.problem}`);
  edit(read.profile);
  return `${JSON.stringify(read.profile, null, 2)}\n`;
}

/**
 * Sets the form the card takes its ICC private key in (keys.iccKey.privateKeyForm) and maps that
 * form's DGIs (schema/application.ts ICC_PRIVATE_KEY_DGIS) where the old form's were, so the change
 * leaves no check failing. Nothing happens to an application without an ICC key.
 */
export function withIccPrivateKeyForm(app: EditableApplication, form: IccPrivateKeyForm): void {
  if (!app.keys.iccKey) return;
  app.keys.iccKey.privateKeyForm = form;
  const isKeyDgi = (spec: EditableApplication['cps']['dgis'][number]) =>
    spec.content.kind === 'icc-private-key';
  const first = app.cps.dgis.findIndex(isKeyDgi);
  const others = app.cps.dgis.filter((spec) => !isKeyDgi(spec));
  const at = first < 0 ? others.length : first;
  const mapped = ICC_PRIVATE_KEY_DGIS[form].map(([dgi, component]) => ({
    dgi,
    encrypted: true,
    content: { kind: 'icc-private-key' as const, component },
  }));
  app.cps.dgis = [...others.slice(0, at), ...mapped, ...others.slice(at)];
}
