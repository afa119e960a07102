/**
 * The builder of the card template's additional inputs (files joined to the cardholder file on a key
 * column) and per-card overrides (a column of the cardholder file that replaces a template value for
 * its row). What is allowed is what checks/check-inputs.ts and card-overrides.ts enforce: an override
 * column has role "other", a target is a card field (service code, expiry) or an element an
 * application places with a source a row could replace, never a key, a PIN or a generated value.
 */
import { dataElement, tagLabel } from '../../dictionary';
import { NOT_OVERRIDABLE_TAGS } from '../card-overrides';
import { placedElements } from '../checks/issue';
import type { ApplicationTemplate } from '../schema/application';
import {
  OVERRIDABLE_CARD_FIELDS,
  type AdditionalInput,
  type CardOverride,
  type CardTemplate,
} from '../schema/card';
import { familyOf } from '../values';

export const CARD_FIELD_LABELS: Record<(typeof OVERRIDABLE_CARD_FIELDS)[number], string> = {
  'service-code': 'Service code (5F30 and the tracks)',
  'expiry-date': 'Expiry date (5F24, the tracks, embossing)',
};

export interface OverrideTarget {
  /** A stable key for a select: "card/service-code", "credit-dda/9F14". */
  key: string;
  label: string;
  target: CardOverride['target'];
}

export function targetKey(target: CardOverride['target']): string {
  return target.kind === 'card' ? `card/${target.field}` : `${target.application}/${target.tag}`;
}

/**
 * What a row may override: the card fields, and per application of the card each placed element with
 * a source other than "generated" that the dictionary knows and no card field or preparation fills.
 */
export function overrideTargets(
  applications: readonly ApplicationTemplate[],
  cardApplications: readonly string[],
): OverrideTarget[] {
  const targets: OverrideTarget[] = OVERRIDABLE_CARD_FIELDS.map((field) => ({
    key: `card/${field}`,
    label: CARD_FIELD_LABELS[field],
    target: { kind: 'card', field },
  }));
  for (const app of applications.filter((a) => cardApplications.includes(a.id))) {
    const family = familyOf(app);
    const seen = new Set<string>();
    for (const { tlv } of placedElements(app, '', [])) {
      if (seen.has(tlv.tag) || NOT_OVERRIDABLE_TAGS.has(tlv.tag) || !dataElement(tlv.tag, family)) continue;
      seen.add(tlv.tag);
      const all = placedElements(app, '', []).filter((p) => p.tlv.tag === tlv.tag);
      if (all.some((p) => !p.tlv.source || p.tlv.source.from === 'generated')) continue;
      targets.push({
        key: `${app.id}/${tlv.tag}`,
        label: `${app.name}: ${tagLabel(tlv.tag, family)}`,
        target: { kind: 'element', application: app.id, tag: tlv.tag },
      });
    }
  }
  return targets;
}

/**
 * Adds an override of `target` from `column`; a column the cardholder file does not have yet is added
 * to its layout with role "other" (an override column must have that role).
 */
export function addOverride(card: CardTemplate, column: string, target: CardOverride['target']): void {
  card.overrides = [...(card.overrides ?? []), { column, target }];
  if (card.input.columns.some((c) => c.name === column)) return;
  if (card.input.kind === 'csv') card.input.columns.push({ name: column, role: 'other' });
  else {
    const start = card.input.columns.reduce((end, c) => Math.max(end, c.start + c.length - 1), 0) + 1;
    const length = target.kind === 'card' && target.field === 'service-code' ? 3 : 4;
    card.input.columns.push({ name: column, role: 'other', start, length });
    card.input.recordLength = Math.max(card.input.recordLength, start + length - 1);
  }
}

export function removeOverride(card: CardTemplate, index: number): void {
  const overrides = (card.overrides ?? []).filter((_, i) => i !== index);
  if (overrides.length) card.overrides = overrides;
  else delete card.overrides;
}

/** A new additional input: a CSV with a header and one key column, joined to the cardholder PAN column. */
export function newAdditionalInput(card: CardTemplate, name: string, label: string): AdditionalInput {
  const pan = card.input.columns.find((column) => column.role === 'pan')?.name ?? card.input.columns[0]!.name;
  return {
    name,
    label,
    layout: { kind: 'csv', delimiter: ',', header: true, columns: [{ name: 'key', role: 'other' }] },
    joinColumn: 'key',
    joinsTo: pan,
  };
}

export function addAdditionalInput(card: CardTemplate, input: AdditionalInput): void {
  card.additionalInputs = [...(card.additionalInputs ?? []), input];
}

export function removeAdditionalInput(card: CardTemplate, index: number): void {
  const inputs = (card.additionalInputs ?? []).filter((_, i) => i !== index);
  if (inputs.length) card.additionalInputs = inputs;
  else delete card.additionalInputs;
}
