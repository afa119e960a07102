import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../server/emv/bytes';
import { tdesEcbDecrypt } from '../../server/emv/crypto/des';
import { tdesKcv } from '../../server/emv/crypto/kcv';
import { loadVectors } from '../../server/emv/vectors/load-vectors';
import type { HsmBackend } from '../src/backends/backend';
import { usageCapabilities } from '../src/backends/pkcs11/key-templates';
import { Pkcs11Backend } from '../src/backends/pkcs11/pkcs11-backend';
import { keyUsages } from '../../server/emv/hsm-commands';
import { SoftwareBackend } from '../src/backends/software/software-backend';
import { BridgeError } from '../src/bridge-error';
import { deriveCardMasterKeys } from '../src/ops/icc-keys/derive-card-master-keys';
import { keyCheckValue } from '../src/key-check-value';
import { softHsmToken } from './softhsm-token';

const kekValue = fromHex('0123456789ABCDEFFEDCBA98765432100123456789ABCDEF', 'kek').subarray(0, 16);

const backends: [string, HsmBackend][] = [
  ['software', new SoftwareBackend(mkdtempSync(path.join(os.tmpdir(), 'dataprep-sw-')))],
  ['pkcs11 (SoftHSM2)', new Pkcs11Backend(softHsmToken())],
];
afterAll(async () => {
  for (const [, backend] of backends) await backend.close();
});

let counter = 0;
async function importKey(backend: HsmBackend, usage: 'E0' | 'K0' | 'E1' | 'P0', value: Buffer) {
  counter++;
  return backend.importKey(
    { keyRef: `test-${usage}-${counter}-${Date.now()}`, usage, algorithm: 'TDES2', label: `test ${usage}` },
    value,
  );
}

/** One ICC master key (MK-AC) per card through the op preparation uses. */
function deriveMkAc(
  backend: HsmBackend,
  params: {
    issuerMasterKeyRef: string;
    kekRef: string;
    method: 'A' | 'B';
    cards: { pan: string; psn: string }[];
  },
) {
  return deriveCardMasterKeys(backend, {
    kekRef: params.kekRef,
    method: params.method,
    masterKeys: [{ name: 'MK-AC', issuerMasterKeyRef: params.issuerMasterKeyRef }],
    cards: params.cards,
  });
}

const optionVectors = loadVectors().filter(
  (v) => v.algorithm === 'emv_icc_mk_option_a' || v.algorithm === 'emv_icc_mk_option_b',
);

describe.each(backends)('%s backend', (_name, backend) => {
  it.each(optionVectors.map((v) => [v.name, v] as const))(
    'derives the ICC master key of vector %s under the KEK',
    async (_vectorName, vector) => {
      const imk = await importKey(backend, 'E0', fromHex(vector.inputs.imk as string));
      const kek = await importKey(backend, 'K0', kekValue);
      const method = vector.algorithm === 'emv_icc_mk_option_a' ? 'A' : 'B';
      const result = await deriveMkAc(backend, {
        issuerMasterKeyRef: imk.keyRef,
        kekRef: kek.keyRef,
        method,
        cards: [{ pan: vector.inputs.pan as string, psn: vector.inputs.psn as string }],
      });
      const [derived] = result.cards[0]!.keys;
      expect(toHex(tdesEcbDecrypt(kekValue, fromHex(derived!.cryptogram)))).toBe(vector.expected.icc_mk);
      expect(derived!.kcv).toBe(toHex(tdesKcv(fromHex(vector.expected.icc_mk as string))));
      if (vector.expected.icc_mk_kcv) expect(derived!.kcv.slice(0, 4)).toBe(vector.expected.icc_mk_kcv);
      expect(result.kek).toEqual({ keyRef: kek.keyRef, kcv: '08D7B4' });
    },
  );

  it('refuses a KEK where an issuer master key is needed, and the reverse', async () => {
    const imk = await importKey(backend, 'E0', fromHex('0123456789ABCDEFFEDCBA9876543210'));
    const kek = await importKey(backend, 'K0', kekValue);
    const cards = [{ pan: '4761739001010010', psn: '01' }];
    await expect(
      deriveMkAc(backend, {
        issuerMasterKeyRef: kek.keyRef,
        kekRef: kek.keyRef,
        method: 'A',
        cards,
      }),
    ).rejects.toThrow(
      new BridgeError(
        'KEY_USAGE_REFUSED',
        `key ${kek.keyRef} has usage K0 (Key encryption / transport key (KEK)); ICC master key derivation (MK-AC) needs a key of usage E0`,
      ),
    );
    await expect(
      deriveMkAc(backend, {
        issuerMasterKeyRef: imk.keyRef,
        kekRef: imk.keyRef,
        method: 'A',
        cards,
      }),
    ).rejects.toThrow(/has usage E0 .*key transport needs a key of usage K0/);
  });

  it('reports an unknown key by its reference', async () => {
    const kek = await importKey(backend, 'K0', kekValue);
    await expect(
      deriveMkAc(backend, {
        issuerMasterKeyRef: 'no-such-key-0001',
        kekRef: kek.keyRef,
        method: 'A',
        cards: [{ pan: '4761739001010010', psn: '01' }],
      }),
    ).rejects.toThrow('key no-such-key-0001 does not exist in the HSM');
  });

  it('generates double-length TDES keys with odd parity and a 3-byte KCV', async () => {
    const key = await backend.generateKey({
      keyRef: `gen-${Date.now()}`,
      usage: 'E0',
      algorithm: 'TDES2',
      label: 'gen',
    });
    expect(await keyCheckValue(backend, key)).toMatch(/^[0-9A-F]{6}$/);
    expect(await backend.findKey(key.keyRef)).toEqual(key);
  });
});

describe('both backends', () => {
  it('give byte-identical ICC master keys for random IMKs, PANs and PSNs', async () => {
    const [[, software], [, pkcs11]] = backends as [[string, HsmBackend], [string, HsmBackend]];
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.stringMatching(/^[1-9]\d{11,18}$/),
        fc.integer({ min: 0, max: 99 }),
        async (imkBytes, pan, psnNumber) => {
          const psn = String(psnNumber).padStart(2, '0');
          const run = async (backend: HsmBackend) => {
            const imk = await importKey(backend, 'E0', Buffer.from(imkBytes));
            const kek = await importKey(backend, 'K0', kekValue);
            return deriveMkAc(backend, {
              issuerMasterKeyRef: imk.keyRef,
              kekRef: kek.keyRef,
              method: pan.length > 16 ? 'B' : 'A',
              cards: [{ pan, psn }],
            });
          };
          const [a, b] = [await run(software), await run(pkcs11)];
          expect(a.cards).toEqual(b.cards);
        },
      ),
      { numRuns: 25 },
    );
  });

  it.each(keyUsages.filter((usage) => usage !== 'S0'))(
    'creates a PKCS#11 %s key sensitive, not extractable, with exactly the capabilities of its usage and never wrap',
    async (usage) => {
      const pkcs11 = backends[1]![1] as Pkcs11Backend;
      const key = await pkcs11.generateKey({
        keyRef: `attr-${usage}-${Date.now()}`,
        usage,
        algorithm: usage === 'M7' ? 'HMAC256' : 'TDES2',
        label: 'attr',
      });
      const expected = usageCapabilities[usage];
      expect(pkcs11.keyAttributes(key.keyRef)).toEqual({
        sensitive: true,
        extractable: false,
        encrypt: expected.encrypt,
        decrypt: expected.decrypt,
        sign: expected.sign,
        wrap: false,
        unwrap: false,
      });
    },
  );
});
