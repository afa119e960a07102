import type { KeyUsage, SymmetricAlgorithm } from '../../../server/emv/hsm-commands';

export interface KeyAttributes {
  keyRef: string;
  algorithm: SymmetricAlgorithm;
  usage: KeyUsage;
  label: string;
  /** Full check value as the backend computes it (TDES: 3 bytes of zeros encrypted; AES: 5-byte CMAC). */
  kcv: string;
}

export interface WrappedKey {
  /** The derived key, odd parity, TDES-ECB encrypted under the KEK. */
  cryptogram: Buffer;
  kcv: Buffer;
}

/**
 * What a backend must do; every method is shaped for one EMV purpose. Key-usage policy is enforced
 * above this interface (ops/ and key-usage.ts) and again by the PKCS#11 attributes below it.
 */
export interface HsmBackend {
  readonly name: 'software' | 'pkcs11';
  readonly token: string;
  generateKey(spec: {
    keyRef: string;
    algorithm: SymmetricAlgorithm;
    usage: KeyUsage;
    label: string;
  }): Promise<KeyAttributes>;
  /**
   * Stores a key whose value was assembled inside the bridge (from key components, or a test key);
   * never reachable from the protocol with a clear value.
   */
  importKey(spec: Omit<KeyAttributes, 'kcv'>, value: Buffer): Promise<KeyAttributes>;
  findKey(keyRef: string): Promise<KeyAttributes | null>;
  countKeys(): Promise<number>;
  /**
   * For each 16-byte derivation block: TDES-ECB encrypt it under the base key, set odd parity,
   * and return the result encrypted (TDES-ECB) under the KEK with its check value.
   */
  deriveTdesKeysUnderKek(
    baseKeyRef: string,
    kekRef: string,
    derivationBlocks: Buffer[],
  ): Promise<WrappedKey[]>;
  close(): Promise<void>;
}
