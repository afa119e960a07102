import { describe, expect, it } from 'vitest';
import { COUNTRIES, CURRENCIES, countryByCode, currencyByCode } from './codes';

describe('ISO code lists', () => {
  it('have unique, well-formed numeric codes', () => {
    expect(new Set(CURRENCIES.map((c) => c.numeric)).size).toBe(CURRENCIES.length);
    expect(new Set(COUNTRIES.map((c) => c.numeric)).size).toBe(COUNTRIES.length);
    for (const c of [...CURRENCIES, ...COUNTRIES]) expect(c.numeric).toMatch(/^\d{3}$/);
    expect(COUNTRIES).toHaveLength(249);
    expect(CURRENCIES.length).toBeGreaterThan(150);
  });

  it('look up by numeric code, with or without the BCD leading zero', () => {
    expect(currencyByCode('978')).toEqual({ numeric: '978', alpha: 'EUR', minorUnits: 2, name: 'Euro' });
    expect(currencyByCode('0392')?.minorUnits).toBe(0);
    expect(currencyByCode('999')).toBeUndefined();
    expect(countryByCode('0276')).toEqual({ numeric: '276', alpha2: 'DE', name: 'Germany' });
    expect(countryByCode('000')).toBeUndefined();
  });
});
