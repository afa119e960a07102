/** ISO/IEC 7812-1 Annex B: the Luhn sum of the digits, modulo 10 (0 for a valid PAN). */
function luhnResidue(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10;
}

/** ISO/IEC 7812-1 Annex B: the Luhn check digit. */
export function isLuhnValid(pan: string): boolean {
  return /^\d+$/.test(pan) && luhnResidue(pan) === 0;
}

/** The PAN made of `body` and the Luhn check digit that completes it (ISO/IEC 7812-1 Annex B). */
export function withLuhnDigit(body: string): string {
  if (!/^\d+$/.test(body)) throw new Error('a PAN body is digits only');
  return `${body}${(10 - luhnResidue(`${body}0`)) % 10}`;
}

/** PCI DSS 3.4: at most the first six and last four digits are shown. */
export function maskPan(pan: string): string {
  if (pan.length < 11) return '*'.repeat(pan.length);
  return `${pan.slice(0, 6)}${'*'.repeat(pan.length - 10)}${pan.slice(-4)}`;
}
