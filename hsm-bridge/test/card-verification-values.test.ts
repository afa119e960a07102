import { execFileSync } from 'node:child_process';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../server/emv/bytes';
import { computeCvv, CVV2_SERVICE_CODE, ICVV_SERVICE_CODE } from '../../server/emv/crypto/cvv';
import { desEncryptBlock } from '../../server/emv/crypto/des';
import { keyUsageNames } from '../../server/emv/hsm-commands';
import { cardDataCommands } from '../../server/emv/hsm-commands/card-data';
import type { HsmBackend } from '../src/backends/backend';
import type { Pkcs11Backend } from '../src/backends/pkcs11/pkcs11-backend';
import { computeCardVerificationValues } from '../src/ops/card-data/compute-card-verification-values';
import { importTestKey, openTestBackends } from './test-backends';

/** The CVK of the Visa CVV test data: CVK A = 0123456789ABCDEF, CVK B = FEDCBA9876543210. */
const visaCvk = fromHex('0123456789ABCDEFFEDCBA9876543210');

/**
 * The published vectors of server/emv/crypto/cvv.test.ts (sources listed there): Visa's CVV test
 * data for 13- and 16-digit PANs, the worked example, and psec's two vectors.
 */
const cvvVectors: [
  name: string,
  cvk: string,
  pan: string,
  expiry: string,
  serviceCode: string,
  cvv: string,
][] = [
  ['Visa test data 1', toHex(visaCvk), '4123456789012', '8701', '101', '370'],
  ['Visa test data 2', toHex(visaCvk), '4999988887777', '9105', '111', '649'],
  ['Visa test data 3', toHex(visaCvk), '4666655554444', '9206', '120', '821'],
  ['Visa test data 4', toHex(visaCvk), '4333322221111', '9307', '141', '697'],
  ['Visa test data 5', toHex(visaCvk), '4123456789012345', '8701', '101', '561'],
  ['Visa test data 6', toHex(visaCvk), '4999988887777000', '9105', '111', '245'],
  ['Visa test data 7', toHex(visaCvk), '4666655554444111', '9206', '120', '664'],
  ['Visa test data 8', toHex(visaCvk), '4333322221111222', '9307', '141', '382'],
  ['worked example (alibabacloud)', toHex(visaCvk), '4123456789012345', '8701', '111', '856'],
  ['psec test_generate_cvv', '99999999999999998888888888888888', '2222222222222222', '3333', '111', '361'],
  ['psec generate_cvv docstring', toHex(visaCvk), '1234567890123456', '9912', '220', '170'],
];

const backends = openTestBackends();
afterAll(async () => {
  for (const [, backend] of backends) await backend.close();
});

describe.each(backends)('%s backend', (_name, backend) => {
  describe('computeCardVerificationValues', () => {
    it.each(cvvVectors)(
      'gives the CVV of vector "%s"',
      async (_vector, cvk, pan, expiry, serviceCode, cvv) => {
        const key = await importTestKey(backend, 'C0', fromHex(cvk));
        const result = await computeCardVerificationValues(backend, {
          cvkRef: key.keyRef,
          values: ['cvv'],
          cards: [{ pan, expiry, serviceCode }],
        });
        expect(result).toEqual({ cards: [{ cvv }] });
      },
    );

    it('computes the Visa test data as one batch, in card order', async () => {
      const key = await importTestKey(backend, 'C0', visaCvk);
      const visa = cvvVectors.filter(([, cvk]) => cvk === toHex(visaCvk));
      const result = await computeCardVerificationValues(backend, {
        cvkRef: key.keyRef,
        values: ['cvv'],
        cards: visa.map(([, , pan, expiry, serviceCode]) => ({ pan, expiry, serviceCode })),
      });
      expect(result.cards.map((card) => card.cvv)).toEqual(visa.map(([, , , , , cvv]) => cvv));
    });

    it('gives CVV with the service code, CVV2 with 000 and iCVV with 999, only those asked for', async () => {
      const key = await importTestKey(backend, 'C0', visaCvk);
      const card = { pan: '4123456789012345', expiry: '8701', serviceCode: '101' };
      const all = await computeCardVerificationValues(backend, {
        cvkRef: key.keyRef,
        values: ['cvv', 'cvv2', 'icvv'],
        cards: [card],
      });
      expect(all.cards).toEqual([
        {
          cvv: '561',
          cvv2: computeCvv(visaCvk, card.pan, card.expiry, CVV2_SERVICE_CODE),
          icvv: computeCvv(visaCvk, card.pan, card.expiry, ICVV_SERVICE_CODE),
        },
      ]);
      const some = await computeCardVerificationValues(backend, {
        cvkRef: key.keyRef,
        values: ['icvv', 'cvv2'],
        cards: [card, { ...card, serviceCode: '201' }],
      });
      expect(some.cards).toEqual([
        { icvv: all.cards[0]!.icvv, cvv2: all.cards[0]!.cvv2 },
        { icvv: all.cards[0]!.icvv, cvv2: all.cards[0]!.cvv2 },
      ]);
    });

    it('computes with a CVK generated in the HSM', async () => {
      const key = await backend.generateKey({
        keyRef: `gen-c0-${Date.now()}`,
        usage: 'C0',
        algorithm: 'TDES2',
        label: 'generated CVK',
      });
      const params = {
        cvkRef: key.keyRef,
        values: ['cvv', 'cvv2', 'icvv'] as ('cvv' | 'cvv2' | 'icvv')[],
        cards: [{ pan: '4761739001010010', expiry: '2612', serviceCode: '201' }],
      };
      const result = await computeCardVerificationValues(backend, params);
      expect(result.cards[0]).toEqual({
        cvv: expect.stringMatching(/^\d{3}$/),
        cvv2: expect.stringMatching(/^\d{3}$/),
        icvv: expect.stringMatching(/^\d{3}$/),
      });
      expect(await computeCardVerificationValues(backend, params)).toEqual(result);
    });

    it('refuses a key of another usage with the key-usage message', async () => {
      const key = await importTestKey(backend, 'M3', visaCvk);
      await expect(
        computeCardVerificationValues(backend, {
          cvkRef: key.keyRef,
          values: ['cvv'],
          cards: [{ pan: '4123456789012345', expiry: '8701', serviceCode: '101' }],
        }),
      ).rejects.toMatchObject({
        code: 'KEY_USAGE_REFUSED',
        message: `key ${key.keyRef} has usage M3 (${keyUsageNames.M3}); card verification value computation needs a key of usage C0`,
      });
    });

    it('refuses a CVK that is not double-length TDES', async () => {
      const key = await importTestKey(backend, 'C0', visaCvk, 'AES128');
      await expect(
        computeCardVerificationValues(backend, {
          cvkRef: key.keyRef,
          values: ['cvv'],
          cards: [{ pan: '4123456789012345', expiry: '8701', serviceCode: '101' }],
        }),
      ).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: 'a CVK must be a double-length TDES key (CVK A || CVK B)',
      });
    });
  });

  describe('encryptWithLeftHalf', () => {
    it('is single DES under CVK A, block by block (FIPS 81 "Now is t" under 0123456789ABCDEF)', async () => {
      const key = await importTestKey(backend, 'C0', visaCvk);
      const data = fromHex('4E6F7720697320740000000000000000');
      const result = await backend.encryptWithLeftHalf(key.keyRef, data);
      expect(toHex(result.subarray(0, 8))).toBe('3FA40E8A984D4815');
      expect(toHex(result.subarray(8))).toBe(toHex(desEncryptBlock(visaCvk.subarray(0, 8), Buffer.alloc(8))));
    });

    it('refuses every key but a C0 TDES2 key, and data that is not whole blocks', async () => {
      const issuerKey = await importTestKey(backend, 'E0', visaCvk);
      const aesCvk = await importTestKey(backend, 'C0', visaCvk, 'AES128');
      const cvk = await importTestKey(backend, 'C0', visaCvk);
      await expect(backend.encryptWithLeftHalf(issuerKey.keyRef, Buffer.alloc(8))).rejects.toThrow(
        `key ${issuerKey.keyRef} is a E0 TDES2 key: only the left half of a double-length TDES CVK (usage C0) encrypts with single DES`,
      );
      await expect(backend.encryptWithLeftHalf(aesCvk.keyRef, Buffer.alloc(8))).rejects.toThrow(
        `key ${aesCvk.keyRef} is a C0 AES128 key: only the left half of a double-length TDES CVK (usage C0) encrypts with single DES`,
      );
      await expect(backend.encryptWithLeftHalf(cvk.keyRef, Buffer.alloc(7))).rejects.toThrow(
        'data must be whole 8-byte blocks, got 7 bytes',
      );
      await expect(backend.encryptWithLeftHalf('no-such-key-0001', Buffer.alloc(8))).rejects.toThrow(
        'key no-such-key-0001 not found',
      );
    });
  });
});

describe('the PKCS#11 CVK left half', () => {
  const pkcs11 = backends[1]![1] as Pkcs11Backend;

  it('is a separate object: sensitive, not extractable, encrypt only, not a key of its own', async () => {
    const generated = await pkcs11.generateKey({
      keyRef: `gen-cvk-${Date.now()}`,
      usage: 'C0',
      algorithm: 'TDES2',
      label: 'generated CVK',
    });
    const imported = await importTestKey(pkcs11, 'C0', visaCvk);
    for (const key of [generated, imported]) {
      expect(pkcs11.keyAttributes(`${key.keyRef}:A`)).toEqual({
        sensitive: true,
        extractable: false,
        encrypt: true,
        decrypt: false,
        sign: false,
        wrap: false,
        unwrap: false,
      });
      // Not a key of its own: the inventory never finds it. (No global count here: in CI other test
      // files create keys in the same token at the same time.)
      expect(await pkcs11.findKey(`${key.keyRef}:A`)).toBeNull();
    }
  });

  it('is made for an exportable CVK too, and stays not extractable', async () => {
    const key = await pkcs11.importKey(
      {
        keyRef: `exp-cvk-${Date.now()}`,
        usage: 'C0',
        algorithm: 'TDES2',
        label: 'exportable CVK',
        exportable: true,
      },
      visaCvk,
    );
    expect(pkcs11.keyAttributes(key.keyRef).extractable).toBe(true);
    expect(pkcs11.keyAttributes(`${key.keyRef}:A`).extractable).toBe(false);
    expect(toHex(await pkcs11.encryptWithLeftHalf(key.keyRef, fromHex('4E6F772069732074')))).toBe(
      '3FA40E8A984D4815',
    );
  });

  it('is CVK A || CVK A under CKM_DES3_ECB where the token refuses CKM_DES_ECB, else a CKK_DES key', async () => {
    const key = await importTestKey(pkcs11, 'C0', visaCvk);
    // Which form this process's token gets depends on its OpenSSL; both give single DES under CVK A.
    expect(['des', 'tdes-equal-halves']).toContain(pkcs11.cvkLeftHalfForm(key.keyRef));
    expect(pkcs11.cvkLeftHalfForm('no-such-key-0001')).toBeNull();
  });

  it('is a CKK_DES key on a token that does single DES, and gives the same values', () => {
    const visa = cvvVectors.filter(([, cvk]) => cvk === toHex(visaCvk));
    const params = {
      values: ['cvv'],
      cards: visa.map(([, , pan, expiry, serviceCode]) => ({ pan, expiry, serviceCode })),
    };
    const output = execFileSync(
      process.execPath,
      [
        '--openssl-legacy-provider',
        '--import',
        'tsx',
        path.join(import.meta.dirname, 'fixtures', 'single-des-token.ts'),
        toHex(visaCvk),
        JSON.stringify(params),
      ],
      { encoding: 'utf8' },
    );
    expect(JSON.parse(output)).toEqual({
      form: 'des',
      cards: visa.map(([, , , , , cvv]) => ({ cvv })),
    });
  });
});

describe('both backends', () => {
  const [[, software], [, pkcs11]] = backends as [[string, HsmBackend], [string, HsmBackend]];

  it('give byte-identical CVV, CVV2 and iCVV for random CVKs, PANs, expiry dates and service codes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.array(
          fc.record({
            pan: fc.stringMatching(/^[1-9]\d{11,18}$/),
            expiry: fc.stringMatching(/^\d{4}$/),
            serviceCode: fc.stringMatching(/^\d{3}$/),
          }),
          { minLength: 1, maxLength: 5 },
        ),
        async (cvkBytes, cards) => {
          const cvk = Buffer.from(cvkBytes);
          const run = async (backend: HsmBackend) => {
            const key = await importTestKey(backend, 'C0', cvk);
            return computeCardVerificationValues(backend, {
              cvkRef: key.keyRef,
              values: ['cvv', 'cvv2', 'icvv'],
              cards,
            });
          };
          const [a, b] = [await run(software), await run(pkcs11)];
          expect(a).toEqual(b);
          expect(a.cards).toEqual(
            cards.map((card) => ({
              cvv: computeCvv(cvk, card.pan, card.expiry, card.serviceCode),
              cvv2: computeCvv(cvk, card.pan, card.expiry, CVV2_SERVICE_CODE),
              icvv: computeCvv(cvk, card.pan, card.expiry, ICVV_SERVICE_CODE),
            })),
          );
        },
      ),
      { numRuns: 20 },
    );
  });
});

describe('the command schema', () => {
  const params = cardDataCommands.computeCardVerificationValues.params;
  const card = { pan: '4123456789012345', expiry: '8701', serviceCode: '101' };
  const issues = (input: unknown) =>
    params.safeParse(input).error?.issues.map((i) => [i.path.join('.'), i.message]);

  it('checks the values asked for and each card field, naming the field', () => {
    expect(issues({ cvkRef: 'test-cvk-0001', values: [], cards: [card] })?.[0]?.[0]).toBe('values');
    expect(issues({ cvkRef: 'test-cvk-0001', values: ['cvv', 'cvv'], cards: [card] })).toEqual([
      ['values', 'must not name a value twice'],
    ]);
    expect(issues({ cvkRef: 'test-cvk-0001', values: ['cvc3'], cards: [card] })?.[0]?.[0]).toBe('values.0');
    expect(issues({ cvkRef: 'test-cvk-0001', values: ['cvv'], cards: [{ ...card, expiry: '871' }] })).toEqual(
      [['cards.0.expiry', 'expiry must be 4 digits (YYMM)']],
    );
    expect(
      issues({ cvkRef: 'test-cvk-0001', values: ['cvv'], cards: [{ ...card, serviceCode: '10A' }] }),
    ).toEqual([['cards.0.serviceCode', 'service code must be 3 digits']]);
    expect(
      issues({ cvkRef: 'test-cvk-0001', values: ['cvv'], cards: [{ ...card, pan: '41234567890' }] }),
    ).toEqual([['cards.0.pan', 'PAN must be 12 to 19 digits']]);
  });
});
