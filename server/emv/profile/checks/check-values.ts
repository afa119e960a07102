/**
 * Formats and lengths of every value (EMV 4.4 Book 3 section 4.3 and Annex A), and whether each source
 * can fill its tag: template sections, card template fields and generated items each fill given tags,
 * and a cardholder column must exist in the input layout.
 */
import { dataElement, tagLabel } from '../../dictionary';
import type { DataElement } from '../../dictionary/types';
import { checkFormat, checkLength } from '../../dictionary/value-format';
import type { ApplicationTemplate } from '../schema/application';
import type { CardTemplate } from '../schema/card';
import { cardholderColumnKey, joinedColumnKey } from '../joined-columns';
import { familyOf, resolveValue } from '../values';
import { interfacesOf } from '../interfaces';
import { placedElements, type IssueList } from './issue';

const SOURCE_CODE = {
  constant: 'value-format',
  template: 'template-source',
  card: 'card-source',
  cardholder: 'cardholder-source',
  generated: 'generated-source',
} as const;

export function checkValues(
  app: ApplicationTemplate,
  appPath: string,
  card: CardTemplate | undefined,
  issues: IssueList,
): void {
  const family = familyOf(app);
  const columns = new Set(card?.input.columns.map((column) => column.name) ?? []);
  for (const input of card?.additionalInputs ?? []) {
    for (const column of input.layout.columns) columns.add(joinedColumnKey(input.name, column.name));
  }
  for (const { tlv, path, where } of placedElements(app, appPath, interfacesOf(app))) {
    const element = dataElement(tlv.tag, family);
    if (!element) {
      issues.warning(
        'unknown-tag',
        `${path}.tag`,
        `${tlv.tag} is not in the data dictionary for ${app.family} applications; check its format and length by hand`,
        tlv.tag,
      );
    } else if (element.source === 'terminal' && where !== 'dgi') {
      issues.warning(
        'terminal-tag',
        `${path}.tag`,
        `${tagLabel(tlv.tag, family)} is supplied by the terminal, not personalized in the card`,
        tlv.tag,
      );
    }
    if (!tlv.source) {
      if (element && !element.constructed) {
        issues.error(
          'primitive-children',
          `${path}.children`,
          `${tagLabel(tlv.tag, family)} is primitive and cannot hold other data objects`,
          tlv.tag,
        );
      }
      continue;
    }
    if (tlv.source.from === 'cardholder' && card && !columns.has(cardholderColumnKey(tlv.source))) {
      const { input, column } = tlv.source;
      const inputKnown = !input || card.additionalInputs?.some((other) => other.name === input);
      issues.error(
        'cardholder-source',
        `${path}.source.${inputKnown ? 'column' : 'input'}`,
        !inputKnown
          ? `${tagLabel(tlv.tag, family)} comes from input "${input}", which card template ${card.id} does not define in additionalInputs`
          : input
            ? `${tagLabel(tlv.tag, family)} comes from column "${column}" of input "${input}", whose layout does not have it`
            : `${tagLabel(tlv.tag, family)} comes from column "${column}", which the input layout of card template ${card.id} does not have`,
        tlv.tag,
      );
      continue;
    }
    if (tlv.source.from === 'constant' && element) {
      const problem = checkConstant(element, tlv.source.value);
      if (problem.format) issues.error('value-format', `${path}.source.value`, problem.format, tlv.tag);
      if (problem.length) issues.error('value-length', `${path}.source.value`, problem.length, tlv.tag);
      if (problem.format || problem.length) continue;
    }
    const resolved = resolveValue(tlv.tag, tlv.source, { app, card });
    if (resolved.state === 'error') {
      issues.error(SOURCE_CODE[tlv.source.from], `${path}.source`, resolved.message, tlv.tag);
    } else if (resolved.state === 'value' && element) {
      const length = checkLength(element, resolved.bytes.length);
      if (length) issues.error('value-length', `${path}.source`, length, tlv.tag);
    }
  }
}

/** A constant as typed: digits for n and cn (n is padded to a fixed length), hex for b, text otherwise. */
export function checkConstant(element: DataElement, value: string): { format?: string; length?: string } {
  const label = `${element.tag} ${element.name}`;
  switch (element.format) {
    case 'b':
      if (!/^([0-9A-F]{2})*$/.test(value))
        return { format: `${label} must be upper-case hexadecimal bytes (format b), got "${value}"` };
      return { length: checkLength(element, value.length / 2) };
    case 'n':
    case 'cn': {
      if (!/^\d+$/.test(value))
        return { format: `${label} must be digits (format ${element.format}), got "${value}"` };
      const bytes = Math.ceil(value.length / 2);
      if (typeof element.length === 'number' && bytes <= element.length) return {};
      return { length: checkLength(element, bytes) };
    }
    default:
      return {
        format: checkFormat(element, Buffer.from(value, 'latin1')),
        length: checkLength(element, value.length),
      };
  }
}
