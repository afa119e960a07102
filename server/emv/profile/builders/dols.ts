/**
 * The DOL editors (EMV 4.4 Book 3 5.4): PDOL per interface, CDOL1, CDOL2, DDOL and TDOL as rows of tag
 * and length. A new row asks for the element's full length from the dictionary; ../checks/check-dols.ts
 * reports lengths the dictionary does not allow and what the cryptogram version needs in CDOL1.
 */
import { dataElement, lengthRange } from '../../dictionary';
import { cvnProfile } from '../cvn';
import type { ApplicationTemplate } from '../schema/application';
import type { DolEntry, InterfaceName } from '../schema/common';
import { familyOf } from '../values';

export type DolName = 'pdol-contact' | 'pdol-contactless' | 'cdol1' | 'cdol2' | 'ddol' | 'tdol';

export const DOL_LABELS: Record<DolName, { tag: string; label: string }> = {
  'pdol-contact': { tag: '9F38', label: 'PDOL (contact)' },
  'pdol-contactless': { tag: '9F38', label: 'PDOL (contactless)' },
  cdol1: { tag: '8C', label: 'CDOL1' },
  cdol2: { tag: '8D', label: 'CDOL2' },
  ddol: { tag: '9F49', label: 'DDOL' },
  tdol: { tag: '97', label: 'TDOL' },
};

function pdolInterface(which: DolName): InterfaceName | undefined {
  return which === 'pdol-contact' ? 'contact' : which === 'pdol-contactless' ? 'contactless' : undefined;
}

/** The DOLs this application can have: a PDOL for each interface with its own selection data. */
export function dolsOf(app: ApplicationTemplate): DolName[] {
  const pdols = (['contact', 'contactless'] as const)
    .filter((name) => app[name]?.selection !== undefined)
    .map((name): DolName => `pdol-${name}`);
  return [...pdols, 'cdol1', 'cdol2', 'ddol', 'tdol'];
}

/** The JSON path of a DOL, as the checks report it. */
export function dolPath(appPath: string, which: DolName): string {
  const name = pdolInterface(which);
  return name ? `${appPath}.${name}.selection.pdol` : `${appPath}.dols.${which}`;
}

export function readDol(app: ApplicationTemplate, which: DolName): DolEntry[] {
  const name = pdolInterface(which);
  if (name) return app[name]?.selection?.pdol ?? [];
  return app.dols[which as 'cdol1'] ?? [];
}

/** Writes a DOL; an empty one is removed, so the checks say when a DOL the card needs is missing. */
export function writeDol(app: ApplicationTemplate, which: DolName, entries: DolEntry[]): void {
  const name = pdolInterface(which);
  if (name) {
    const selection = app[name]?.selection;
    if (!selection) return;
    if (entries.length) selection.pdol = entries;
    else delete selection.pdol;
    return;
  }
  const key = which as 'cdol1' | 'cdol2' | 'ddol' | 'tdol';
  if (entries.length) app.dols[key] = entries;
  else delete app.dols[key];
}

/** The length a new DOL row asks for: the element's longest length, 1 for a tag the dictionary lacks. */
export function defaultDolLength(tag: string, app: Pick<ApplicationTemplate, 'family'>): number {
  const element = dataElement(tag, familyOf(app as ApplicationTemplate));
  return element ? Math.min(255, lengthRange(element)[1]) : 1;
}

/** Adds `tag` at the end with its default length; a tag the DOL has already is left as it is. */
export function addDolEntry(app: ApplicationTemplate, which: DolName, tag: string): void {
  const entries = readDol(app, which);
  if (entries.some((entry) => entry.tag === tag)) return;
  writeDol(app, which, [...entries, { tag, length: defaultDolLength(tag, app) }]);
}

/**
 * What the chosen cryptogram version computes the AC over (Book 2 8.1.1, see ../cvn.ts), each with
 * whether CDOL1 asks for it.
 */
export function cvnNeeds(app: ApplicationTemplate): Array<{ tag: string; asked: boolean }> {
  const cvn = cvnProfile(app.family, app.cryptogram.cvn);
  const asked = new Set((app.dols.cdol1 ?? []).map((entry) => entry.tag));
  return (cvn?.cdol1 ?? []).map((tag) => ({ tag, asked: asked.has(tag) }));
}

/** Adds to CDOL1 what the cryptogram version needs and it lacks. */
export function addCvnNeeds(app: ApplicationTemplate): void {
  for (const { tag, asked } of cvnNeeds(app)) if (!asked) addDolEntry(app, 'cdol1', tag);
}
