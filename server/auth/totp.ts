import { createHmac, timingSafeEqual } from 'node:crypto';

/** RFC 6238 section 4 defaults, which every authenticator app implements: 30 s steps from the Unix epoch. */
export const totpStepSeconds = 30;
export const totpDigits = 6;
/** Codes of the step before and after now are accepted too (RFC 6238 section 5.2: clock drift, typing time). */
export const totpToleranceSteps = 1;
/** RFC 4226 section 4 R6: a shared secret of 160 bits, the length of an HMAC-SHA-1 output. */
export const totpSecretBytes = 20;

/** HOTP (RFC 4226 section 5.3): HMAC-SHA-1 over the 8-byte counter, dynamic truncation, `digits` decimals. */
export function hotp(secret: Uint8Array, counter: number, digits = totpDigits): string {
  if (!Number.isSafeInteger(counter) || counter < 0) {
    throw new Error(`HOTP counter must be a non-negative integer, got ${counter}`);
  }
  if (!Number.isInteger(digits) || digits < 6 || digits > 8) {
    throw new Error(`HOTP digits must be 6 to 8 (RFC 4226 section 5.3), got ${digits}`);
  }
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', secret).update(message).digest();
  const offset = mac[19]! & 0x0f;
  const binary = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return String(binary).padStart(digits, '0');
}

/** The TOTP time step T = floor((unix time - T0) / X), T0 = 0 (RFC 6238 section 4.2). */
export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / totpStepSeconds);
}

export function totpAt(secret: Uint8Array, at: Date, digits = totpDigits): string {
  return hotp(secret, totpStep(at), digits);
}

export type TotpCheck =
  { ok: true; step: number } | { ok: false; reason: 'wrong code' | 'code already used' };

/**
 * Checks a code against the steps now-1, now and now+1, every one of them compared in constant time
 * (no early exit), and refuses a code of a step at or before `lastStep`, the last one accepted: a code
 * someone saw being typed cannot be used again (RFC 6238 section 5.2).
 */
export function checkTotp(
  secret: Uint8Array,
  code: string,
  params: { at: Date; lastStep: number | null },
): TotpCheck {
  const now = totpStep(params.at);
  const given = Buffer.from(code.padEnd(totpDigits, ' ').slice(0, totpDigits), 'latin1');
  const wellFormed = code.length === totpDigits;
  let matched: number | null = null;
  let replayed = false;
  for (let step = now - totpToleranceSteps; step <= now + totpToleranceSteps; step++) {
    const equal = timingSafeEqual(given, Buffer.from(hotp(secret, step), 'latin1')) && wellFormed;
    if (!equal) continue;
    if (params.lastStep !== null && step <= params.lastStep) replayed = true;
    else matched = step;
  }
  if (matched !== null) return { ok: true, step: matched };
  return { ok: false, reason: replayed ? 'code already used' : 'wrong code' };
}

const base32Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 section 6 base32, without the "=" padding (authenticator apps and otpauth URIs omit it). */
export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += base32Alphabet[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += base32Alphabet[(buffer << (5 - bits)) & 31];
  return out;
}

/** Base32 as people type it: case, spaces, hyphens and trailing padding are ignored. */
export function base32Decode(text: string): Uint8Array {
  const clean = text.toUpperCase().replace(/[\s-]/g, '').replace(/=+$/, '');
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const [position, char] of [...clean].entries()) {
    const value = base32Alphabet.indexOf(char);
    if (value < 0) throw new Error(`"${char}" at position ${position + 1} is not a base32 character`);
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
    buffer &= (1 << bits) - 1;
  }
  return Uint8Array.from(out);
}

/**
 * The Key URI authenticator apps read from a QR code: otpauth://totp/Issuer:account?secret=…&issuer=…
 * (Google Authenticator "Key Uri Format"), with the RFC 6238 defaults spelled out.
 */
export function otpauthUri(params: { issuer: string; account: string; secret: Uint8Array }): string {
  const label = `${encodeURIComponent(params.issuer)}:${encodeURIComponent(params.account)}`;
  const query = [
    `secret=${base32Encode(params.secret)}`,
    `issuer=${encodeURIComponent(params.issuer)}`,
    'algorithm=SHA1',
    `digits=${totpDigits}`,
    `period=${totpStepSeconds}`,
  ].join('&');
  return `otpauth://totp/${label}?${query}`;
}
