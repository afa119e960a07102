import type { SymmetricAlgorithm } from '../../../server/emv/hsm-commands';

export const keyLength: Record<SymmetricAlgorithm, number> = {
  TDES2: 16,
  TDES3: 24,
  AES128: 16,
  AES192: 24,
  AES256: 32,
};

export function isTdes(algorithm: SymmetricAlgorithm): boolean {
  return algorithm === 'TDES2' || algorithm === 'TDES3';
}
