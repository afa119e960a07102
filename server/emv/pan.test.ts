import { describe, expect, it } from 'vitest';
import { isLuhnValid, maskPan } from './pan';

describe('isLuhnValid (ISO/IEC 7812-1 Annex B)', () => {
  it.each([
    ['79927398713'],
    ['4111111111111111'],
    ['4761739001010010'],
    ['4761739001010028'],
    ['4761739001010036'],
    ['5555555555554444'],
    ['6011000990139424'],
  ])('accepts %s', (pan) => expect(isLuhnValid(pan)).toBe(true));

  it.each([['79927398710'], ['4111111111111112'], ['4761739001010011'], ['5555555555554440']])(
    'refuses %s',
    (pan) => expect(isLuhnValid(pan)).toBe(false),
  );

  it('catches every single-digit error in the test PANs', () => {
    const pan = '4761739001010010';
    for (let i = 0; i < pan.length; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === pan[i]) continue;
        expect(isLuhnValid(`${pan.slice(0, i)}${d}${pan.slice(i + 1)}`)).toBe(false);
      }
    }
  });

  it.each([[''], ['4111 1111 1111 1111'], ['411111111111111A'], ['-4111111111111111']])(
    'refuses %j, which is not all digits',
    (pan) => expect(isLuhnValid(pan)).toBe(false),
  );
});

describe('maskPan (PCI DSS 3.4)', () => {
  it.each([
    ['4761739001010010', '476173******0010'],
    ['4761739001010010123', '476173*********0123'],
    ['476173900101', '476173**0101'],
    ['47617390010', '476173*0010'],
    ['4761739001', '**********'],
    ['', ''],
  ])('masks %s as %s', (pan, masked) => expect(maskPan(pan)).toBe(masked));

  it('keeps the length and shows at most the first six and last four digits', () => {
    for (let length = 11; length <= 19; length++) {
      const pan = '4'.padEnd(length, '7');
      const masked = maskPan(pan);
      expect(masked).toHaveLength(length);
      expect(masked.replaceAll('*', '')).toHaveLength(10);
    }
  });
});
