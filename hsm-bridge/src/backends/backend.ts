import type { KeyUsage, SymmetricAlgorithm } from '../../../server/emv/hsm-commands';

export type KeyAlgorithm = SymmetricAlgorithm | 'RSA';

export interface KeyAttributes {
  keyRef: string;
  algorithm: KeyAlgorithm;
  usage: KeyUsage;
  label: string;
}

export interface RsaPublicKey {
  modulus: Buffer;
  publicExponent: Buffer;
}

export type CipherMode = 'ecb' | 'cbc';

/**
 * The primitives a backend offers the bridge's operations. They are internal: the protocol exposes
 * only EMV-shaped commands (ops/), each of which checks every key's usage (key-usage.ts) before it
 * calls a primitive. Every EMV computation is done once, in ops/, on top of these primitives, so
 * both backends give byte-identical results by construction; a PKCS#11 token additionally refuses,
 * through each key's attributes (pkcs11/key-templates.ts), what its usage does not allow.
 */
export interface HsmBackend {
  readonly name: 'software' | 'pkcs11';
  readonly token: string;
  /** A new secret key generated inside the HSM (TDES keys with odd parity). */
  generateKey(spec: KeyAttributes & { algorithm: SymmetricAlgorithm }): Promise<KeyAttributes>;
  /** Stores a key whose value was assembled inside the bridge (key components, a test key). */
  importKey(spec: KeyAttributes & { algorithm: SymmetricAlgorithm }, value: Buffer): Promise<KeyAttributes>;
  findKey(keyRef: string): Promise<KeyAttributes | null>;
  countKeys(): Promise<number>;
  /** TDES or AES (by the key's algorithm), no padding; `data` is whole blocks. */
  encrypt(keyRef: string, mode: CipherMode, data: Buffer, iv?: Buffer): Promise<Buffer>;
  decrypt(keyRef: string, mode: CipherMode, data: Buffer, iv?: Buffer): Promise<Buffer>;
  hmacSha256(keyRef: string, data: Buffer): Promise<Buffer>;
  /** An RSA key pair whose private key never leaves the HSM. */
  generateRsaKeyPair(spec: KeyAttributes & { bits: number; publicExponent: number }): Promise<RsaPublicKey>;
  rsaPublicKey(keyRef: string): Promise<RsaPublicKey | null>;
  /** m^d mod n with the private key: EMV signatures are message-recovery blocks, padded by the caller. */
  rsaPrivateOperation(keyRef: string, block: Buffer): Promise<Buffer>;
  close(): Promise<void>;
}
