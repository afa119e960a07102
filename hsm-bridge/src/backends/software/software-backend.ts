import { randomBytes } from 'node:crypto';
import { adjustOddParity, tdesEcbEncrypt } from '../../../../server/emv/crypto/des';
import { aesKcvCmac, tdesKcv } from '../../../../server/emv/crypto/kcv';
import { toHex } from '../../../../server/emv/bytes';
import type { HsmBackend, KeyAttributes, WrappedKey } from '../backend';
import { isTdes, keyLength } from '../key-lengths';
import { SoftwareKeyStore } from './key-store';

/**
 * The zero-setup HSM: node:crypto inside the bridge process, keys sealed at rest under a local
 * master key. It must give byte-identical results to the PKCS#11 backend.
 */
export class SoftwareBackend implements HsmBackend {
  readonly name = 'software' as const;
  readonly token = 'software';
  private readonly store: SoftwareKeyStore;

  constructor(dataDir: string) {
    this.store = new SoftwareKeyStore(dataDir);
  }

  async generateKey(spec: Omit<KeyAttributes, 'kcv'>): Promise<KeyAttributes> {
    const raw = randomBytes(keyLength[spec.algorithm]);
    return this.importKey(spec, isTdes(spec.algorithm) ? adjustOddParity(raw) : raw);
  }

  async importKey(spec: Omit<KeyAttributes, 'kcv'>, value: Buffer): Promise<KeyAttributes> {
    if (value.length !== keyLength[spec.algorithm]) {
      throw new Error(`a ${spec.algorithm} key must be ${keyLength[spec.algorithm]} bytes`);
    }
    const kcv = toHex(isTdes(spec.algorithm) ? tdesKcv(value) : aesKcvCmac(value));
    const { keyRef, ...entry } = spec;
    this.store.add(keyRef, { ...entry, kcv }, value);
    return { ...spec, kcv };
  }

  async findKey(keyRef: string): Promise<KeyAttributes | null> {
    const entry = this.store.describe(keyRef);
    return entry ? { keyRef, ...entry } : null;
  }

  async countKeys(): Promise<number> {
    return this.store.size;
  }

  async deriveTdesKeysUnderKek(
    baseKeyRef: string,
    kekRef: string,
    derivationBlocks: Buffer[],
  ): Promise<WrappedKey[]> {
    const baseKey = this.store.open(baseKeyRef);
    const kek = this.store.open(kekRef);
    try {
      return derivationBlocks.map((block) => {
        const derived = adjustOddParity(tdesEcbEncrypt(baseKey, block));
        const wrapped = { cryptogram: tdesEcbEncrypt(kek, derived), kcv: tdesKcv(derived) };
        derived.fill(0);
        return wrapped;
      });
    } finally {
      baseKey.fill(0);
      kek.fill(0);
    }
  }

  async close(): Promise<void> {}
}
