import { createCipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../server/emv/bytes';
import { tdesKcv } from '../../server/emv/crypto/kcv';
import type { KeyUsage, SymmetricAlgorithm } from '../../server/emv/hsm-commands';
import { decryptKeyBlock, parseKeyBlock } from '../../server/emv/key-blocks/tr31';
import type { HsmBackend, KeyAttributes } from '../src/backends/backend';
import { SoftwareBackend } from '../src/backends/software/software-backend';
import { keyCheckValue } from '../src/key-check-value';

/**
 * Issue 3, key inventory: "a software-backend key is stored as a TR-31 (ANSI X9.143) key block under
 * the local master key". The blocks are read back here with the EMV core's TR-31 code and the LMK
 * file, independently of the store.
 */

const storeFileName = 'software-keystore.json';
const tdes2 = fromHex('0123456789ABCDEFFEDCBA9876543210');

function newDataDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'dataprep-sw-store-'));
}

interface StoreEntry {
  algorithm: string;
  usage: string;
  label: string;
  exportable?: true;
  keyBlock?: string;
  sealed?: string;
}

function readStore(dataDir: string): { version: number; keys: Record<string, StoreEntry> } {
  return JSON.parse(readFileSync(path.join(dataDir, storeFileName), 'utf8'));
}

function writeStore(dataDir: string, store: unknown): void {
  writeFileSync(path.join(dataDir, storeFileName), JSON.stringify(store));
}

function lmkOf(dataDir: string): Buffer {
  return readFileSync(path.join(dataDir, 'local-master-key.bin'));
}

const secretKeys: [KeyUsage, SymmetricAlgorithm, string, string][] = [
  ['E0', 'TDES2', toHex(tdes2), 'X'],
  ['K0', 'TDES3', `${toHex(tdes2)}89ABCDEF01234567`, 'E'],
  ['P0', 'AES128', '000102030405060708090A0B0C0D0E0F', 'B'],
  ['C0', 'TDES2', toHex(tdes2), 'C'],
  ['D0', 'AES192', '88E1AB2A2E3DD38C1FA039A536500CC8A87AB9D62DC92C01', 'B'],
  ['K1', 'AES256', '88E1AB2A2E3DD38C1FA039A536500CC8A87AB9D62DC92C01058FA79F44657DE6', 'B'],
  ['M7', 'HMAC256', '0B'.repeat(32), 'C'],
];

async function storeAll(backend: HsmBackend): Promise<KeyAttributes[]> {
  const keys: KeyAttributes[] = [];
  for (const [usage, algorithm, value] of secretKeys) {
    keys.push(
      await backend.importKey(
        { keyRef: `store-${usage}-${algorithm}`, usage, algorithm, label: `stored ${usage}` },
        fromHex(value),
      ),
    );
  }
  await backend.generateRsaKeyPair({
    keyRef: 'store-S0-RSA',
    usage: 'S0',
    algorithm: 'RSA',
    label: 'issuer key',
    bits: 1024,
    publicExponent: 3,
  });
  keys.push({ keyRef: 'store-S0-RSA', usage: 'S0', algorithm: 'RSA', label: 'issuer key' });
  return keys;
}

async function kcvs(backend: HsmBackend, keys: KeyAttributes[]): Promise<string[]> {
  return Promise.all(keys.map((key) => keyCheckValue(backend, key)));
}

describe('the software key store', () => {
  it.each(secretKeys)(
    'stores a %s %s key as a TR-31 version D block under the LMK, mode of use %s',
    async (usage, algorithm, value, modeOfUse) => {
      const dataDir = newDataDir();
      const backend = new SoftwareBackend(dataDir);
      const keyRef = `block-${usage}-0001`;
      await backend.importKey({ keyRef, usage, algorithm, label: 'a label' }, fromHex(value));
      const entry = readStore(dataDir).keys[keyRef]!;
      expect(entry).toEqual({ algorithm, usage, label: 'a label', keyBlock: expect.any(String) });
      const { header } = parseKeyBlock(entry.keyBlock!);
      expect(header).toMatchObject({
        version: 'D',
        usage,
        algorithm: algorithm === 'HMAC256' ? 'H' : algorithm.startsWith('AES') ? 'A' : 'T',
        modeOfUse,
        keyVersion: '00',
        exportability: 'N',
      });
      expect(header.optionalBlocks.filter((block) => block.id !== 'PB')).toEqual([
        { id: '01', data: keyRef },
        ...(algorithm === 'HMAC256' ? [{ id: 'HM', data: '21' }] : []),
      ]);
      expect(toHex(decryptKeyBlock(lmkOf(dataDir), entry.keyBlock!).key)).toBe(value);
      expect(readStore(dataDir).version).toBe(2);
      expect(readFileSync(path.join(dataDir, storeFileName), 'utf8')).not.toContain(value);
    },
  );

  it('marks a key created exportable with exportability E', async () => {
    const dataDir = newDataDir();
    const backend = new SoftwareBackend(dataDir);
    await backend.importKey(
      { keyRef: 'exportable-0001', usage: 'C0', algorithm: 'TDES2', label: 'x', exportable: true },
      tdes2,
    );
    const entry = readStore(dataDir).keys['exportable-0001']!;
    expect(entry.exportable).toBe(true);
    expect(parseKeyBlock(entry.keyBlock!).header.exportability).toBe('E');
    expect(toHex(await backend.exportableKeyValue('exportable-0001'))).toBe(toHex(tdes2));
  });

  it('keeps an RSA private key sealed with AES-GCM, not as a key block', async () => {
    const dataDir = newDataDir();
    await new SoftwareBackend(dataDir).generateRsaKeyPair({
      keyRef: 'rsa-0001',
      usage: 'S0',
      algorithm: 'RSA',
      label: 'issuer key',
      bits: 1024,
      publicExponent: 65537,
    });
    expect(readStore(dataDir).keys['rsa-0001']).toEqual({
      algorithm: 'RSA',
      usage: 'S0',
      label: 'issuer key',
      sealed: expect.stringMatching(/^[0-9a-f]+$/),
    });
  });

  it('gives the same keys and KCVs after a restart', async () => {
    const dataDir = newDataDir();
    const first = new SoftwareBackend(dataDir);
    const keys = await storeAll(first);
    const before = await kcvs(first, keys);
    expect(before[0]).toBe(toHex(tdesKcv(tdes2)));
    await first.close();

    const second = new SoftwareBackend(dataDir);
    expect(await second.countKeys()).toBe(keys.length);
    for (const key of keys) expect(await second.findKey(key.keyRef)).toEqual(key);
    expect(await kcvs(second, keys)).toEqual(before);
  });

  it('refuses a tampered key block with the TR-31 MAC error', async () => {
    const dataDir = newDataDir();
    await new SoftwareBackend(dataDir).importKey(
      { keyRef: 'tampered-0001', usage: 'E0', algorithm: 'TDES2', label: 'x' },
      tdes2,
    );
    const store = readStore(dataDir);
    const block = store.keys['tampered-0001']!.keyBlock!;
    const last = block.at(-1) === '0' ? '1' : '0';
    store.keys['tampered-0001']!.keyBlock = `${block.slice(0, -1)}${last}`;
    writeStore(dataDir, store);
    await expect(
      new SoftwareBackend(dataDir).encrypt('tampered-0001', 'ecb', Buffer.alloc(8)),
    ).rejects.toThrow(
      'key tampered-0001 in the software key store: key block MAC does not verify: the key store file or its local master key has been altered; restore both from a backup',
    );
  });

  it('refuses a block whose entry was changed, or that was copied onto another entry', async () => {
    const dataDir = newDataDir();
    const backend = new SoftwareBackend(dataDir);
    for (const keyRef of ['copied-0001', 'copied-0002']) {
      await backend.importKey({ keyRef, usage: 'E0', algorithm: 'TDES2', label: 'x' }, randomBytes(16));
    }
    const store = readStore(dataDir);
    store.keys['copied-0002']!.keyBlock = store.keys['copied-0001']!.keyBlock;
    store.keys['copied-0001']!.usage = 'C0';
    writeStore(dataDir, store);
    const reopened = new SoftwareBackend(dataDir);
    await expect(reopened.encrypt('copied-0002', 'ecb', Buffer.alloc(8))).rejects.toThrow(
      /^key copied-0002 in the software key store: its key block header D\d{4}E0TX00N0200.* does not match the entry \(usage E0, TDES2\): the key store file or its local master key has been altered/,
    );
    await expect(reopened.encryptWithLeftHalf('copied-0001', Buffer.alloc(8))).rejects.toThrow(
      /^key copied-0001 in the software key store: its key block header D\d{4}E0TX.* does not match the entry \(usage C0, TDES2\)/,
    );
  });

  it('refuses a block under another local master key', async () => {
    const dataDir = newDataDir();
    await new SoftwareBackend(dataDir).importKey(
      { keyRef: 'other-lmk-0001', usage: 'E0', algorithm: 'TDES2', label: 'x' },
      tdes2,
    );
    writeFileSync(path.join(dataDir, 'local-master-key.bin'), randomBytes(32));
    await expect(
      new SoftwareBackend(dataDir).encrypt('other-lmk-0001', 'ecb', Buffer.alloc(8)),
    ).rejects.toThrow('key other-lmk-0001 in the software key store: key block MAC does not verify');
  });

  it('refuses a store of an unknown format version, saying what to do', () => {
    const dataDir = newDataDir();
    new SoftwareBackend(dataDir);
    writeStore(dataDir, { version: 3, keys: {} });
    expect(() => new SoftwareBackend(dataDir)).toThrow(
      `the software key store ${path.join(dataDir, storeFileName)} has format version 3; this bridge reads versions 1 and 2: run the bridge release that wrote it`,
    );
  });
});

describe('a key store of the first format (every value sealed with AES-GCM)', () => {
  /** Seals as the first format did: AES-256-GCM under the LMK, the entry's attributes as associated data. */
  function sealVersion1(lmk: Buffer, keyRef: string, entry: StoreEntry, value: Buffer): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', lmk, iv);
    cipher.setAAD(
      Buffer.from(`${keyRef}|${entry.usage}|${entry.algorithm}${entry.exportable ? '|exportable' : ''}`),
    );
    const body = Buffer.concat([cipher.update(value), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('hex');
  }

  /** A first-format store with a TDES key, an exportable AES key and the RSA key of a current store. */
  async function versionOneStore() {
    const dataDir = newDataDir();
    const rsa = { keyRef: 'old-rsa-0001', usage: 'S0' as const, algorithm: 'RSA' as const, label: 'issuer' };
    const current = new SoftwareBackend(dataDir);
    await current.generateRsaKeyPair({ ...rsa, bits: 1024, publicExponent: 3 });
    const rsaKcv = await keyCheckValue(current, rsa);
    const rsaEntry = readStore(dataDir).keys[rsa.keyRef]!;
    const lmk = lmkOf(dataDir);
    const tdesEntry: StoreEntry = { algorithm: 'TDES2', usage: 'E0', label: 'old IMK' };
    const aesEntry: StoreEntry = { algorithm: 'AES128', usage: 'K1', label: 'old KBPK', exportable: true };
    const aesValue = fromHex('000102030405060708090A0B0C0D0E0F');
    writeStore(dataDir, {
      version: 1,
      keys: {
        'old-imk-0001': { ...tdesEntry, sealed: sealVersion1(lmk, 'old-imk-0001', tdesEntry, tdes2) },
        'old-kbpk-0001': { ...aesEntry, sealed: sealVersion1(lmk, 'old-kbpk-0001', aesEntry, aesValue) },
        [rsa.keyRef]: rsaEntry,
      },
    });
    return { dataDir, lmk, rsa, rsaKcv, rsaEntry, aesValue };
  }

  it('is migrated when opened: secret keys become key blocks, the RSA key stays sealed', async () => {
    const { dataDir, lmk, rsa, rsaKcv, rsaEntry, aesValue } = await versionOneStore();
    const backend = new SoftwareBackend(dataDir);
    const store = readStore(dataDir);
    expect(store.version).toBe(2);
    expect(store.keys[rsa.keyRef]).toEqual(rsaEntry);
    const imk = store.keys['old-imk-0001']!;
    expect(imk).toEqual({ algorithm: 'TDES2', usage: 'E0', label: 'old IMK', keyBlock: expect.any(String) });
    expect(toHex(decryptKeyBlock(lmk, imk.keyBlock!).key)).toBe(toHex(tdes2));
    const kbpk = store.keys['old-kbpk-0001']!;
    expect(parseKeyBlock(kbpk.keyBlock!).header).toMatchObject({
      usage: 'K1',
      algorithm: 'A',
      exportability: 'E',
    });
    expect(toHex(decryptKeyBlock(lmk, kbpk.keyBlock!).key)).toBe(toHex(aesValue));

    const imkKey = (await backend.findKey('old-imk-0001'))!;
    expect(await keyCheckValue(backend, imkKey)).toBe(toHex(tdesKcv(tdes2)));
    expect(await backend.findKey('old-kbpk-0001')).toEqual({
      keyRef: 'old-kbpk-0001',
      usage: 'K1',
      algorithm: 'AES128',
      label: 'old KBPK',
      exportable: true,
    });
    expect(await keyCheckValue(backend, rsa)).toBe(rsaKcv);
    // And once more from the migrated file.
    expect(await keyCheckValue(new SoftwareBackend(dataDir), imkKey)).toBe(toHex(tdesKcv(tdes2)));
  });

  it('is not migrated when a sealed value does not open, and the file is left as it was', async () => {
    const { dataDir } = await versionOneStore();
    const store = JSON.parse(readFileSync(path.join(dataDir, storeFileName), 'utf8'));
    store.keys['old-imk-0001'].usage = 'E1';
    writeStore(dataDir, store);
    const before = readFileSync(path.join(dataDir, storeFileName), 'utf8');
    expect(() => new SoftwareBackend(dataDir)).toThrow(
      'key old-imk-0001 in the software key store does not open: its sealed value does not authenticate under the local master key; the key store file or its local master key has been altered; restore both from a backup',
    );
    expect(readFileSync(path.join(dataDir, storeFileName), 'utf8')).toBe(before);
  });
});
