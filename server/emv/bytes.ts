/**
 * Byte helpers shared by the whole EMV core. Hex is upper-case at every boundary the core exposes,
 * because that is how the specifications and every HSM manual print it.
 */

export function fromHex(hex: string, name = 'value'): Buffer {
  const clean = hex.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) {
    throw new RangeError(`${name} must be an even number of hexadecimal digits`);
  }
  return Buffer.from(clean, 'hex');
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex').toUpperCase();
}

export function xor(a: Uint8Array, b: Uint8Array): Buffer {
  if (a.length !== b.length) {
    throw new RangeError(`cannot XOR ${a.length} bytes with ${b.length} bytes`);
  }
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

export function concat(...parts: Uint8Array[]): Buffer {
  return Buffer.concat(parts.map((p) => Buffer.from(p)));
}

/** Throws unless `bytes` has one of the allowed lengths; the message names the parameter. */
export function requireLength(bytes: Uint8Array, allowed: readonly number[], name: string): void {
  if (!allowed.includes(bytes.length)) {
    const expected = allowed.map((n) => `${n}`).join(' or ');
    throw new RangeError(`${name} must be ${expected} bytes, got ${bytes.length}`);
  }
}
