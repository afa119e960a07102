/**
 * Offline risk parameters: the consecutive offline limits (9F14 and 9F23, EMV 4.4 Book 3 Annex A, read
 * by the terminal for velocity checking, Book 3 10.6.3) and the scheme-style counters and amounts the
 * card keeps for its own risk management (VSDC-style 9F58/9F59/9F54/9F5C, M/Chip-style CA/CB). The
 * template section fills every tag (../template-values.ts); setting a limit places the tags that carry
 * it where they belong (records for what the terminal reads, the application's internal data DGI for
 * what only the card uses) and clearing it takes them out again.
 */
import { dataElement } from '../../dictionary';
import { placedElements } from '../checks/issue';
import { interfacesOf } from '../interfaces';
import type { ApplicationTemplate, DgiSpec } from '../schema/application';
import { templateOwnedTags, templateSection } from '../template-values';
import { familyOf } from '../values';

export const RISK_FIELDS = [
  { field: 'lowerConsecutiveOfflineLimit', label: 'Lower consecutive offline limit', max: 255 },
  { field: 'upperConsecutiveOfflineLimit', label: 'Upper consecutive offline limit', max: 255 },
  { field: 'cumulativeOfflineLowerLimit', label: 'Lower cumulative offline amount', max: 999999999999 },
  { field: 'cumulativeOfflineUpperLimit', label: 'Upper cumulative offline amount', max: 999999999999 },
] as const;
export type RiskField = (typeof RISK_FIELDS)[number]['field'];

/**
 * Where the scheme-style internal risk data goes when the analyst has no DGI for it yet: the
 * conventions of the demo profiles (VSDC-style DGI 0D01, M/Chip-style DGI A001). CPS leaves the
 * numbering of application-specific DGIs to the application.
 */
const INTERNAL_RISK_DGI: Partial<Record<ApplicationTemplate['family'], string>> = {
  'vsdc-style': '0D01',
  'mchip-style': 'A001',
};

/** The tags that carry a risk field for this application's family, e.g. 9F14 and 9F58 for LCOL. */
export function riskTags(app: Pick<ApplicationTemplate, 'family'>, field: RiskField): string[] {
  return templateOwnedTags(app.family).filter((tag) => templateSection(tag, app.family) === `risk.${field}`);
}

/** A tag the terminal reads from a record (its templates include '70'), not only the card's own data. */
function readFromRecord(tag: string, app: ApplicationTemplate): boolean {
  return dataElement(tag, familyOf(app))?.templates.includes('70') ?? false;
}

function internalDgi(app: ApplicationTemplate): Extract<DgiSpec['content'], { kind: 'data' }> | undefined {
  const number = INTERNAL_RISK_DGI[app.family];
  if (!number) return undefined;
  const found = app.cps.dgis.find((spec) => spec.dgi === number);
  if (found) return found.content.kind === 'data' ? found.content : undefined;
  const spec: DgiSpec = { dgi: number, encrypted: false, content: { kind: 'data', tlvs: [] } };
  // Before the secret DGIs, which the default mapping sends last.
  const firstSecret = app.cps.dgis.findIndex((other) => other.encrypted);
  app.cps.dgis.splice(firstSecret >= 0 ? firstSecret : app.cps.dgis.length, 0, spec);
  return spec.content as Extract<DgiSpec['content'], { kind: 'data' }>;
}

/** The record that takes a terminal-read risk tag: one that holds a risk tag already, else the last. */
function riskRecord(app: ApplicationTemplate) {
  const tags = new Set(RISK_FIELDS.flatMap(({ field }) => riskTags(app, field)));
  return (
    app.records.find((record) => record.tlvs.some((tlv) => tags.has(tlv.tag))) ??
    app.records[app.records.length - 1]
  );
}

/** Sets (or clears, with `undefined`) a risk field and places or removes the tags that carry it. */
export function setRiskLimit(app: ApplicationTemplate, field: RiskField, value: number | undefined): void {
  const tags = riskTags(app, field);
  if (value === undefined) {
    delete app.risk[field];
    const keep = (tlv: { tag: string; source?: { from: string } }) =>
      !(tags.includes(tlv.tag) && tlv.source?.from === 'template');
    for (const record of app.records) record.tlvs = record.tlvs.filter(keep);
    for (const spec of app.cps.dgis)
      if (spec.content.kind === 'data') spec.content.tlvs = spec.content.tlvs.filter(keep);
    return;
  }
  app.risk[field] = value;
  const placed = new Set(placedElements(app, '$', interfacesOf(app)).map((at) => at.tlv.tag));
  for (const tag of tags) {
    if (placed.has(tag)) continue;
    const target = readFromRecord(tag, app) ? riskRecord(app)?.tlvs : internalDgi(app)?.tlvs;
    target?.push({ tag, source: { from: 'template' } });
  }
}
