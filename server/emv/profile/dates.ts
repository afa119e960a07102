/**
 * Effective and expiry dates from the card template's rules. EMV carries both as n 6 YYMMDD
 * (Book 3 Annex A: 5F25, 5F24); the tracks carry YYMM (ISO/IEC 7813). An expiry date is the last day
 * of its month, an effective date the first.
 */
import { expiryOverrideOf } from './card-overrides';
import type { CardTemplate } from './schema/card';

export interface YearMonth {
  year: number;
  month: number;
}

function parseYymm(text: string, what: string): YearMonth {
  if (!/^\d{4}$/.test(text)) throw new RangeError(`${what} must be YYMM, got "${text}"`);
  const month = Number(text.slice(2));
  if (month < 1 || month > 12)
    throw new RangeError(`${what} has month ${text.slice(2)}, which is not 01 to 12`);
  return { year: 2000 + Number(text.slice(0, 2)), month };
}

function parseIsoDate(text: string): YearMonth {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) throw new RangeError(`preparation date must be YYYY-MM-DD, got "${text}"`);
  return { year: Number(match[1]), month: Number(match[2]) };
}

export function addMonths(date: YearMonth, months: number): YearMonth {
  const index = date.year * 12 + (date.month - 1) + months;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

function lastDay(date: YearMonth): number {
  return new Date(Date.UTC(date.year, date.month, 0)).getUTCDate();
}

const two = (n: number) => String(n % 100).padStart(2, '0');

export function yymm(date: YearMonth): string {
  return `${two(date.year)}${two(date.month)}`;
}

export function effectiveDateOf(
  card: CardTemplate,
  preparationDate: string,
  row: Readonly<Record<string, string>>,
): YearMonth {
  const rule = card.constants.effectiveDate;
  if (rule.rule === 'preparation-month') return parseIsoDate(preparationDate);
  return parseYymm(row[rule.column] ?? '', `column ${rule.column}`);
}

export function expiryDateOf(
  card: CardTemplate,
  preparationDate: string,
  row: Readonly<Record<string, string>>,
): YearMonth {
  const override = expiryOverrideOf(card, row);
  if (override !== undefined) return parseYymm(override, 'expiry override');
  const rule = card.constants.expiryDate;
  if (rule.rule === 'from-file') return parseYymm(row[rule.column] ?? '', `column ${rule.column}`);
  return addMonths(effectiveDateOf(card, preparationDate, row), rule.months);
}

/** n 6 YYMMDD of an effective date (first day of the month). */
export function effectiveYymmdd(date: YearMonth): string {
  return `${yymm(date)}01`;
}

/** n 6 YYMMDD of an expiry date (last day of the month). */
export function expiryYymmdd(date: YearMonth): string {
  return `${yymm(date)}${String(lastDay(date)).padStart(2, '0')}`;
}

/** Whether six digits are a real calendar date YYMMDD. */
export function isValidYymmdd(text: string): boolean {
  if (!/^\d{6}$/.test(text)) return false;
  const [year, month, day] = [
    2000 + Number(text.slice(0, 2)),
    Number(text.slice(2, 4)),
    Number(text.slice(4)),
  ];
  return month >= 1 && month <= 12 && day >= 1 && day <= lastDay({ year, month });
}
