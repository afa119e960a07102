import {
  constants,
  createCipheriv,
  createDecipheriv,
  createHmac,
  createPrivateKey,
  generateKeyPairSync,
  privateDecrypt,
  privateEncrypt,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { adjustOddParity } from '../../../../server/emv/crypto/des';
import type { SymmetricAlgorithm } from '../../../../server/emv/hsm-commands';
import { refuseDecryptionUnderTransportKek, requireTransportKekForTranslation } from '../../key-usage';
import type { CipherMode, HsmBackend, KeyAttributes, RsaPublicKey } from '../backend';
import { requireCvkLeftHalf } from '../cvk-left-half';
import { cipherName, isTdes, keyLength } from '../key-lengths';
import { SoftwareKeyStore } from './key-store';

/**
 * The zero-setup HSM: node:crypto inside the bridge process, keys sealed at rest under a local
 * master key. Same primitives as the PKCS#11 backend, so the operations above give the same bytes.
 */
export class SoftwareBackend implements HsmBackend {
  readonly name = 'software' as const;
  readonly token = 'software';
  private readonly store: SoftwareKeyStore;
  /** Key ceremony key pairs: in memory only, gone when the bridge stops. */
  private readonly decryptionKeys = new Map<string, KeyObject>();

  constructor(dataDir: string) {
    this.store = new SoftwareKeyStore(dataDir);
  }

  async generateKey(spec: KeyAttributes & { algorithm: SymmetricAlgorithm }): Promise<KeyAttributes> {
    const raw = randomBytes(keyLength[spec.algorithm]);
    return this.importKey(spec, isTdes(spec.algorithm) ? adjustOddParity(raw) : raw);
  }

  async importKey(
    spec: KeyAttributes & { algorithm: SymmetricAlgorithm },
    value: Buffer,
  ): Promise<KeyAttributes> {
    if (value.length !== keyLength[spec.algorithm]) {
      throw new Error(`a ${spec.algorithm} key must be ${keyLength[spec.algorithm]} bytes`);
    }
    const { keyRef, ...entry } = spec;
    this.store.add(keyRef, entry, value);
    return { ...spec };
  }

  async findKey(keyRef: string): Promise<KeyAttributes | null> {
    const entry = this.store.describe(keyRef);
    return entry ? { keyRef, ...entry } : null;
  }

  async countKeys(): Promise<number> {
    return this.store.size;
  }

  async encrypt(keyRef: string, mode: CipherMode, data: Buffer, iv?: Buffer): Promise<Buffer> {
    return this.cipher(keyRef, mode, data, iv, 'encrypt');
  }

  async decrypt(keyRef: string, mode: CipherMode, data: Buffer, iv?: Buffer): Promise<Buffer> {
    const key = await this.findKey(keyRef);
    if (key) refuseDecryptionUnderTransportKek(key);
    return this.cipher(keyRef, mode, data, iv, 'decrypt');
  }

  async decryptUnderTransportKek(kekRef: string, underKek: Buffer): Promise<Buffer> {
    requireTransportKekForTranslation(kekRef, await this.findKey(kekRef));
    return this.cipher(kekRef, 'ecb', underKek, undefined, 'decrypt');
  }

  async encryptWithLeftHalf(keyRef: string, data: Buffer): Promise<Buffer> {
    requireCvkLeftHalf(keyRef, await this.findKey(keyRef), data);
    const key = this.store.open(keyRef);
    // OpenSSL 3 keeps single DES in its legacy provider, which Node does not load: two-key TDES with
    // K1 = K2 = CVK A is E(A) D(A) E(A), that is single DES under CVK A.
    const leftTwice = Buffer.concat([key.subarray(0, 8), key.subarray(0, 8)]);
    try {
      const cipher = createCipheriv('des-ede-ecb', leftTwice, null);
      cipher.setAutoPadding(false);
      return Buffer.concat([cipher.update(data), cipher.final()]);
    } finally {
      key.fill(0);
      leftTwice.fill(0);
    }
  }

  async hmacSha256(keyRef: string, data: Buffer): Promise<Buffer> {
    const key = this.store.open(keyRef);
    try {
      return createHmac('sha256', key).update(data).digest();
    } finally {
      key.fill(0);
    }
  }

  async generateRsaKeyPair(
    spec: KeyAttributes & { bits: number; publicExponent: number },
  ): Promise<RsaPublicKey> {
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: spec.bits,
      publicExponent: spec.publicExponent,
    });
    const { keyRef, bits: _bits, publicExponent: _e, ...entry } = spec;
    this.store.add(
      keyRef,
      { ...entry, algorithm: 'RSA' },
      privateKey.export({ format: 'der', type: 'pkcs8' }),
    );
    return publicPart(privateKey.export({ format: 'jwk' }));
  }

  async rsaPublicKey(keyRef: string): Promise<RsaPublicKey | null> {
    const decryptionKey = this.decryptionKeys.get(keyRef);
    if (decryptionKey) return publicPart(decryptionKey.export({ format: 'jwk' }));
    if (this.store.describe(keyRef)?.algorithm !== 'RSA') return null;
    return publicPart(this.privateKey(keyRef).export({ format: 'jwk' }));
  }

  async rsaPrivateOperation(keyRef: string, block: Buffer): Promise<Buffer> {
    return privateEncrypt({ key: this.privateKey(keyRef), padding: constants.RSA_NO_PADDING }, block);
  }

  async exportableKeyValue(keyRef: string): Promise<Buffer> {
    const entry = this.store.describe(keyRef);
    if (!entry) throw new Error(`key ${keyRef} not found`);
    if (!entry.exportable) throw new Error(`key ${keyRef} was not created exportable`);
    return this.store.open(keyRef);
  }

  async generateRsaDecryptionKeyPair(spec: {
    keyRef: string;
    label: string;
    bits: number;
  }): Promise<RsaPublicKey> {
    if (this.decryptionKeys.has(spec.keyRef) || this.store.describe(spec.keyRef)) {
      throw new Error(`key ${spec.keyRef} already exists`);
    }
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: spec.bits, publicExponent: 65537 });
    this.decryptionKeys.set(spec.keyRef, privateKey);
    return publicPart(privateKey.export({ format: 'jwk' }));
  }

  async rsaOaepDecrypt(keyRef: string, ciphertext: Buffer): Promise<Buffer> {
    const key = this.decryptionKeys.get(keyRef);
    if (!key) throw new Error(`key ${keyRef} not found`);
    return privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, ciphertext);
  }

  async destroyRsaDecryptionKeyPair(keyRef: string): Promise<void> {
    this.decryptionKeys.delete(keyRef);
  }

  async close(): Promise<void> {
    this.decryptionKeys.clear();
  }

  private privateKey(keyRef: string) {
    return createPrivateKey({ key: this.store.open(keyRef), format: 'der', type: 'pkcs8' });
  }

  private cipher(
    keyRef: string,
    mode: CipherMode,
    data: Buffer,
    iv: Buffer | undefined,
    direction: 'encrypt' | 'decrypt',
  ) {
    const entry = this.store.describe(keyRef);
    if (!entry) throw new Error(`key ${keyRef} not found`);
    const key = this.store.open(keyRef);
    try {
      const name = cipherName(entry.algorithm, key.length, mode);
      const blockSize = isTdes(entry.algorithm) ? 8 : 16;
      const cipherIv = mode === 'ecb' ? null : (iv ?? Buffer.alloc(blockSize));
      const cipher =
        direction === 'encrypt' ? createCipheriv(name, key, cipherIv) : createDecipheriv(name, key, cipherIv);
      cipher.setAutoPadding(false);
      return Buffer.concat([cipher.update(data), cipher.final()]);
    } finally {
      key.fill(0);
    }
  }
}

function publicPart(jwk: { n?: string; e?: string }): RsaPublicKey {
  return { modulus: Buffer.from(jwk.n!, 'base64url'), publicExponent: Buffer.from(jwk.e!, 'base64url') };
}
