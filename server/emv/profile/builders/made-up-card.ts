/**
 * A made-up cardholder for a card template, by column role: a Luhn-valid PAN (ISO/IEC 7812-1) at the
 * start of the BIN range, a card valid from this month for three years, and a sample name. The preview
 * and the surface editor show the card it makes; no real cardholder is involved.
 */
import { isLuhnValid } from '../../pan';
import type { CardData } from '../card-data';
import { joinedColumnKey } from '../joined-columns';
import type { CardTemplate } from '../schema/card';

/** The smallest PAN of the card's BIN range with its length, completed with a Luhn check digit. */
export function madeUpPan(card: Pick<CardTemplate, 'constants'>): string {
  const { binRange, panLength } = card.constants;
  const body = `${binRange.low}${'0'.repeat(Math.max(0, panLength - binRange.low.length - 2))}1`.slice(
    0,
    panLength - 1,
  );
  const digit = [...'0123456789'].find((d) => isLuhnValid(`${body}${d}`)) ?? '0';
  return `${body}${digit}`;
}

const yymm = (date: Date, addYears = 0) =>
  `${String((date.getUTCFullYear() + addYears) % 100).padStart(2, '0')}${String(date.getUTCMonth() + 1).padStart(2, '0')}`;

/**
 * The made-up row and preparation date. The PIN block column holds zeroes, override columns are empty
 * (the template's values show), additional inputs' columns hold zeroes.
 */
export function madeUpCardholder(card: CardTemplate, today = new Date()): CardData {
  const cardholder: Record<string, string> = {};
  for (const column of card.input.columns) {
    const width = 'length' in column ? column.length : 2;
    cardholder[column.name] = {
      pan: () => madeUpPan(card),
      'pan-sequence-number': () => '01',
      'cardholder-name': () => 'DOE/JANE',
      'expiry-date': () => yymm(today, 3),
      'effective-date': () => yymm(today),
      'pin-block': () => '0'.repeat(16),
      pvki: () => '1',
      other: () => '0'.repeat(width),
    }[column.role]();
  }
  for (const override of card.overrides ?? []) cardholder[override.column] = '';
  for (const input of card.additionalInputs ?? []) {
    for (const column of input.layout.columns) {
      const width = 'length' in column ? column.length : 2;
      cardholder[joinedColumnKey(input.name, column.name)] = '0'.repeat(width);
    }
  }
  return { preparationDate: today.toISOString().slice(0, 10), cardholder };
}
