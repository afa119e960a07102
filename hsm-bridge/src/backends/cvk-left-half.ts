import type { KeyAttributes } from './backend';

/**
 * Whether a key has a single-DES left half the HSM may use: only a double-length TDES CVK (usage C0,
 * CVK A || CVK B), for the first step of the Visa CVV algorithm (server/emv/crypto/cvv.ts).
 */
export function hasCvkLeftHalf(key: Pick<KeyAttributes, 'usage' | 'algorithm'>): boolean {
  return key.usage === 'C0' && key.algorithm === 'TDES2';
}

/** The checks both backends make before a single-DES encryption under a key's left half. */
export function requireCvkLeftHalf(keyRef: string, key: KeyAttributes | null, data: Buffer): void {
  if (!key) throw new Error(`key ${keyRef} not found`);
  if (!hasCvkLeftHalf(key)) {
    throw new Error(
      `key ${keyRef} is a ${key.usage} ${key.algorithm} key: only the left half of a double-length TDES CVK (usage C0) encrypts with single DES`,
    );
  }
  if (data.length === 0 || data.length % 8 !== 0) {
    throw new Error(`data must be whole 8-byte blocks, got ${data.length} bytes`);
  }
}
