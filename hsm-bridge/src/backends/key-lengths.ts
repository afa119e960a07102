import type { SymmetricAlgorithm } from '../../../server/emv/hsm-commands';

export const keyLength: Record<SymmetricAlgorithm, number> = {
  TDES2: 16,
  TDES3: 24,
  AES128: 16,
  AES192: 24,
  AES256: 32,
  HMAC256: 32,
};

export function isTdes(algorithm: string): boolean {
  return algorithm === 'TDES2' || algorithm === 'TDES3';
}

export function isAes(algorithm: string): boolean {
  return algorithm.startsWith('AES');
}

/** The node:crypto cipher name for a key's algorithm and a mode. */
export function cipherName(algorithm: string, keyBytes: number, mode: 'ecb' | 'cbc'): string {
  if (isTdes(algorithm)) return keyBytes === 16 ? `des-ede-${mode}` : `des-ede3-${mode}`;
  if (isAes(algorithm)) return `aes-${keyBytes * 8}-${mode}`;
  throw new Error(`a ${algorithm} key cannot encrypt`);
}
