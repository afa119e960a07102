/** Pickers and lookups over the ISO 4217 and ISO 3166 lists. */
import { COUNTRIES, type Country } from './iso3166';
import { CURRENCIES, type Currency } from './iso4217';

export type { Country, Currency };
export { COUNTRIES, CURRENCIES };

const currencyByNumeric = new Map(CURRENCIES.map((currency) => [currency.numeric, currency]));
const countryByNumeric = new Map(COUNTRIES.map((country) => [country.numeric, country]));

/** Accepts "978" or "0978" (the n 3 value as it sits in two BCD bytes). */
function threeDigits(code: string): string {
  return code.length === 4 && code.startsWith('0') ? code.slice(1) : code;
}

export function currencyByCode(code: string): Currency | undefined {
  return currencyByNumeric.get(threeDigits(code));
}

export function countryByCode(code: string): Country | undefined {
  return countryByNumeric.get(threeDigits(code));
}
