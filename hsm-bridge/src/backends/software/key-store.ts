import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { keyUsage, symmetricAlgorithm } from '../../../../server/emv/hsm-commands';

const storedKey = z.object({
  algorithm: z.union([symmetricAlgorithm, z.literal('RSA')]),
  usage: keyUsage,
  label: z.string(),
  /** Only present, and true, for a key created to be exported under a KEK. */
  exportable: z.literal(true).optional(),
  /** AES-256-GCM under the local master key: iv(12) || tag(16) || ciphertext, hex (RSA: PKCS#8 DER). */
  sealed: z.string(),
});
const storeFile = z.object({ version: z.literal(1), keys: z.record(z.string(), storedKey) });
export type StoredKey = z.infer<typeof storedKey>;

/**
 * The software HSM's key store: every key value sealed under a local master key (LMK) that lives
 * in its own file (mode 0600). The associated data binds each value to its reference, usage and
 * algorithm, so a sealed value copied onto another entry does not open.
 */
export class SoftwareKeyStore {
  private readonly file: string;
  private readonly lmk: Buffer;
  private keys: Record<string, StoredKey>;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const lmkFile = path.join(dataDir, 'local-master-key.bin');
    if (!existsSync(lmkFile)) writeFileSync(lmkFile, randomBytes(32), { mode: 0o600, flag: 'wx' });
    this.lmk = readFileSync(lmkFile);
    if (this.lmk.length !== 32) throw new Error(`local master key in ${lmkFile} must be 32 bytes`);
    this.file = path.join(dataDir, 'software-keystore.json');
    this.keys = existsSync(this.file)
      ? storeFile.parse(JSON.parse(readFileSync(this.file, 'utf8'))).keys
      : {};
  }

  get size(): number {
    return Object.keys(this.keys).length;
  }

  add(
    keyRef: string,
    attributes: Omit<StoredKey, 'sealed' | 'exportable'> & { exportable?: boolean },
    value: Buffer,
  ): void {
    if (this.keys[keyRef]) throw new Error(`key ${keyRef} already exists`);
    const { exportable, ...rest } = attributes;
    const entry: Omit<StoredKey, 'sealed'> = {
      ...rest,
      ...(exportable ? { exportable: true as const } : {}),
    };
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.lmk, iv);
    cipher.setAAD(associatedData(keyRef, entry));
    const body = Buffer.concat([cipher.update(value), cipher.final()]);
    const sealed = Buffer.concat([iv, cipher.getAuthTag(), body]).toString('hex');
    this.keys = { ...this.keys, [keyRef]: { ...entry, sealed } };
    this.persist();
  }

  describe(keyRef: string): Omit<StoredKey, 'sealed'> | null {
    const entry = this.keys[keyRef];
    if (!entry) return null;
    const { sealed: _sealed, ...attributes } = entry;
    return attributes;
  }

  /** The clear value, for use inside the bridge only. */
  open(keyRef: string): Buffer {
    const entry = this.keys[keyRef];
    if (!entry) throw new Error(`key ${keyRef} not found`);
    const raw = Buffer.from(entry.sealed, 'hex');
    const decipher = createDecipheriv('aes-256-gcm', this.lmk, raw.subarray(0, 12));
    decipher.setAAD(associatedData(keyRef, entry));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
  }

  private persist(): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: 1, keys: this.keys }, null, 1), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}

/** Binds the value to its reference, usage, algorithm and, for exportable keys, exportability. */
function associatedData(
  keyRef: string,
  entry: Pick<StoredKey, 'usage' | 'algorithm' | 'exportable'>,
): Buffer {
  return Buffer.from(`${keyRef}|${entry.usage}|${entry.algorithm}${entry.exportable ? '|exportable' : ''}`);
}
