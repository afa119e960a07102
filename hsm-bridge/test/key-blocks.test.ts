import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../server/emv/bytes';
import type { KeyUsage, SymmetricAlgorithm } from '../../server/emv/hsm-commands';
import { deriveKeyBlockKeys, encryptKeyBlock } from '../../server/emv/key-blocks/tr31';
import published from '../../server/emv/key-blocks/tr31-vectors.json';
import type { HsmBackend } from '../src/backends/backend';
import { usageCapabilities } from '../src/backends/pkcs11/key-templates';
import type { Pkcs11Backend } from '../src/backends/pkcs11/pkcs11-backend';
import { BridgeError } from '../src/bridge-error';
import { keyCheckValue } from '../src/key-check-value';
import { runCommand } from '../src/ops';
import { deriveKeyBlockKeysInHsm } from '../src/ops/key-blocks/hsm-kbpk';
import { exchangedUsages, modeAllows } from '../src/ops/key-blocks/key-block-policy';
import { openTestBackends } from './test-backends';

const backends = openTestBackends();
afterAll(async () => {
  for (const [, backend] of backends) await backend.close();
});
const pkcs11 = backends[1]![1] as Pkcs11Backend;

let counter = 0;
async function storeKey(
  backend: HsmBackend,
  usage: KeyUsage,
  algorithm: SymmetricAlgorithm,
  value: Buffer,
  exportable = false,
) {
  counter++;
  return backend.importKey(
    {
      keyRef: `kb-${usage}-${counter}-${Date.now()}`,
      usage,
      algorithm,
      label: `key block test ${usage}`,
      exportable,
    },
    value,
  );
}

const byName = (name: string) => published.vectors.find((vector) => vector.name.startsWith(name))!;
const exchanged = Object.keys(exchangedUsages) as KeyUsage[];
const keyLengths: Record<string, number> = { TDES2: 16, TDES3: 24, AES128: 16, AES192: 24, AES256: 32 };

describe('the key block policy', () => {
  it.each(exchanged)('accepts for %s only modes of use that allow what the HSM lets that key do', (usage) => {
    const can = usageCapabilities[usage];
    for (const mode of exchangedUsages[usage]!.accepted) {
      expect(!can.encrypt || modeAllows[mode]!.encrypt, `${usage} in mode ${mode}`).toBe(true);
      expect(!can.decrypt || modeAllows[mode]!.decrypt, `${usage} in mode ${mode}`).toBe(true);
    }
    expect(exchangedUsages[usage]!.accepted).toContain(exchangedUsages[usage]!.exported);
  });
});

describe.each(backends)('%s backend', (_name, backend) => {
  const run = (command: 'exportKeyBlock' | 'importKeyBlock', params: unknown) =>
    runCommand(backend, command, params) as Promise<Record<string, unknown>>;

  it.each([
    ['B', 'TDES2', '89E88CF7931444F334BD7547FC3F380C'],
    ['B', 'TDES3', 'AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCC'],
    ['D', 'AES128', '000102030405060708090A0B0C0D0E0F'],
    ['D', 'AES192', '88E1AB2A2E3DD38C1FA039A536500CC8A87AB9D62DC92C01'],
    ['D', 'AES256', '88E1AB2A2E3DD38C1FA039A536500CC8A87AB9D62DC92C01058FA79F44657DE6'],
  ] as const)(
    'derives KBEK and KBAK of a version %s %s KBPK in the HSM as the pure code does',
    async (version, algorithm, kbpkHex) => {
      const kbpk = await storeKey(backend, 'K1', algorithm, fromHex(kbpkHex));
      expect(await deriveKeyBlockKeysInHsm(backend, kbpk, version)).toEqual(
        deriveKeyBlockKeys(version, fromHex(kbpkHex)),
      );
    },
  );

  it('imports the payShield version B K0 block with the published KCV', async () => {
    const vector = byName('payShield 10k, version B, K0');
    const kbpk = await storeKey(backend, 'K1', 'TDES2', fromHex(vector.kbpk));
    const result = await run('importKeyBlock', {
      kbpkRef: kbpk.keyRef,
      keyBlock: vector.keyBlock,
      expectedUsage: 'K0',
      label: 'partner KEK',
    });
    expect(result).toMatchObject({ usage: 'K0', algorithm: 'TDES2', kcv: vector.kcv, exportable: false });
    expect(await backend.findKey(result.keyRef as string)).toEqual({
      keyRef: result.keyRef,
      usage: 'K0',
      algorithm: 'TDES2',
      label: 'partner KEK',
    });
  });

  it('imports the payShield version D D0 block (AES-256 key, AES-256 KBPK) with the published KCV', async () => {
    const vector = byName('payShield 10k, version D, D0');
    const kbpk = await storeKey(backend, 'K1', 'AES256', fromHex(vector.kbpk));
    const result = await run('importKeyBlock', {
      kbpkRef: kbpk.keyRef,
      keyBlock: vector.keyBlock,
      expectedUsage: 'D0',
      label: 'data key',
    });
    expect(result).toMatchObject({ usage: 'D0', algorithm: 'AES256', exportable: false });
    expect(result.kcv).toBe('0A00E31EEB');
    expect((result.kcv as string).startsWith(vector.kcv!)).toBe(true);
  });

  it('refuses published blocks whose usage or mode of use the workbench does not take', async () => {
    const cases = [
      ['TR-31:2018 A.7.3.2', 'TDES2', 'K0', 'key block usage B0 is not a usage the workbench knows'],
      [
        'TR-31:2018 A.7.2.2',
        'TDES2',
        'P0',
        'key block mode of use E (encrypt or wrap only) does not let the workbench encrypt and decrypt with a P0 (PIN encryption key) key: ask for mode B or N',
      ],
      [
        'Apple ProximityReader',
        'AES128',
        'D0',
        'key block mode of use D (decrypt or unwrap only) does not let the workbench encrypt and decrypt with a D0 (Data encryption key) key: ask for mode B or N',
      ],
    ] as const;
    for (const [name, algorithm, expectedUsage, message] of cases) {
      const vector = byName(name);
      const kbpk = await storeKey(backend, 'K1', algorithm, fromHex(vector.kbpk));
      await expect(
        run('importKeyBlock', { kbpkRef: kbpk.keyRef, keyBlock: vector.keyBlock, expectedUsage, label: 'x' }),
      ).rejects.toThrow(new BridgeError('KEY_USAGE_REFUSED', message));
    }
  });

  it('refuses a K0 block in mode E: the HSM also decrypts under a KEK, in validation on a virtual card', async () => {
    const kbpkValue = randomBytes(16);
    const kbpk = await storeKey(backend, 'K1', 'TDES2', kbpkValue);
    const keyBlock = encryptKeyBlock(
      kbpkValue,
      {
        version: 'B',
        usage: 'K0',
        algorithm: 'T',
        modeOfUse: 'E',
        keyVersion: '00',
        exportability: 'N',
        reserved: '00',
        optionalBlocks: [],
      },
      randomBytes(16),
    );
    await expect(
      run('importKeyBlock', { kbpkRef: kbpk.keyRef, keyBlock, expectedUsage: 'K0', label: 'x' }),
    ).rejects.toThrow(
      new BridgeError(
        'KEY_USAGE_REFUSED',
        'key block mode of use E (encrypt or wrap only) does not let the workbench encrypt keys for transport and decrypt the bureau data in validation on a virtual card with a K0 (Key encryption / transport key (KEK)) key: ask for mode B or N',
      ),
    );
  });

  async function roundTrip(
    usage: KeyUsage,
    version: 'B' | 'D',
    kbpkAlgorithm: SymmetricAlgorithm,
    keyAlgorithm: SymmetricAlgorithm,
  ) {
    const kbpk = await storeKey(backend, 'K1', kbpkAlgorithm, randomBytes(keyLengths[kbpkAlgorithm]!));
    const key = await storeKey(backend, usage, keyAlgorithm, randomBytes(keyLengths[keyAlgorithm]!), true);
    const exported = await run('exportKeyBlock', {
      keyRef: key.keyRef,
      kbpkRef: kbpk.keyRef,
      version,
      exportability: 'E',
    });
    const letter = keyAlgorithm.startsWith('AES') ? 'A' : 'T';
    expect((exported.keyBlock as string).slice(0, 1)).toBe(version);
    expect((exported.keyBlock as string).slice(5, 16)).toBe(
      `${usage}${letter}${exchangedUsages[usage]!.exported}00E0000`,
    );
    const imported = await run('importKeyBlock', {
      kbpkRef: kbpk.keyRef,
      keyBlock: exported.keyBlock,
      expectedUsage: usage,
      label: 'round trip',
    });
    expect(imported).toMatchObject({
      usage,
      algorithm: keyAlgorithm,
      exportable: true,
      kcv: await keyCheckValue(backend, key),
    });
    expect(exported.key).toEqual({ keyRef: key.keyRef, usage, algorithm: keyAlgorithm, kcv: imported.kcv });
  }

  it.each(exchanged)(
    'round-trips a %s key in a version B block (TDES2 key, TDES2 KBPK) and a version D block (AES128 key, AES256 KBPK)',
    async (usage) => {
      await roundTrip(usage, 'B', 'TDES2', 'TDES2');
      await roundTrip(usage, 'D', 'AES256', 'AES128');
    },
  );

  it.each([
    ['B', 'TDES3', 'TDES3'],
    ['B', 'TDES3', 'TDES2'],
    ['D', 'AES128', 'TDES3'],
    ['D', 'AES192', 'AES192'],
    ['D', 'AES256', 'AES256'],
  ] as const)(
    'round-trips in a version %s block under a %s KBPK a %s key',
    (version, kbpkAlgorithm, keyAlgorithm) => roundTrip('K0', version, kbpkAlgorithm, keyAlgorithm),
  );

  async function exportedK0(version: 'B' | 'D' = 'B') {
    const kbpk = await storeKey(
      backend,
      'K1',
      version === 'B' ? 'TDES2' : 'AES256',
      randomBytes(version === 'B' ? 16 : 32),
    );
    const key = await storeKey(backend, 'K0', 'TDES2', randomBytes(16), true);
    const { keyBlock } = await run('exportKeyBlock', {
      keyRef: key.keyRef,
      kbpkRef: kbpk.keyRef,
      version,
      exportability: 'E',
    });
    return { kbpk, key, keyBlock: keyBlock as string };
  }

  it('refuses a block of another usage than the expected one', async () => {
    const { kbpk, keyBlock } = await exportedK0();
    await expect(
      run('importKeyBlock', { kbpkRef: kbpk.keyRef, keyBlock, expectedUsage: 'E0', label: 'x' }),
    ).rejects.toThrow(
      new BridgeError('KEY_USAGE_REFUSED', 'key block usage K0 does not match the expected E0'),
    );
  });

  it('refuses a tampered block, its header or its key field, and a block under another KBPK', async () => {
    for (const version of ['B', 'D'] as const) {
      const { kbpk, keyBlock } = await exportedK0(version);
      const flip = (at: number) =>
        `${keyBlock.slice(0, at)}${keyBlock[at] === '0' ? '1' : '0'}${keyBlock.slice(at + 1)}`;
      for (const tampered of [
        keyBlock.replace('K0TB00E', 'K0TN00E'),
        keyBlock.replace('00E0000', '00N0000'),
        flip(20),
        flip(keyBlock.length - 1),
      ]) {
        await expect(
          run('importKeyBlock', {
            kbpkRef: kbpk.keyRef,
            keyBlock: tampered,
            expectedUsage: 'K0',
            label: 'x',
          }),
        ).rejects.toThrow(new BridgeError('BAD_REQUEST', 'key block MAC does not verify'));
      }
      const other = await storeKey(
        backend,
        'K1',
        kbpk.algorithm as SymmetricAlgorithm,
        randomBytes(version === 'B' ? 16 : 32),
      );
      await expect(
        run('importKeyBlock', { kbpkRef: other.keyRef, keyBlock, expectedUsage: 'K0', label: 'x' }),
      ).rejects.toThrow('key block MAC does not verify');
    }
  });

  it('stores an imported key with exactly the header usage, extractable only if the header allows export', async () => {
    const { kbpk, keyBlock } = await exportedK0();
    const imported = await run('importKeyBlock', {
      kbpkRef: kbpk.keyRef,
      keyBlock,
      expectedUsage: 'K0',
      label: 'x',
    });
    expect(await backend.findKey(imported.keyRef as string)).toMatchObject({ usage: 'K0', exportable: true });
    const key = await storeKey(backend, 'E0', 'TDES2', randomBytes(16), true);
    const closed = await run('exportKeyBlock', {
      keyRef: key.keyRef,
      kbpkRef: kbpk.keyRef,
      version: 'B',
      exportability: 'N',
    });
    expect((closed.keyBlock as string).slice(5, 16)).toBe('E0TX00N0000');
    const reimported = await run('importKeyBlock', {
      kbpkRef: kbpk.keyRef,
      keyBlock: closed.keyBlock,
      expectedUsage: 'E0',
      label: 'x',
    });
    expect(reimported.exportable).toBe(false);
    await expect(
      run('exportKeyBlock', {
        keyRef: reimported.keyRef,
        kbpkRef: kbpk.keyRef,
        version: 'B',
        exportability: 'N',
      }),
    ).rejects.toThrow(
      new BridgeError(
        'KEY_USAGE_REFUSED',
        `key ${reimported.keyRef as string} is not exportable: only a key imported from a key block that allows export (exportability E or S) leaves the HSM`,
      ),
    );
  });

  it('refuses to export keys generated in the HSM, S0 and M7 keys, and a key under itself', async () => {
    const kbpk = await storeKey(backend, 'K1', 'TDES2', randomBytes(16), true);
    const generated = await backend.generateKey({
      keyRef: `gen-${Date.now()}-${++counter}`,
      usage: 'E0',
      algorithm: 'TDES2',
      label: 'g',
    });
    const hmac = await storeKey(backend, 'M7', 'HMAC256', randomBytes(32), true);
    const rsa = `rsa-${Date.now()}-${++counter}`;
    await backend.generateRsaKeyPair({
      keyRef: rsa,
      usage: 'S0',
      algorithm: 'RSA',
      label: 'issuer',
      bits: 1024,
      publicExponent: 3,
    });
    const exportOf = (keyRef: string) =>
      run('exportKeyBlock', { keyRef, kbpkRef: kbpk.keyRef, version: 'B', exportability: 'E' });
    await expect(exportOf(generated.keyRef)).rejects.toThrow(`key ${generated.keyRef} is not exportable`);
    await expect(exportOf(hmac.keyRef)).rejects.toThrow(
      new BridgeError(
        'KEY_USAGE_REFUSED',
        `key ${hmac.keyRef}: an M7 key is the audit chain HMAC key: it is generated in the HSM and never leaves it`,
      ),
    );
    await expect(exportOf(rsa)).rejects.toThrow(
      `key ${rsa}: an S0 key is the issuer RSA private key: it never leaves the HSM and does not travel in a TR-31 key block`,
    );
    await expect(exportOf(kbpk.keyRef)).rejects.toThrow(
      new BridgeError('BAD_REQUEST', 'a key cannot be exported under itself'),
    );
  });

  it('refuses a KBPK that is not K1, or of the wrong cipher for the version, and weaker protection', async () => {
    const kek = await storeKey(backend, 'K0', 'TDES2', randomBytes(16));
    const aesKbpk = await storeKey(backend, 'K1', 'AES128', randomBytes(16));
    const tdesKbpk = await storeKey(backend, 'K1', 'TDES2', randomBytes(16));
    const key = await storeKey(backend, 'P0', 'TDES3', randomBytes(24), true);
    const aesKey = await storeKey(backend, 'D0', 'AES256', randomBytes(32), true);
    const exportOf = (keyRef: string, kbpkRef: string, version: 'B' | 'D') =>
      run('exportKeyBlock', { keyRef, kbpkRef, version, exportability: 'E' });
    await expect(exportOf(key.keyRef, kek.keyRef, 'B')).rejects.toThrow(
      new BridgeError(
        'KEY_USAGE_REFUSED',
        `key ${kek.keyRef} has usage K0 (Key encryption / transport key (KEK)); TR-31 key block protection needs a key of usage K1`,
      ),
    );
    await expect(exportOf(key.keyRef, aesKbpk.keyRef, 'B')).rejects.toThrow(
      `a version B key block needs a TDES KBPK, and key ${aesKbpk.keyRef} is AES128: use version D`,
    );
    await expect(exportOf(key.keyRef, tdesKbpk.keyRef, 'B')).rejects.toThrow(
      `key ${key.keyRef}: a TDES3 key cannot be protected by a shorter TDES2 KBPK (ANSI X9.24-1): use a longer KBPK`,
    );
    await expect(exportOf(aesKey.keyRef, aesKbpk.keyRef, 'D')).rejects.toThrow(
      'a AES256 key cannot be protected by a shorter AES128 KBPK',
    );
    expect((await exportOf(key.keyRef, aesKbpk.keyRef, 'D')).keyBlock).toMatch(/^D0112P0TB00E0000/);
  });

  it('refuses a block that carries a key component rather than a key', async () => {
    const kbpkValue = randomBytes(16);
    const kbpk = await storeKey(backend, 'K1', 'TDES2', kbpkValue);
    const keyBlock = encryptKeyBlock(
      kbpkValue,
      {
        version: 'B',
        usage: 'K0',
        algorithm: 'T',
        modeOfUse: 'B',
        keyVersion: 'c1',
        exportability: 'N',
        reserved: '00',
        optionalBlocks: [],
      },
      randomBytes(16),
    );
    await expect(
      run('importKeyBlock', { kbpkRef: kbpk.keyRef, keyBlock, expectedUsage: 'K0', label: 'x' }),
    ).rejects.toThrow(
      'the key block holds key component 1 (key version c1), not a key: enter components in a key ceremony',
    );
  });

  it('gives the clear value of an exportable key only', async () => {
    const value = randomBytes(24);
    const exportable = await storeKey(backend, 'E0', 'TDES3', value, true);
    expect(await backend.exportableKeyValue(exportable.keyRef)).toEqual(value);
    const kept = await storeKey(backend, 'E0', 'TDES2', randomBytes(16));
    await expect(backend.exportableKeyValue(kept.keyRef)).rejects.toThrow(
      backend.name === 'pkcs11' ? 'CKR_KEY_UNEXTRACTABLE' : `key ${kept.keyRef} was not created exportable`,
    );
  });
});

describe('both backends', () => {
  const [[, software], [, hsm]] = backends as [[string, HsmBackend], [string, HsmBackend]];

  it('read each other’s key blocks under the same KBPK', async () => {
    const kbpkValue = randomBytes(32);
    const value = randomBytes(16);
    const [softwareKbpk, hsmKbpk] = [
      await storeKey(software, 'K1', 'AES256', kbpkValue),
      await storeKey(hsm, 'K1', 'AES256', kbpkValue),
    ];
    const key = await storeKey(software, 'C0', 'TDES2', value, true);
    const { keyBlock } = (await runCommand(software, 'exportKeyBlock', {
      keyRef: key.keyRef,
      kbpkRef: softwareKbpk.keyRef,
      version: 'D',
      exportability: 'E',
    })) as { keyBlock: string };
    const imported = (await runCommand(hsm, 'importKeyBlock', {
      kbpkRef: hsmKbpk.keyRef,
      keyBlock,
      expectedUsage: 'C0',
      label: 'cvk',
    })) as { keyRef: string; kcv: string };
    expect(imported.kcv).toBe(await keyCheckValue(software, key));
    expect(toHex(await hsm.exportableKeyValue(imported.keyRef))).toBe(toHex(value));
  });

  it('keep an imported PKCS#11 key sensitive and never wrap, extractable only when exportable', async () => {
    const exportable = await storeKey(pkcs11, 'K0', 'TDES2', randomBytes(16), true);
    expect(pkcs11.keyAttributes(exportable.keyRef)).toEqual({
      sensitive: true,
      extractable: true,
      encrypt: true,
      // Only for validation on a virtual card: the bridge refuses any other use (clulow-attack.test.ts).
      decrypt: true,
      sign: false,
      wrap: false,
      unwrap: false,
    });
    const kept = await storeKey(pkcs11, 'K0', 'TDES2', randomBytes(16));
    expect(pkcs11.keyAttributes(kept.keyRef)).toMatchObject({
      sensitive: true,
      extractable: false,
      wrap: false,
    });
  });
});
