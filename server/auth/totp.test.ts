import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, checkTotp, hotp, otpauthUri, totpAt, totpStep } from './totp';
import published from './totp-vectors.json';

const ascii = (text: string) => new Uint8Array(Buffer.from(text, 'ascii'));
const rfcSecret = ascii(published.hotp.secretAscii);

describe('HOTP, RFC 4226 Appendix D (sources in totp-vectors.json)', () => {
  it.each(published.hotp.vectors)(
    'counter $counter gives $hotp',
    ({ counter, hmac, truncated, hotp: code }) => {
      const counterBytes = Buffer.alloc(8);
      counterBytes.writeBigUInt64BE(BigInt(counter));
      const mac = createHmac('sha1', rfcSecret).update(counterBytes).digest();
      expect(mac.toString('hex')).toBe(hmac);
      expect(mac.readUInt32BE(mac[19]! & 0x0f) & 0x7fffffff).toBe(truncated);
      expect(hotp(rfcSecret, counter)).toBe(code);
    },
  );

  it('refuses a negative or fractional counter and fewer than 6 digits, naming the parameter', () => {
    expect(() => hotp(rfcSecret, -1)).toThrow('HOTP counter must be a non-negative integer, got -1');
    expect(() => hotp(rfcSecret, 1.5)).toThrow('HOTP counter must be a non-negative integer, got 1.5');
    expect(() => hotp(rfcSecret, 0, 5)).toThrow('HOTP digits must be 6 to 8 (RFC 4226 section 5.3), got 5');
  });
});

describe('TOTP, RFC 6238 Appendix B, SHA-1 rows', () => {
  it.each(published.totp.vectors)('$utc (T = $step) gives $totp', ({ unixSeconds, step, totp }) => {
    const at = new Date(unixSeconds * 1000);
    expect(totpStep(at)).toBe(Number.parseInt(step, 16));
    expect(totpAt(rfcSecret, at, published.totp.digits)).toBe(totp);
    // Six digits are the same number modulo 10^6: the last six of the eight.
    expect(totpAt(rfcSecret, at)).toBe(totp.slice(2));
  });
});

describe('checking a code', () => {
  // 2005-03-18 01:58:31 UTC is step 0x23523ED (RFC 6238 Appendix B); the codes of its neighbours are HOTP values.
  const at = new Date(1111111111 * 1000);
  const step = 0x23523ed;
  const codeOf = (s: number) => hotp(rfcSecret, s);

  it('accepts the code of the current step and of one step either side, and says which step it was', () => {
    expect(checkTotp(rfcSecret, '050471', { at, lastStep: null })).toEqual({ ok: true, step });
    expect(checkTotp(rfcSecret, codeOf(step - 1), { at, lastStep: null })).toEqual({
      ok: true,
      step: step - 1,
    });
    expect(checkTotp(rfcSecret, codeOf(step + 1), { at, lastStep: null })).toEqual({
      ok: true,
      step: step + 1,
    });
  });

  it('refuses codes two steps away, other digits, and input that is not six digits', () => {
    for (const code of [codeOf(step - 2), codeOf(step + 2), '000000', '05047', '0504711', '', 'abcdef']) {
      expect(checkTotp(rfcSecret, code, { at, lastStep: null })).toEqual({ ok: false, reason: 'wrong code' });
    }
  });

  it('refuses a code of the last accepted step or an earlier one as already used', () => {
    expect(checkTotp(rfcSecret, codeOf(step), { at, lastStep: step })).toEqual({
      ok: false,
      reason: 'code already used',
    });
    expect(checkTotp(rfcSecret, codeOf(step - 1), { at, lastStep: step })).toEqual({
      ok: false,
      reason: 'code already used',
    });
    expect(checkTotp(rfcSecret, codeOf(step + 1), { at, lastStep: step })).toEqual({
      ok: true,
      step: step + 1,
    });
    expect(checkTotp(rfcSecret, codeOf(step), { at, lastStep: step - 1 })).toEqual({ ok: true, step });
  });
});

describe('base32, RFC 4648 section 10', () => {
  it.each(published.base32.vectors)('"$ascii" is "$base32"', ({ ascii: text, base32 }) => {
    expect(base32Encode(ascii(text))).toBe(base32);
    expect(Buffer.from(base32Decode(base32)).toString('ascii')).toBe(text);
  });

  it('reads what people type: lower case, spaces, hyphens, padding', () => {
    expect(Buffer.from(base32Decode('mzxw 6ytb-oi======')).toString('ascii')).toBe('foobar');
    expect(base32Encode(rfcSecret)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });

  it('names a character that is not base32 and where it is', () => {
    expect(() => base32Decode('MZXW1')).toThrow('"1" at position 5 is not a base32 character');
  });
});

describe('otpauth URI', () => {
  it('carries issuer, account and secret, and the RFC 6238 defaults', () => {
    expect(otpauthUri({ issuer: 'EMV Data Preparation', account: 'officer1', secret: rfcSecret })).toBe(
      'otpauth://totp/EMV%20Data%20Preparation:officer1?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' +
        '&issuer=EMV%20Data%20Preparation&algorithm=SHA1&digits=6&period=30',
    );
  });
});
