import type { KeyUsage, SymmetricAlgorithm } from '../../../server/emv/hsm-commands';

export type KeyAlgorithm = SymmetricAlgorithm | 'RSA';

export interface KeyAttributes {
  keyRef: string;
  algorithm: KeyAlgorithm;
  usage: KeyUsage;
  label: string;
  /**
   * Present and true only for a secret key created to be exported under a KEK (a key imported from a
   * TR-31 block whose header allows export). PKCS#11: CKA_EXTRACTABLE, still CKA_SENSITIVE.
   */
  exportable?: boolean;
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
  /** As encrypt; a transport KEK (K0) is refused, the same way on both backends (key-usage.ts). */
  decrypt(keyRef: string, mode: CipherMode, data: Buffer, iv?: Buffer): Promise<Buffer>;
  /**
   * TDES-ECB decryption under a transport KEK (K0), and no other key: for translateUnderKekToSessionKey
   * (ops/validation/kek-secrets.ts) only, which re-encrypts the clear at once under a virtual card's
   * session key; clulow-attack.test.ts checks that nothing else calls it. PKCS#11: the token refuses
   * a K0 key created before K0 keys got CKA_DECRYPT (CKR_KEY_FUNCTION_NOT_PERMITTED).
   */
  decryptUnderTransportKek(kekRef: string, underKek: Buffer): Promise<Buffer>;
  /**
   * Single DES, ECB, no padding, under the left 8 bytes (CVK A) of a double-length TDES CVK (usage C0,
   * CVK A || CVK B): the first step of the Visa CVV algorithm, which a TDES key cannot do with its
   * left half alone. Any other key is refused. `data` is whole 8-byte blocks.
   */
  encryptWithLeftHalf(keyRef: string, data: Buffer): Promise<Buffer>;
  hmacSha256(keyRef: string, data: Buffer): Promise<Buffer>;
  /** An RSA key pair whose private key never leaves the HSM. */
  generateRsaKeyPair(spec: KeyAttributes & { bits: number; publicExponent: number }): Promise<RsaPublicKey>;
  rsaPublicKey(keyRef: string): Promise<RsaPublicKey | null>;
  /** m^d mod n with the private key: EMV signatures are message-recovery blocks, padded by the caller. */
  rsaPrivateOperation(keyRef: string, block: Buffer): Promise<Buffer>;
  /**
   * The clear value of a secret key created exportable, for a key block built inside the bridge
   * (ops/key-blocks); any other key is refused (PKCS#11: CKR_KEY_UNEXTRACTABLE). The PKCS#11 backend
   * wraps it under a one-time wrap-only session key whose value only the bridge knows.
   */
  exportableKeyValue(keyRef: string): Promise<Buffer>;
  /**
   * An ephemeral RSA key pair (exponent 65537) for a key ceremony: the private key only decrypts
   * RSA-OAEP, never signs, unwraps or leaves the HSM, and lives until destroyed or the bridge stops
   * (PKCS#11: session objects). It has no usage, so findKey does not see it.
   */
  generateRsaDecryptionKeyPair(spec: { keyRef: string; label: string; bits: number }): Promise<RsaPublicKey>;
  /** RSA-OAEP decryption (RFC 8017 7.1.2) with SHA-256, MGF1-SHA-256 and an empty label. */
  rsaOaepDecrypt(keyRef: string, ciphertext: Buffer): Promise<Buffer>;
  destroyRsaDecryptionKeyPair(keyRef: string): Promise<void>;
  close(): Promise<void>;
}
