/**
 * Per-card overrides: a cardholder row may replace a value of the card template (service code, expiry)
 * or a data element an application places, in the column the card template names for it. An empty
 * cell keeps the template's value. A non-empty cell is checked exactly as the template's value would be:
 * the service code as ISO/IEC 7813 digits, the expiry as YYMM, an element against its format and
 * length in the data dictionary (EMV 4.4 Book 3 section 4.3, Annex A).
 */
import { dataElement } from '../dictionary';
import type { ElementFamily } from '../dictionary/types';
import { checkConstant } from './checks/check-values';
import type { CardOverride, CardTemplate } from './schema/card';
import { CARD_FIELDS, GENERATED_ITEMS } from './schema/common';

type Row = Readonly<Record<string, string>>;

/**
 * Tags no row may override: those a card template field or preparation fills (an element override of
 * 5F30 would leave the tracks with the template's service code), the PAN and PSN, and the name, which
 * the row already carries in its own column.
 */
export const NOT_OVERRIDABLE_TAGS: ReadonlySet<string> = new Set([
  ...Object.values(CARD_FIELDS).flat(),
  ...Object.values(GENERATED_ITEMS),
  '5A',
  '5F34',
  '5F20',
  '56',
  '9F6B',
]);

/** The non-empty cell of the row that overrides `target`, if the card template allows it. */
function overrideCell(
  card: CardTemplate,
  row: Row,
  matches: (target: CardOverride['target']) => boolean,
): string | undefined {
  const override = card.overrides?.find((o) => matches(o.target));
  const text = override ? (row[override.column] ?? '').trim() : '';
  return text === '' ? undefined : text;
}

/** ISO/IEC 7813 service code of this card: the row's override or the card template's. */
export function serviceCodeOf(card: CardTemplate, row: Row): string {
  return (
    overrideCell(card, row, (t) => t.kind === 'card' && t.field === 'service-code') ??
    card.constants.serviceCode
  );
}

/** The row's expiry (YYMM) when it overrides the card template's expiry rule. */
export function expiryOverrideOf(card: CardTemplate, row: Row): string | undefined {
  return overrideCell(card, row, (t) => t.kind === 'card' && t.field === 'expiry-date');
}

/** The row's text for `tag` of application `applicationId`, when it overrides the placed value. */
export function elementOverrideOf(
  card: CardTemplate,
  applicationId: string,
  tag: string,
  row: Row,
): string | undefined {
  return overrideCell(
    card,
    row,
    (t) => t.kind === 'element' && t.application === applicationId && t.tag === tag,
  );
}

/** What the import needs to check an override column: the target and, for an element, its family. */
export interface OverrideRule {
  column: string;
  target: CardOverride['target'];
  family?: ElementFamily;
}

/**
 * Why `text` cannot override `rule`'s target (undefined when it can). The same checks as the template's
 * own value: a service code of 3 digits, an expiry YYMM with a month 01 to 12 and not in the past, an
 * element's format and length from the data dictionary.
 */
export function overrideProblem(rule: OverrideRule, text: string, now: Date): string | undefined {
  const { target } = rule;
  if (target.kind === 'card' && target.field === 'service-code') {
    return /^\d{3}$/.test(text) ? undefined : 'Service code override must be 3 digits (ISO/IEC 7813)';
  }
  if (target.kind === 'card') {
    const match = /^(\d{2})(\d{2})$/.exec(text);
    const month = match ? Number(match[2]) : 0;
    if (!match || month < 1 || month > 12) return 'Expiry override must be YYMM with a month from 01 to 12';
    const index = (2000 + Number(match[1])) * 12 + month;
    return index < now.getUTCFullYear() * 12 + now.getUTCMonth() + 1
      ? 'Expiry override is in the past'
      : undefined;
  }
  const element = dataElement(target.tag, rule.family);
  if (!element) return `${target.tag} is not in the data dictionary: correct the card profile`;
  // The designer's check of a constant typed in the template: the same readable form, format and length.
  const { format, length } = checkConstant(element, text);
  return format ?? length;
}
