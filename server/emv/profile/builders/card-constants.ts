/**
 * The card constants builder: the service code decoded digit by digit (ISO/IEC 7813 section 10,
 * "Service code": interchange and technology, authorization processing, allowed services and PIN
 * requirements), and the made-up dates the date rules give, for the editor to show.
 */
import type { CardTemplate } from '../schema/card';

type Constants = CardTemplate['constants'];

/** ISO/IEC 7813, service code position 1: interchange and technology. */
export const SERVICE_CODE_INTERCHANGE: Readonly<Record<string, string>> = {
  '1': 'international interchange',
  '2': 'international interchange, integrated circuit (chip) used where feasible',
  '5': 'national interchange only, except under bilateral agreement',
  '6': 'national interchange only, integrated circuit (chip) used where feasible',
  '7': 'no interchange except under bilateral agreement (closed loop)',
  '9': 'test card',
};

/** ISO/IEC 7813, position 2: authorization processing. */
export const SERVICE_CODE_AUTHORIZATION: Readonly<Record<string, string>> = {
  '0': 'transactions are authorized following the normal rules',
  '2': 'transactions are authorized online by the issuer',
  '4': 'transactions are authorized online by the issuer, except under bilateral agreement',
};

/** ISO/IEC 7813, position 3: allowed services and PIN requirements. */
export const SERVICE_CODE_SERVICES: Readonly<Record<string, string>> = {
  '0': 'no restrictions, PIN required',
  '1': 'no restrictions',
  '2': 'goods and services only (no cash)',
  '3': 'ATM only, PIN required',
  '4': 'cash only',
  '5': 'goods and services only (no cash), PIN required',
  '6': 'no restrictions, PIN prompt if a PIN entry device is present',
  '7': 'goods and services only (no cash), PIN prompt if a PIN entry device is present',
};

export interface ServiceCodeDigit {
  position: 1 | 2 | 3;
  digit: string;
  /** "Interchange and technology", "Authorization processing", "Services". */
  what: string;
  meaning?: string;
  /** Why the digit is not defined, in ISO/IEC 7813's terms. */
  problem?: string;
}

const DIGITS = [
  { what: 'Interchange and technology', table: SERVICE_CODE_INTERCHANGE },
  { what: 'Authorization processing', table: SERVICE_CODE_AUTHORIZATION },
  { what: 'Services', table: SERVICE_CODE_SERVICES },
] as const;

/** Each digit of a service code with what ISO/IEC 7813 says it means, or why it is not defined. */
export function decodeServiceCode(code: string): ServiceCodeDigit[] {
  return DIGITS.map(({ what, table }, i) => {
    const digit = code[i] ?? '';
    const position = (i + 1) as 1 | 2 | 3;
    const meaning = table[digit];
    if (meaning) return { position, digit, what, meaning };
    return {
      position,
      digit,
      what,
      problem: /^\d$/.test(digit)
        ? `${digit} is not defined in position ${position} (${Object.keys(table).join(', ')})`
        : `position ${position} must be a digit`,
    };
  });
}

/** The service code's problem for a text field, or undefined when ISO/IEC 7813 defines every digit. */
export function serviceCodeProblem(code: string): string | undefined {
  if (!/^\d{3}$/.test(code)) return 'The service code must be 3 digits (ISO/IEC 7813)';
  const wrong = decodeServiceCode(code).find((digit) => digit.problem);
  return wrong ? `Service code digit ${wrong.problem}` : undefined;
}

export type DateRuleKind = 'preparation-month' | 'months-after-effective' | 'from-file';

/** The effective date rule as the analyst picks it: from the preparation month or a file column. */
export function effectiveRule(
  kind: 'preparation-month' | 'from-file',
  column: string,
): Constants['effectiveDate'] {
  return kind === 'from-file' ? { rule: 'from-file', column } : { rule: 'preparation-month' };
}

/** The expiry date rule: a number of months after the effective month, or a file column. */
export function expiryRule(
  kind: 'months-after-effective' | 'from-file',
  months: number,
  column: string,
): Constants['expiryDate'] {
  return kind === 'from-file' ? { rule: 'from-file', column } : { rule: 'months-after-effective', months };
}

/**
 * A BIN range's problem for a text field: bounds of 6 to 8 digits, of the same length, low not above
 * high (the card's PANs start with a prefix in the range, ISO/IEC 7812-1).
 */
export function binRangeProblem(low: string, high: string): string | undefined {
  if (!/^\d{6,8}$/.test(low)) return 'The low BIN must be 6 to 8 digits';
  if (!/^\d{6,8}$/.test(high)) return 'The high BIN must be 6 to 8 digits';
  if (low.length !== high.length) return 'The two BINs must have the same number of digits';
  if (low > high) return 'The low BIN must not be above the high BIN';
  return undefined;
}
