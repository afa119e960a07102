import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { keyUsage, symmetricAlgorithm } from '../../../../server/emv/hsm-commands';
import { deriveKeyBlockKeys, type KeyBlockKeys } from '../../../../server/emv/key-blocks/tr31';
import { openStoredKey, sealStoredKey } from './stored-key-block';

const attributes = {
  usage: keyUsage,
  label: z.string(),
  /** Only present, and true, for a key created to be exported under a KEK. */
  exportable: z.literal(true).optional(),
};
/** A secret key: a TR-31 version D key block under the LMK (stored-key-block.ts). */
const storedSecretKey = z.object({ algorithm: symmetricAlgorithm, ...attributes, keyBlock: z.string() });
/**
 * An RSA private key (usage S0): PKCS#8 DER sealed with AES-256-GCM under the LMK, iv(12) || tag(16)
 * || ciphertext, hex. Not a key block: the header set we build (key-blocks/header.ts) carries TDES,
 * AES and HMAC keys, and TR-31 has no key field layout for an RSA private key that we could check.
 */
const storedRsaKey = z.object({ algorithm: z.literal('RSA'), ...attributes, sealed: z.string() });
const storedKey = z.union([storedSecretKey, storedRsaKey]);
const storeFile = z.object({ version: z.literal(2), keys: z.record(z.string(), storedKey) });
/** The first format: every value, secret keys included, sealed like an RSA key is now. */
const storeFileVersion1 = z.object({
  version: z.literal(1),
  keys: z.record(
    z.string(),
    z.object({
      algorithm: z.union([symmetricAlgorithm, z.literal('RSA')]),
      ...attributes,
      sealed: z.string(),
    }),
  ),
});
export type StoredKey = z.infer<typeof storedKey>;
export type StoredKeyAttributes =
  Omit<z.infer<typeof storedSecretKey>, 'keyBlock'> | Omit<z.infer<typeof storedRsaKey>, 'sealed'>;

/**
 * The software HSM's key store: each secret key a TR-31 key block (ANSI X9.143, version D) whose
 * KBPK is the local master key (LMK), an AES-256 key in its own file (mode 0600); the key reference
 * and label are the entry's. The block's header binds the usage, algorithm, mode of use,
 * exportability and key reference to the value; RSA keys are sealed with the associated data doing
 * the same. A store of the first format is migrated when it is opened (migrateVersion1).
 */
export class SoftwareKeyStore {
  private readonly file: string;
  private readonly lmk: Buffer;
  /** KBEK and KBAK of the LMK (TR-31:2018 5.3.2.3), derived once: every block uses them. */
  private readonly lmkBlockKeys: KeyBlockKeys;
  private keys: Record<string, StoredKey>;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const lmkFile = path.join(dataDir, 'local-master-key.bin');
    if (!existsSync(lmkFile)) writeFileSync(lmkFile, randomBytes(32), { mode: 0o600, flag: 'wx' });
    this.lmk = readFileSync(lmkFile);
    if (this.lmk.length !== 32) {
      throw new Error(
        `local master key in ${lmkFile} must be 32 bytes (an AES-256 key), got ${this.lmk.length}`,
      );
    }
    this.lmkBlockKeys = deriveKeyBlockKeys('D', this.lmk);
    this.file = path.join(dataDir, 'software-keystore.json');
    this.keys = existsSync(this.file) ? this.read() : {};
  }

  get size(): number {
    return Object.keys(this.keys).length;
  }

  add(
    keyRef: string,
    attributes: Omit<StoredKeyAttributes, 'exportable'> & { exportable?: boolean },
    value: Buffer,
  ): void {
    if (this.keys[keyRef]) throw new Error(`key ${keyRef} already exists`);
    const { exportable, algorithm, ...rest } = attributes;
    const bound = { ...rest, ...(exportable ? { exportable: true as const } : {}) };
    const entry: StoredKey =
      algorithm === 'RSA'
        ? { ...bound, algorithm, sealed: this.seal(keyRef, { ...bound, algorithm }, value) }
        : {
            ...bound,
            algorithm,
            keyBlock: sealStoredKey(keyRef, { ...bound, algorithm }, value, this.lmkBlockKeys),
          };
    this.keys = { ...this.keys, [keyRef]: entry };
    this.persist();
  }

  describe(keyRef: string): StoredKeyAttributes | null {
    const entry = this.keys[keyRef];
    if (!entry) return null;
    if ('sealed' in entry) {
      const { sealed: _sealed, ...rest } = entry;
      return rest;
    }
    const { keyBlock: _keyBlock, ...rest } = entry;
    return rest;
  }

  /** The clear value, for use inside the bridge only. */
  open(keyRef: string): Buffer {
    const entry = this.keys[keyRef];
    if (!entry) throw new Error(`key ${keyRef} not found`);
    if ('sealed' in entry) return this.unseal(keyRef, entry, entry.sealed);
    return openStoredKey(keyRef, entry, entry.keyBlock, this.lmkBlockKeys);
  }

  private read(): Record<string, StoredKey> {
    const raw = JSON.parse(readFileSync(this.file, 'utf8')) as { version?: unknown };
    if (raw.version === 1) {
      this.keys = this.migrateVersion1(storeFileVersion1.parse(raw).keys);
      this.persist();
      return this.keys;
    }
    if (raw.version !== 2) {
      throw new Error(
        `the software key store ${this.file} has format version ${String(raw.version)}; this bridge reads versions 1 and 2: run the bridge release that wrote it`,
      );
    }
    return storeFile.parse(raw).keys;
  }

  /**
   * The first format sealed secret keys with AES-GCM too. Each is opened (which checks its reference,
   * usage and algorithm against the associated data) and rewritten as a key block; RSA keys keep their
   * sealed value, whose format has not changed. The new file replaces the old one atomically, so a
   * bridge stopped half-way finds the old file intact; a bridge of the first release cannot read the
   * migrated file.
   */
  private migrateVersion1(old: z.infer<typeof storeFileVersion1>['keys']): Record<string, StoredKey> {
    const migrated: Record<string, StoredKey> = {};
    for (const [keyRef, entry] of Object.entries(old)) {
      const { sealed, algorithm, ...rest } = entry;
      if (algorithm === 'RSA') {
        migrated[keyRef] = { ...rest, algorithm, sealed };
        continue;
      }
      const value = this.unseal(keyRef, entry, sealed);
      try {
        migrated[keyRef] = {
          ...rest,
          algorithm,
          keyBlock: sealStoredKey(keyRef, { ...rest, algorithm }, value, this.lmkBlockKeys),
        };
      } finally {
        value.fill(0);
      }
    }
    return migrated;
  }

  private seal(keyRef: string, entry: AssociatedEntry, value: Buffer): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.lmk, iv);
    cipher.setAAD(associatedData(keyRef, entry));
    const body = Buffer.concat([cipher.update(value), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('hex');
  }

  private unseal(keyRef: string, entry: AssociatedEntry, sealed: string): Buffer {
    const raw = Buffer.from(sealed, 'hex');
    const decipher = createDecipheriv('aes-256-gcm', this.lmk, raw.subarray(0, 12));
    decipher.setAAD(associatedData(keyRef, entry));
    decipher.setAuthTag(raw.subarray(12, 28));
    try {
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
    } catch {
      throw new Error(
        `key ${keyRef} in the software key store does not open: its sealed value does not authenticate under the local master key; the key store file or its local master key has been altered; restore both from a backup`,
      );
    }
  }

  private persist(): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: 2, keys: this.keys }, null, 1), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}

type AssociatedEntry = Pick<StoredKey, 'usage' | 'algorithm' | 'exportable'>;

/** Binds a sealed value to its reference, usage, algorithm and, for exportable keys, exportability. */
function associatedData(keyRef: string, entry: AssociatedEntry): Buffer {
  return Buffer.from(`${keyRef}|${entry.usage}|${entry.algorithm}${entry.exportable ? '|exportable' : ''}`);
}
