import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { fromHex, toHex, xor } from '../../server/emv/bytes';
import { diversifyKmcEmvCps, diversifyKmcVisa2 } from '../../server/emv/crypto/card-static-keys';
import { hasOddParity, tdesEcbDecrypt, tdesEcbEncrypt } from '../../server/emv/crypto/des';
import { deriveIccMasterKeyOptionA, deriveIccMasterKeyOptionB } from '../../server/emv/crypto/icc-master-key';
import { tdesKcv } from '../../server/emv/crypto/kcv';
import {
  buildPinBlockIso0,
  buildPinBlockIso3,
  encipherPinBlockIso4,
  panFieldIso4,
  pinFieldIso4,
} from '../../server/emv/crypto/pin-block';
import { maxCardsPerCall, type CommandParams } from '../../server/emv/hsm-commands';
import { cardDataCommands } from '../../server/emv/hsm-commands/card-data';
import { iccKeyCommands } from '../../server/emv/hsm-commands/icc-keys';
import { loadVectors } from '../../server/emv/vectors/load-vectors';
import type { HsmBackend } from '../src/backends/backend';
import { deriveCardStaticKeys } from '../src/ops/card-data/derive-card-static-keys';
import { macAuditEntry } from '../src/ops/card-data/mac-audit-entry';
import { translatePinForCard } from '../src/ops/card-data/translate-pin-for-card';
import { verifyArqc } from '../src/ops/card-data/verify-arqc';
import { deriveCardMasterKeys } from '../src/ops/icc-keys/derive-card-master-keys';
import { importTestKey, openTestBackends } from './test-backends';

const kekValue = fromHex('0123456789ABCDEFFEDCBA9876543210');
const kekKcv = '08D7B4';
const smiValue = fromHex('89ABCDEF0123456776543210FEDCBA98');
const smcValue = fromHex('FEDCBA98765432100123456789ABCDEF');
const unwrap = (cryptogram: string) => tdesEcbDecrypt(kekValue, fromHex(cryptogram));

const vectors = loadVectors();
const byAlgorithm = (...algorithms: string[]) =>
  vectors.filter((v) => algorithms.includes(v.algorithm)).map((v) => [v.name, v] as const);
const text = (value: unknown) => value as string;

const backends = openTestBackends();
afterAll(async () => {
  for (const [, backend] of backends) await backend.close();
});

describe.each(backends)('%s backend', (_name, backend) => {
  describe('deriveCardMasterKeys', () => {
    it.each(byAlgorithm('emv_icc_mk_option_a', 'emv_icc_mk_option_b'))(
      'derives MK-AC, MK-SMI and MK-SMC of vector %s in one call',
      async (_vectorName, vector) => {
        const method = vector.algorithm === 'emv_icc_mk_option_a' ? 'A' : 'B';
        const derive = method === 'A' ? deriveIccMasterKeyOptionA : deriveIccMasterKeyOptionB;
        const [ac, smi, smc, kek] = await Promise.all([
          importTestKey(backend, 'E0', fromHex(text(vector.inputs.imk))),
          importTestKey(backend, 'E2', smiValue),
          importTestKey(backend, 'E1', smcValue),
          importTestKey(backend, 'K0', kekValue),
        ]);
        const card = { pan: text(vector.inputs.pan), psn: text(vector.inputs.psn) };
        const result = await deriveCardMasterKeys(backend, {
          kekRef: kek.keyRef,
          method,
          masterKeys: [
            { name: 'MK-AC', issuerMasterKeyRef: ac.keyRef },
            { name: 'MK-SMI', issuerMasterKeyRef: smi.keyRef },
            { name: 'MK-SMC', issuerMasterKeyRef: smc.keyRef },
          ],
          cards: [card],
        });
        expect(result.kek).toEqual({ keyRef: kek.keyRef, kcv: kekKcv });
        const keys = result.cards[0]!.keys;
        expect(keys.map((k) => k.name)).toEqual(['MK-AC', 'MK-SMI', 'MK-SMC']);
        expect(toHex(unwrap(keys[0]!.cryptogram))).toBe(vector.expected.icc_mk);
        if (vector.expected.icc_mk_kcv) expect(keys[0]!.kcv.slice(0, 4)).toBe(vector.expected.icc_mk_kcv);
        expect(toHex(unwrap(keys[1]!.cryptogram))).toBe(toHex(derive(smiValue, card.pan, card.psn)));
        expect(toHex(unwrap(keys[2]!.cryptogram))).toBe(toHex(derive(smcValue, card.pan, card.psn)));
        for (const key of keys) {
          expect(hasOddParity(unwrap(key.cryptogram))).toBe(true);
          expect(key.kcv).toBe(toHex(tdesKcv(unwrap(key.cryptogram))));
        }
      },
    );

    it('takes Option B above 16 digits and Option A up to 16 with method B, in card order', async () => {
      const imk = await importTestKey(backend, 'E6', kekValue);
      const kek = await importTestKey(backend, 'K0', kekValue);
      const cards = [
        { pan: '12345678901234567', psn: '00' },
        { pan: '1234567890123456', psn: '00' },
      ];
      const result = await deriveCardMasterKeys(backend, {
        kekRef: kek.keyRef,
        method: 'B',
        masterKeys: [{ name: 'MK-CVC3', issuerMasterKeyRef: imk.keyRef }],
        cards,
      });
      // pyemv vectors test_derive_icc_mk_b_pan17_no_psn and test_derive_icc_mk_b_pan16.
      expect(result.cards.map((c) => toHex(unwrap(c.keys[0]!.cryptogram)))).toEqual([
        '1C13AE23B54AF7BA49FBE09192C87983',
        '154F349D8585CB7F6B0798E9839B10C1',
      ]);
    });

    it('names the bad card by its index, not its PAN', async () => {
      const imk = await importTestKey(backend, 'E0', kekValue);
      const kek = await importTestKey(backend, 'K0', kekValue);
      await expect(
        deriveCardMasterKeys(backend, {
          kekRef: kek.keyRef,
          method: 'A',
          masterKeys: [{ name: 'MK-AC', issuerMasterKeyRef: imk.keyRef }],
          cards: [
            { pan: '4761739001010010', psn: '01' },
            { pan: '47617390010', psn: '01' },
          ],
        }),
      ).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: 'card 2: PAN must be 12 to 19 digits, got 11',
      });
    });
  });

  describe('deriveCardStaticKeys', () => {
    it.each(byAlgorithm('gp_kmc_div_emv', 'gp_kmc_div_visa2'))(
      'derives KENC, KMAC, KDEK of vector %s under the KEK',
      async (_vectorName, vector) => {
        const kmcValue = fromHex(text(vector.inputs.kmc));
        const kdd = text(vector.inputs.kdd);
        const [kmc, kek] = await Promise.all([
          importTestKey(backend, 'E5', kmcValue),
          importTestKey(backend, 'K0', kekValue),
        ]);
        const visa2 = vector.algorithm === 'gp_kmc_div_visa2';
        const result = await deriveCardStaticKeys(backend, {
          kmcRef: kmc.keyRef,
          kekRef: kek.keyRef,
          method: visa2 ? 'visa2' : 'emv-cps',
          cards: [{ kdd }],
        });
        expect(result.kek).toEqual({ keyRef: kek.keyRef, kcv: kekKcv });
        const [card] = result.cards;
        expect([card!.enc.kcv, card!.mac.kcv, card!.dek.kcv]).toEqual([
          vector.expected.enc_kcv,
          vector.expected.mac_kcv,
          vector.expected.dek_kcv,
        ]);
        const clear = (visa2 ? diversifyKmcVisa2 : diversifyKmcEmvCps)(kmcValue, fromHex(kdd));
        expect(toHex(unwrap(card!.enc.cryptogram))).toBe(toHex(clear.enc));
        expect(toHex(unwrap(card!.mac.cryptogram))).toBe(toHex(clear.mac));
        expect(toHex(unwrap(card!.dek.cryptogram))).toBe(toHex(clear.dek));
      },
    );
  });

  describe('translatePinForCard', () => {
    const zpkValue = fromHex('12345678123456781234567812345678');

    async function translate(
      inputFormat: 0 | 3 | 4,
      cards: { pan: string; pinBlock: string }[],
      pinKeyValue: Buffer = zpkValue,
      outputFormat: 1 | 2 = 2,
    ) {
      const aes = inputFormat === 4;
      const [pinKey, kek] = await Promise.all([
        importTestKey(backend, 'P0', pinKeyValue, aes ? 'AES128' : 'TDES2'),
        importTestKey(backend, 'K0', kekValue),
      ]);
      return translatePinForCard(backend, {
        pinKeyRef: pinKey.keyRef,
        kekRef: kek.keyRef,
        inputFormat,
        outputFormat,
        cards,
      });
    }

    it('turns the jPOS format 0 block under a ZPK into the card format 2 block under the KEK', async () => {
      // Vector jpos/iso0 under ZPK: PIN 1234 for PAN 1234567890123456.
      const result = await translate(0, [{ pan: '1234567890123456', pinBlock: 'ABE38E29B58EA392' }]);
      expect(result.kek.kcv).toBe(kekKcv);
      expect(toHex(unwrap(result.cards[0]!.cryptogram))).toBe('241234FFFFFFFFFF');
    });

    it('translates a batch of format 0 and format 3 blocks, 4 to 12 digit PINs', async () => {
      const pan = '5555555551234567';
      const under = (block: Buffer) => toHex(tdesEcbEncrypt(zpkValue, block));
      const format0 = await translate(0, [
        { pan, pinBlock: under(buildPinBlockIso0('1234', pan)) },
        { pan: '4000001234562', pinBlock: under(buildPinBlockIso0('92389', '4000001234562')) },
        { pan, pinBlock: under(buildPinBlockIso0('123456789012', pan)) },
      ]);
      expect(format0.cards.map((c) => toHex(unwrap(c.cryptogram)))).toEqual([
        '241234FFFFFFFFFF',
        '2592389FFFFFFFFF',
        '2C123456789012FF',
      ]);
      // Vectors "iso3 pin=1234 fill=ABCDEFABCD" and "iso3 pin=123456789012 fill=FA".
      const format3 = await translate(3, [
        { pan, pinBlock: under(fromHex('341261FE98FD9F9B')) },
        { pan, pinBlock: under(fromHex('3C1261032D8226AC')) },
        { pan, pinBlock: under(buildPinBlockIso3('98765', pan, 'CDEFABCDE')) },
      ]);
      expect(format3.cards.map((c) => toHex(unwrap(c.cryptogram)))).toEqual([
        '241234FFFFFFFFFF',
        '2C123456789012FF',
        '2598765FFFFFFFFF',
      ]);
    });

    it('translates format 4 blocks under an AES PIN key generated in the HSM', async () => {
      const pinKey = await backend.generateKey({
        keyRef: `gen-p0-aes-${Date.now()}`,
        usage: 'P0',
        algorithm: 'AES128',
        label: 'generated AES PIN key',
      });
      const kek = await importTestKey(backend, 'K0', kekValue);
      const pan = '4111111111111111';
      // ISO 9564-1:2017 9.3.5 encipherment with the HSM's own AES: AES(K, AES(K, PIN field) xor PAN field).
      const encipher = async (pin: string) => {
        const first = await backend.encrypt(
          pinKey.keyRef,
          'ecb',
          pinFieldIso4(pin, fromHex('2F69ADDE2E9E7ACE')),
        );
        return toHex(await backend.encrypt(pinKey.keyRef, 'ecb', xor(first, panFieldIso4(pan))));
      };
      const result = await translatePinForCard(backend, {
        pinKeyRef: pinKey.keyRef,
        kekRef: kek.keyRef,
        inputFormat: 4,
        outputFormat: 2,
        cards: [
          { pan, pinBlock: await encipher('1234') },
          { pan, pinBlock: await encipher('123456789012') },
        ],
      });
      expect(result.cards.map((c) => toHex(unwrap(c.cryptogram)))).toEqual([
        '241234FFFFFFFFFF',
        '2C123456789012FF',
      ]);
      await expect(
        translatePinForCard(backend, {
          pinKeyRef: pinKey.keyRef,
          kekRef: kek.keyRef,
          inputFormat: 4,
          outputFormat: 2,
          cards: [{ pan: '4111111111111112', pinBlock: await encipher('1234') }],
        }),
      ).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: /^card 1: the PIN block (is not format 4|does not hold)/,
      });
    });

    it.each(byAlgorithm('pinblock_iso4_encipher'))(
      'translates the format 4 block of vector %s under an AES PIN key',
      async (_vectorName, vector) => {
        const result = await translate(
          4,
          [{ pan: text(vector.inputs.pan), pinBlock: text(vector.expected.pinblock) }],
          fromHex(text(vector.inputs.key)),
        );
        expect(toHex(unwrap(result.cards[0]!.cryptogram))).toBe('241234FFFFFFFFFF');
      },
    );

    it('translates the ep2 format 4 block of an 18-digit PAN', async () => {
      const result = await translate(
        4,
        [{ pan: '432198765432109870', pinBlock: 'CC17F65586BFD0953010226C4FC5B3CA' }],
        fromHex('C1D0F8FB4958670DBA40AB1F3752EF0D'),
      );
      expect(toHex(unwrap(result.cards[0]!.cryptogram))).toBe('241234FFFFFFFFFF');
    });

    it('refuses format 1 as the card format, whatever the input', async () => {
      await expect(
        translate(0, [{ pan: '1234567890123456', pinBlock: 'ABE38E29B58EA392' }], zpkValue, 1),
      ).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message:
          "translating a format 0 PIN block into ISO 9564 format 1 is refused: format 1 is not bound to the PAN; a card's offline PIN block is format 2",
      });
    });

    it('refuses a block of another format, naming the card and not the PIN or PAN', async () => {
      const pan = '5555555551234567';
      const format3 = toHex(tdesEcbEncrypt(zpkValue, buildPinBlockIso3('1234', pan, 'ABCDEFABCD')));
      const format0 = toHex(tdesEcbEncrypt(zpkValue, buildPinBlockIso0('1234', pan)));
      const error = await translate(0, [
        { pan, pinBlock: format0 },
        { pan, pinBlock: format0 },
        { pan, pinBlock: format3 },
      ]).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'BAD_REQUEST', message: 'card 3: the PIN block is not format 0' });
      await expect(translate(3, [{ pan, pinBlock: format0 }])).rejects.toMatchObject({
        message: 'card 1: the PIN block is not format 3',
      });
    });

    it('refuses a block bound to another PAN', async () => {
      const block = toHex(tdesEcbEncrypt(zpkValue, buildPinBlockIso0('1234', '5555555551234567')));
      const error = await translate(0, [{ pan: '4111111111111111', pinBlock: block }]).catch(
        (e: unknown) => e,
      );
      expect(error).toMatchObject({
        code: 'BAD_REQUEST',
        message:
          'card 1: the PIN block does not hold a PIN bound to this PAN: wrong PAN, or enciphered under another key',
      });
      expect((error as Error).message).not.toMatch(/1234|4111111111111111/);
    });

    it('refuses a format 4 block bound to another PAN', async () => {
      const key = fromHex('AF8CB133A78F8DC2D1359F18527593FB');
      const format4 = toHex(
        encipherPinBlockIso4(key, '1234', '4111111111111111', fromHex('2F69ADDE2E9E7ACE')),
      );
      await expect(translate(4, [{ pan: '4111111111111112', pinBlock: format4 }], key)).rejects.toMatchObject(
        { message: 'card 1: the PIN block is not format 4' },
      );
    });

    it('checks block lengths and the PIN key algorithm per format', async () => {
      await expect(
        translate(0, [{ pan: '4111111111111111', pinBlock: '00'.repeat(16) }]),
      ).rejects.toMatchObject({ message: 'card 1: pinBlock must be 8 bytes for format 0, got 16' });
      const tdesPinKey = await importTestKey(backend, 'P0', zpkValue);
      const kek = await importTestKey(backend, 'K0', kekValue);
      await expect(
        translatePinForCard(backend, {
          pinKeyRef: tdesPinKey.keyRef,
          kekRef: kek.keyRef,
          inputFormat: 4,
          outputFormat: 2,
          cards: [{ pan: '4111111111111111', pinBlock: '00'.repeat(16) }],
        }),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'format 4 PIN blocks need an AES PIN key' });
    });
  });

  describe('verifyArqc', () => {
    const sessionKeyMethods = { none: 'none', emv_csk: 'emv-csk', mc_skd: 'mc-skd' } as const;

    function paramsOf(vector: (typeof vectors)[number], imkRef: string): CommandParams<'verifyArqc'> {
      const inputs = vector.inputs;
      return {
        issuerMasterKeyRef: imkRef,
        method: inputs.mkd === 'B' ? 'B' : 'A',
        sessionKeyMethod: sessionKeyMethods[text(inputs.skd) as keyof typeof sessionKeyMethods],
        padding: inputs.padding === 1 ? 1 : 2,
        arpc:
          inputs.arpc_method === 2
            ? { method: 2, csu: text(inputs.csu), proprietaryData: text(inputs.prop_auth_data ?? '') }
            : { method: 1, arc: text(inputs.arc) },
        cards: [
          {
            pan: text(inputs.pan),
            psn: text(inputs.psn),
            atc: text(inputs.atc),
            ...(inputs.un ? { unpredictableNumber: text(inputs.un) } : {}),
            transactionData: text(inputs.data),
            arqc: text(vector.expected.arqc),
          },
        ],
      };
    }

    it.each(byAlgorithm('emv_chain'))(
      'verifies the ARQC of vector %s and answers its ARPC',
      async (_n, vector) => {
        const imk = await importTestKey(backend, 'E0', fromHex(text(vector.inputs.imk)));
        const result = await verifyArqc(backend, paramsOf(vector, imk.keyRef));
        expect(result.cards).toEqual([{ ok: true, arpc: vector.expected.arpc }]);
      },
    );

    it('answers not ok, with no ARPC, for an ARQC that does not verify', async () => {
      const vector = byAlgorithm('emv_chain')[0]![1];
      const imk = await importTestKey(backend, 'E0', fromHex(text(vector.inputs.imk)));
      const params = paramsOf(vector, imk.keyRef);
      const good = params.cards[0]!;
      const tampered = { ...good, arqc: `${good.arqc.slice(0, 15)}${good.arqc.endsWith('0') ? '1' : '0'}` };
      const result = await verifyArqc(backend, { ...params, cards: [tampered, good] });
      expect(result.cards).toEqual([
        { ok: false, arpc: null },
        { ok: true, arpc: vector.expected.arpc },
      ]);
      const withoutArpc = await verifyArqc(backend, { ...params, arpc: undefined });
      expect(withoutArpc.cards).toEqual([{ ok: true, arpc: null }]);
    });

    it('needs the unpredictable number for the M/Chip session key', async () => {
      const imk = await importTestKey(backend, 'E0', kekValue);
      await expect(
        verifyArqc(backend, {
          issuerMasterKeyRef: imk.keyRef,
          method: 'A',
          sessionKeyMethod: 'mc-skd',
          padding: 2,
          cards: [
            { pan: '1234567890123456', psn: '00', atc: '0001', transactionData: '00', arqc: '00'.repeat(8) },
          ],
        }),
      ).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: 'card 1: unpredictableNumber is required for the mc-skd session key method',
      });
    });
  });

  describe('macAuditEntry', () => {
    it('computes HMAC-SHA256 with an M7 key generated in the HSM', async () => {
      const key = await backend.generateKey({
        keyRef: `gen-m7-${Date.now()}`,
        usage: 'M7',
        algorithm: 'HMAC256',
        label: 'audit chain',
      });
      const first = await macAuditEntry(backend, { hmacKeyRef: key.keyRef, data: '4869205468657265' });
      expect(first.mac).toMatch(/^[0-9A-F]{64}$/);
      expect(await macAuditEntry(backend, { hmacKeyRef: key.keyRef, data: '4869205468657265' })).toEqual(
        first,
      );
      expect(await macAuditEntry(backend, { hmacKeyRef: key.keyRef, data: '4869205468657266' })).not.toEqual(
        first,
      );
    });

    it('computes HMAC-SHA256 of RFC 4868 test case AUTH256-1 with the M7 key inside the HSM', async () => {
      const key = await importTestKey(backend, 'M7', Buffer.alloc(32, 0x0b), 'HMAC256');
      const result = await macAuditEntry(backend, { hmacKeyRef: key.keyRef, data: '4869205468657265' });
      // RFC 4868 2.7.2.1 test case AUTH256-1 (key 0x0b * 32, data "Hi There").
      expect(result.mac).toBe('198A607EB44BFBC69903A0F1CF2BBDC5BA0AA3F3D9AE3C1C7A3B1696A0B68CF7');
    });

    it('refuses an M7 key that is not an HMAC key', async () => {
      const key = await importTestKey(backend, 'M7', kekValue);
      await expect(macAuditEntry(backend, { hmacKeyRef: key.keyRef, data: '00' })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: 'the audit chain key must be an HMAC-SHA256 key',
      });
    });
  });
});

describe('both backends', () => {
  const [[, software], [, pkcs11]] = backends as [[string, HsmBackend], [string, HsmBackend]];

  it('give byte-identical card master keys, static keys, card PIN blocks, ARQC checks and MACs', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.stringMatching(/^[1-9]\d{11,18}$/),
        fc.integer({ min: 0, max: 99 }),
        fc.uint8Array({ minLength: 10, maxLength: 10 }),
        fc.stringMatching(/^\d{4,12}$/),
        fc.uint8Array({ minLength: 2, maxLength: 40 }),
        async (keyBytes, pan, psnNumber, kdd, pin, transactionData) => {
          const psn = String(psnNumber).padStart(2, '0');
          const keyValue = Buffer.from(keyBytes);
          const pinBlock = toHex(tdesEcbEncrypt(keyValue, buildPinBlockIso0(pin, pan)));
          const run = async (backend: HsmBackend) => {
            const [imk, kmc, pinKey, kek] = await Promise.all([
              importTestKey(backend, 'E0', keyValue),
              importTestKey(backend, 'E5', keyValue),
              importTestKey(backend, 'P0', keyValue),
              importTestKey(backend, 'K0', kekValue),
            ]);
            const master = await deriveCardMasterKeys(backend, {
              kekRef: kek.keyRef,
              method: 'B',
              masterKeys: [{ name: 'MK-AC', issuerMasterKeyRef: imk.keyRef }],
              cards: [{ pan, psn }],
            });
            const staticKeys = await deriveCardStaticKeys(backend, {
              kmcRef: kmc.keyRef,
              kekRef: kek.keyRef,
              method: 'emv-cps',
              cards: [{ kdd: toHex(kdd) }],
            });
            const pins = await translatePinForCard(backend, {
              pinKeyRef: pinKey.keyRef,
              kekRef: kek.keyRef,
              inputFormat: 0,
              outputFormat: 2,
              cards: [{ pan, pinBlock }],
            });
            const arqc = await verifyArqc(backend, {
              issuerMasterKeyRef: imk.keyRef,
              method: 'B',
              sessionKeyMethod: 'emv-csk',
              padding: 2,
              arpc: { method: 1, arc: '3030' },
              cards: [
                { pan, psn, atc: '0001', transactionData: toHex(transactionData), arqc: '00'.repeat(8) },
              ],
            });
            return { master: master.cards, staticKeys: staticKeys.cards, pins: pins.cards, arqc };
          };
          const [a, b] = [await run(software), await run(pkcs11)];
          expect(a).toEqual(b);
        },
      ),
      { numRuns: 15 },
    );
  });

  it('give byte-identical audit MACs and format 4 translations with imported AES and HMAC keys', async () => {
    const hmacValue = fromHex('0B'.repeat(32));
    const aesValue = fromHex('C1D0F8FB4958670DBA40AB1F3752EF0D');
    const run = async (backend: HsmBackend) => {
      const [hmacKey, pinKey, kek] = await Promise.all([
        importTestKey(backend, 'M7', hmacValue, 'HMAC256'),
        importTestKey(backend, 'P0', aesValue, 'AES128'),
        importTestKey(backend, 'K0', kekValue),
      ]);
      const mac = await macAuditEntry(backend, { hmacKeyRef: hmacKey.keyRef, data: '4869205468657265' });
      const pins = await translatePinForCard(backend, {
        pinKeyRef: pinKey.keyRef,
        kekRef: kek.keyRef,
        inputFormat: 4,
        outputFormat: 2,
        cards: [{ pan: '432198765432109870', pinBlock: 'CC17F65586BFD0953010226C4FC5B3CA' }],
      });
      // Key references differ between backends; the KEK is compared by its check value.
      return { mac, pins: { ...pins, kek: { kcv: pins.kek.kcv } } };
    };
    const [a, b] = [await run(software), await run(pkcs11)];
    expect(a).toEqual(b);
    expect(a.mac.mac).toBe(createHmac('sha256', hmacValue).update('Hi There').digest('hex').toUpperCase());
  });
});

describe('command schemas', () => {
  it('refuse a batch that names the same ICC master key twice', () => {
    const parsed = iccKeyCommands.deriveCardMasterKeys.params.safeParse({
      kekRef: 'test-kek-0001',
      method: 'A',
      masterKeys: [
        { name: 'MK-AC', issuerMasterKeyRef: 'test-imk-0001' },
        { name: 'MK-AC', issuerMasterKeyRef: 'test-imk-0002' },
      ],
      cards: [{ pan: '4761739001010010', psn: '01' }],
    });
    expect(parsed.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['masterKeys', 'must not name the same key twice'],
    ]);
  });

  it('limit proprietary authentication data to 8 bytes and batches to maxCardsPerCall', () => {
    const card = {
      pan: '4761739001010010',
      psn: '01',
      atc: '0001',
      transactionData: '00',
      arqc: '00'.repeat(8),
    };
    const params = {
      issuerMasterKeyRef: 'test-imk-0001',
      method: 'A',
      sessionKeyMethod: 'emv-csk',
      padding: 2,
      arpc: { method: 2, csu: '00000000', proprietaryData: '00'.repeat(9) },
      cards: [card],
    };
    expect(cardDataCommands.verifyArqc.params.safeParse(params).error?.issues[0]?.message).toBe(
      'must be at most 8 bytes',
    );
    const tooMany = { ...params, arpc: undefined, cards: Array(maxCardsPerCall + 1).fill(card) };
    expect(cardDataCommands.verifyArqc.params.safeParse(tooMany).success).toBe(false);
  });
});
