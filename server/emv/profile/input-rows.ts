/**
 * The values of one cardholder row, checked by the roles the card template's input layout gives its
 * columns: the PAN (ISO/IEC 7812), the name and dates as tracks carry them (ISO/IEC 7813), PIN blocks
 * (ISO 9564). Pure: the import reads the file and hands every row's values to `checkCardholderValues`.
 */
import { isLuhnValid, maskPan } from '../pan';
import { overrideProblem, type OverrideRule } from './card-overrides';
import type { ApplicationTemplate } from './schema/application';
import type { CardTemplate, InputLayout } from './schema/card';
import { familyOf } from './values';

/** What the import needs of a card template: the file's layout and the PAN rules. */
export interface CardholderRules {
  input: InputLayout;
  panLength?: number;
  /** BIN prefixes of 6 to 8 digits, low and high included. */
  binRange?: { low: string; high: string };
  /** Columns that may override a template value per card, checked as that value when not empty. */
  overrides?: OverrideRule[];
}

/** A cardholder as it is kept (sealed) until preparation. */
export interface CardholderRecord {
  pan: string;
  /** '00' when the layout has no PSN column or the row left it empty. */
  psn: string;
  /** Every column of the layout by name, trimmed; PIN blocks in upper-case hex. */
  columns: Record<string, string>;
}

export interface InputProblem {
  row: number;
  /** The column's name, or 'row' for the row as a whole. */
  field: string;
  /** What the row held: a PAN masked, a PIN block never. */
  value: string;
  reason: string;
}

/**
 * The rules of a card template. A column that an effective or expiry date rule reads `from-file` is
 * checked as that date even when the layout gives it the role "other": preparation reads it as YYMM.
 */
export function cardholderRulesOf(
  card: CardTemplate,
  applications: readonly ApplicationTemplate[] = [],
): CardholderRules {
  const { constants } = card;
  const dateRoles = new Map<string, 'effective-date' | 'expiry-date'>();
  if (constants.effectiveDate.rule === 'from-file') {
    dateRoles.set(constants.effectiveDate.column, 'effective-date');
  }
  if (constants.expiryDate.rule === 'from-file') dateRoles.set(constants.expiryDate.column, 'expiry-date');
  const withDateRole = <C extends { name: string; role: InputLayout['columns'][number]['role'] }>(
    column: C,
  ) =>
    column.role === 'other' && dateRoles.has(column.name)
      ? { ...column, role: dateRoles.get(column.name)! }
      : { ...column };
  const input: InputLayout =
    card.input.kind === 'csv'
      ? { ...card.input, columns: card.input.columns.map(withDateRole) }
      : { ...card.input, columns: card.input.columns.map(withDateRole) };
  return {
    input,
    panLength: constants.panLength,
    binRange: { low: constants.binRange.low, high: constants.binRange.high },
    ...(card.overrides?.length
      ? {
          overrides: card.overrides.map(({ column, target }) => {
            const app =
              target.kind === 'element' ? applications.find((a) => a.id === target.application) : undefined;
            return { column, target, ...(app ? { family: familyOf(app) } : {}) };
          }),
        }
      : {}),
  };
}

/** ISO/IEC 7813 track 1 name characters: upper-case letters, space and the separators issuers use. */
const track1Name = /^[A-Z0-9 .\-/']+$/;
const pinBlock = /^(?:[0-9A-Fa-f]{16}|[0-9A-Fa-f]{32})$/;
const controlCharacter = /\p{Cc}/u;

/** A year and month as one number, to compare them. */
function yymmIndex(value: string): number | null {
  const match = /^(\d{2})(\d{2})$/.exec(value);
  const month = match ? Number(match[2]) : 0;
  if (!match || month < 1 || month > 12) return null;
  return (2000 + Number(match[1])) * 12 + month;
}

/** Control characters written out, so a person sees where they are. */
function visible(value: string): string {
  return value.replace(
    /\p{Cc}/gu,
    (c) => `\\x${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

function binRangeHolds(range: { low: string; high: string }, pan: string): boolean {
  // Each bound is compared with as many leading digits of the PAN as it has.
  const low = Number(pan.slice(0, range.low.length));
  const high = Number(pan.slice(0, range.high.length));
  return low >= Number(range.low) && high <= Number(range.high);
}

/**
 * Checks the values of row `row` (by column name, as the file held them) against the roles of the
 * layout's columns. Every problem of the row is reported, at most one per column; the record is
 * returned only when there is none.
 */
export function checkCardholderValues(
  rules: CardholderRules,
  values: Record<string, string>,
  row: number,
  now: Date,
): { problems: InputProblem[]; record?: CardholderRecord } {
  const problems: InputProblem[] = [];
  const add = (field: string, value: string, reason: string) => problems.push({ row, field, value, reason });
  const columns: Record<string, string> = {};
  for (const column of rules.input.columns) columns[column.name] = (values[column.name] ?? '').trim();

  let pan: string | undefined;
  let psn: string | undefined;
  let expiry: { column: string; value: string; index: number } | undefined;
  let effective: { column: string; value: string; index: number } | undefined;
  const currentMonth = now.getUTCFullYear() * 12 + now.getUTCMonth() + 1;
  for (const { name, role } of rules.input.columns) {
    const value = columns[name]!;
    switch (role) {
      case 'pan': {
        pan ??= value;
        const lengthRule = rules.panLength
          ? `PAN must be ${rules.panLength} digits (the PAN length of the card template)`
          : 'PAN must be 12 to 19 digits';
        if (!/^\d+$/.test(value)) add(name, value === '' ? '' : '(not digits)', lengthRule);
        else if (rules.panLength ? value.length !== rules.panLength : !/^\d{12,19}$/.test(value)) {
          add(name, maskPan(value), lengthRule);
        } else if (!isLuhnValid(value)) {
          add(name, maskPan(value), 'PAN fails the Luhn check (ISO/IEC 7812): check the last digit');
        } else if (rules.binRange && !binRangeHolds(rules.binRange, value)) {
          const { low, high } = rules.binRange;
          add(name, maskPan(value), `PAN is outside the BIN range ${low} to ${high} of the card template`);
        }
        break;
      }
      case 'pan-sequence-number':
        psn ??= value || '00';
        if (value !== '' && !/^\d{2}$/.test(value)) add(name, value, 'PSN must be 2 digits, 00 to 99');
        break;
      case 'cardholder-name':
        if (value.length < 2 || value.length > 26) {
          add(name, value, 'Name must be 2 to 26 characters (ISO/IEC 7813 track 1)');
        } else if (!track1Name.test(value)) {
          add(name, value, "Name may hold only upper-case letters, digits, space and . - / ' (ISO/IEC 7813)");
        }
        break;
      case 'expiry-date': {
        const index = yymmIndex(value);
        if (index === null) add(name, value, 'Expiry must be YYMM with a month from 01 to 12');
        else if (index < currentMonth) add(name, value, 'Expiry is in the past');
        else expiry ??= { column: name, value, index };
        break;
      }
      case 'effective-date': {
        const index = yymmIndex(value);
        if (index === null) add(name, value, 'Effective date must be YYMM with a month from 01 to 12');
        else effective ??= { column: name, value, index };
        break;
      }
      case 'pin-block':
        if (!pinBlock.test(value)) {
          add(
            name,
            '(hidden)',
            'PIN block must be 16 hexadecimal digits (ISO 9564 format 0 or 3) or 32 (format 4)',
          );
        }
        columns[name] = value.toUpperCase();
        break;
      case 'pvki':
        if (!/^\d$/.test(value))
          add(name, value, 'PVKI (PIN verification key index) must be 1 digit, 0 to 9');
        break;
      case 'other':
        if (controlCharacter.test(value)) {
          add(
            name,
            visible(value),
            `${name} may hold only printable characters, not a tab, a line break or another control character`,
          );
        }
        break;
    }
  }
  for (const rule of rules.overrides ?? []) {
    const text = columns[rule.column] ?? '';
    const problem = text === '' ? undefined : overrideProblem(rule, text, now);
    // At most one problem per column: a control character is reported already.
    if (problem && !problems.some((p) => p.field === rule.column)) add(rule.column, visible(text), problem);
    else if (!problem && text !== '' && rule.target.kind === 'card' && rule.target.field === 'expiry-date') {
      // The row's expiry replaces the template's: it is the one the effective date must not pass.
      expiry = { column: rule.column, value: text, index: yymmIndex(text)! };
    }
  }
  if (effective && expiry && effective.index > expiry.index) {
    add(
      effective.column,
      effective.value,
      `Effective date is after the expiry date (${expiry.value} in column ${expiry.column})`,
    );
  }
  if (pan === undefined) {
    add('row', '', 'The input layout of the card template has no PAN column: correct the card profile');
  }
  if (problems.length || pan === undefined) return { problems };
  return { problems, record: { pan, psn: psn ?? '00', columns } };
}
