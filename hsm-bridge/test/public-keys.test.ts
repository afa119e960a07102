import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concat, fromHex, toHex } from '../../server/emv/bytes';
import { caPublicKeyChecksum } from '../../server/emv/certificates/capk';
import { sha1 } from '../../server/emv/certificates/common';
import {
  recoverIccCertificate,
  recoverIccPinEnciphermentCertificate,
} from '../../server/emv/certificates/icc-certificate';
import {
  issuerCertificateData,
  recoverIssuerCertificate,
} from '../../server/emv/certificates/issuer-certificate';
import { bigIntToBytes, bytesToBigInt, modPow, rsaRecover } from '../../server/emv/certificates/rsa';
import { recoverStaticData } from '../../server/emv/certificates/static-data';
import { tdesEcbDecrypt } from '../../server/emv/crypto/des';
import { removePaddingMethod2 } from '../../server/emv/crypto/mac';
import type { CommandParams, CommandResult } from '../../server/emv/hsm-commands';
import type { HsmBackend } from '../src/backends/backend';
import { Pkcs11Backend } from '../src/backends/pkcs11/pkcs11-backend';
import { BridgeError } from '../src/bridge-error';
import { iccKeyPool } from '../src/ops/public-keys/icc-key-pool';
import { call, importTestKey, openTestBackends, refusal } from './test-backends';

const kekValue = fromHex('0123456789ABCDEFFEDCBA9876543210');
const kekKcv = '08D7B4';
const pan = '4761739001010119';
const staticData = '5F24033012315A0847617390010101195F3401019F0702FF005C00';

const backends = openTestBackends();
afterAll(async () => {
  iccKeyPool.stop();
  await iccKeyPool.idle();
  for (const [, backend] of backends) await backend.close();
});

/** Every call goes through the protocol's schemas, as the bridge runs it. */

function importKek(backend: HsmBackend, usage: 'K0' | 'E0' = 'K0') {
  return importTestKey(backend, usage, kekValue);
}

function publicKey(key: { modulus: string; exponent: string }) {
  return { modulus: fromHex(key.modulus), exponent: fromHex(key.exponent) };
}

/** Decrypts one CRT component under the test KEK and removes the method-2 padding. */
function component(encrypted: string): bigint {
  return bytesToBigInt(removePaddingMethod2(tdesEcbDecrypt(kekValue, fromHex(encrypted))));
}

describe.each(backends)('%s backend', (_name, backend) => {
  type TestCa = CommandResult<'generateTestCaKey'>;
  type IssuerKey = CommandResult<'generateIssuerKeyPair'>;
  let testCa: TestCa;
  let issuer: IssuerKey; // 1152 bits, e = 3: its modulus needs a remainder under a 1408-bit CA
  let issuer65537: IssuerKey; // 1024 bits, e = 65537: fits in the certificate
  let kekRef: string;

  beforeAll(async () => {
    testCa = await call(backend, 'generateTestCaKey', { rid: 'A000000999', index: 'F1', bits: 1408 });
    issuer = await call(backend, 'generateIssuerKeyPair', {
      label: 'issuer 1152',
      bits: 1152,
      publicExponent: 3,
    });
    issuer65537 = await call(backend, 'generateIssuerKeyPair', {
      label: 'issuer 1024',
      bits: 1024,
      publicExponent: 65537,
    });
    kekRef = (await importKek(backend)).keyRef;
  });

  describe('issuer and TEST CA keys', () => {
    it('generates issuer key pairs of the size and exponent asked for, usage S0', async () => {
      expect(issuer.modulus).toHaveLength(288);
      expect(issuer.exponent).toBe('03');
      expect(issuer65537.modulus).toHaveLength(256);
      expect(issuer65537.exponent).toBe('010001');
      expect(issuer.fingerprint).toBe(
        toHex(sha256(fromHex(issuer.modulus), fromHex(issuer.exponent)).subarray(0, 3)),
      );
      expect(await backend.findKey(issuer.keyRef)).toEqual({
        keyRef: issuer.keyRef,
        usage: 'S0',
        algorithm: 'RSA',
        label: 'issuer 1152',
      });
    });

    it('marks the test CA key TEST and returns its public key with the CA checksum', async () => {
      expect(testCa.label).toBe('TEST CA A000000999 F1');
      expect((await backend.findKey(testCa.keyRef))?.label).toBe('TEST CA A000000999 F1');
      expect(testCa.ca).toMatchObject({
        rid: 'A000000999',
        index: 'F1',
        environment: 'test',
        exponent: '03',
      });
      expect(testCa.ca.modulus).toHaveLength(352);
      expect(testCa.ca.checksum).toBe(
        toHex(
          caPublicKeyChecksum({
            rid: fromHex('A000000999'),
            index: fromHex('F1'),
            modulus: fromHex(testCa.ca.modulus),
            exponent: fromHex('03'),
          }),
        ),
      );
    });

    it('refuses an issuer label that would pass for the TEST CA', async () => {
      const error = await refusal(
        call(backend, 'generateIssuerKeyPair', { label: 'test ca of mine', bits: 1024, publicExponent: 3 }),
      );
      expect(error.message).toBe(
        `an issuer key's label must not start with "TEST CA": that marks the workbench's test certification authority`,
      );
    });

    it.each([
      [{ bits: 1016, publicExponent: 3 }, 'generateIssuerKeyPair: bits must be at least 1024 bits'],
      [
        { bits: 1992, publicExponent: 3 },
        'generateIssuerKeyPair: bits must be at most 1984 bits (EMV 4.4 Book 2 5.1)',
      ],
      [{ bits: 1028, publicExponent: 3 }, 'generateIssuerKeyPair: bits must be a multiple of 8 bits'],
      [
        { bits: 1024, publicExponent: 17 },
        'generateIssuerKeyPair: publicExponent must be 3 or 65537 (EMV 4.4 Book 2 5.1)',
      ],
    ])('refuses %o', async (sizes, message) => {
      // Out-of-range values on purpose: the schema is what refuses them.
      const params = { label: 'issuer', ...sizes } as CommandParams<'generateIssuerKeyPair'>;
      const error = await refusal(call(backend, 'generateIssuerKeyPair', params));
      expect(error).toEqual(new BridgeError('BAD_REQUEST', message));
    });
  });

  describe('issuer certificate from the TEST CA', () => {
    const fields = { issuerIdentifier: '476173', expiry: '1249', serial: '000042' };

    it.each([
      ['1152-bit issuer key with a remainder', () => issuer, 4],
      ['1024-bit issuer key that fits', () => issuer65537, 0],
    ])('signs and recovers a %s', async (_case, issuerKey, remainderLength) => {
      const signed = await call(backend, 'signIssuerCertificateWithTestCa', {
        caKeyRef: testCa.keyRef,
        issuerKeyRef: issuerKey().keyRef,
        ...fields,
      });
      expect(signed.ca).toEqual(testCa.ca);
      expect(signed.certificate).toHaveLength(352);
      expect(signed.remainder).toHaveLength(remainderLength * 2);
      expect(signed.exponent).toBe(issuerKey().exponent);

      const recovered = recoverIssuerCertificate(
        fromHex(signed.certificate),
        publicKey(testCa.ca),
        fromHex(signed.remainder),
        fromHex(signed.exponent),
      );
      expect(recovered.hashOk).toBe(true);
      expect(toHex(recovered.issuerIdentifier)).toBe('476173FF');
      expect(toHex(recovered.expiry)).toBe('1249');
      expect(toHex(recovered.serial)).toBe('000042');
      expect(toHex(recovered.issuerModulus)).toBe(issuerKey().modulus);

      const imported = await call(backend, 'importIssuerCertificate', {
        issuerKeyRef: issuerKey().keyRef,
        ca: testCa.ca,
        certificate: signed.certificate,
        remainder: signed.remainder,
        exponent: signed.exponent,
      });
      expect(imported).toEqual({
        issuerKeyRef: issuerKey().keyRef,
        fingerprint: issuerKey().fingerprint,
        ca: { rid: 'A000000999', index: 'F1', environment: 'test' },
        issuerIdentifier: '476173',
        expiry: '1249',
        serial: '000042',
        certificate: signed.certificate,
        remainder: signed.remainder,
        exponent: signed.exponent,
      });
    });

    it('exports what a CA needs, with the hash input the CA then signs', async () => {
      const exported = await call(backend, 'exportIssuerPublicKey', {
        issuerKeyRef: issuer.keyRef,
        ...fields,
        ca: testCa.ca,
      });
      expect(exported).toMatchObject({
        issuerKeyRef: issuer.keyRef,
        fingerprint: issuer.fingerprint,
        issuerIdentifier: '476173FF',
        expiry: '1249',
        serial: '000042',
        hashAlgorithm: '01',
        publicKeyAlgorithm: '01',
        modulusLength: 144,
        modulus: issuer.modulus,
        exponent: '03',
      });
      const data = exported.certificateData!;
      expect(data.ca).toEqual({ rid: 'A000000999', index: 'F1', environment: 'test' });
      expect(toHex(sha1(fromHex(data.hashInput)))).toBe(data.hash);
      expect(data.hashInput).toBe(`02476173FF124900004201019001${issuer.modulus}03`);
      const signed = await call(backend, 'signIssuerCertificateWithTestCa', {
        caKeyRef: testCa.keyRef,
        issuerKeyRef: issuer.keyRef,
        ...fields,
      });
      const recovered = recoverIssuerCertificate(
        fromHex(signed.certificate),
        publicKey(testCa.ca),
        fromHex(signed.remainder),
        fromHex('03'),
      );
      expect(toHex(recovered.hash)).toBe(data.hash);
      expect(data.remainder).toBe(signed.remainder);

      const withoutCa = await call(backend, 'exportIssuerPublicKey', {
        issuerKeyRef: issuer.keyRef,
        ...fields,
      });
      expect(withoutCa.certificateData).toBeUndefined();
    });

    it('refuses any CA key but the TEST CA, and the TEST CA as an issuer key', async () => {
      const notTest = await refusal(
        call(backend, 'signIssuerCertificateWithTestCa', {
          caKeyRef: issuer65537.keyRef,
          issuerKeyRef: issuer.keyRef,
          ...fields,
        }),
      );
      expect(notTest).toEqual(
        new BridgeError(
          'KEY_USAGE_REFUSED',
          `key ${issuer65537.keyRef} (label "issuer 1024") is not the workbench's TEST CA: only the workbench's TEST CA signs here; a scheme CA signs production issuer certificates`,
        ),
      );
      const caAsIssuer = await refusal(
        call(backend, 'signStaticApplicationData', {
          issuerKeyRef: testCa.keyRef,
          cards: [{ dataAuthenticationCode: 'DAC0', staticData }],
        }),
      );
      expect(caAsIssuer).toEqual(
        new BridgeError(
          'KEY_USAGE_REFUSED',
          `key ${testCa.keyRef} is the workbench's TEST CA key: it signs issuer certificates only; SDA signing needs an issuer key`,
        ),
      );
    });

    it('refuses a key of another usage as CA or issuer key', async () => {
      const kekAsCa = await refusal(
        call(backend, 'signIssuerCertificateWithTestCa', {
          caKeyRef: kekRef,
          issuerKeyRef: issuer.keyRef,
          ...fields,
        }),
      );
      expect(kekAsCa).toEqual(
        new BridgeError(
          'KEY_USAGE_REFUSED',
          `key ${kekRef} has usage K0 (Key encryption / transport key (KEK)); issuer certificate signing needs a key of usage S0`,
        ),
      );
      const kekAsIssuer = await refusal(
        call(backend, 'exportIssuerPublicKey', { issuerKeyRef: kekRef, ...fields }),
      );
      expect(kekAsIssuer.message).toBe(
        `key ${kekRef} has usage K0 (Key encryption / transport key (KEK)); an issuer public key export needs a key of usage S0`,
      );
    });

    it('refuses an expired date and a malformed issuer identifier', async () => {
      const expired = await refusal(
        call(backend, 'signIssuerCertificateWithTestCa', {
          caKeyRef: testCa.keyRef,
          issuerKeyRef: issuer.keyRef,
          ...fields,
          expiry: '1220',
        }),
      );
      expect(expired).toEqual(
        new BridgeError(
          'BAD_REQUEST',
          'issuer certificate: expiry 1220 has passed (a certificate is valid through the end of its expiry month)',
        ),
      );
      const shortIdentifier = await refusal(
        call(backend, 'exportIssuerPublicKey', {
          issuerKeyRef: issuer.keyRef,
          ...fields,
          issuerIdentifier: '47',
        }),
      );
      expect(shortIdentifier.message).toBe(
        'exportIssuerPublicKey: issuerIdentifier must be the 3 to 8 leading digits of the PAN',
      );
    });

    it('refuses an issuer key longer than the CA key', async () => {
      const smallCa = await call(backend, 'generateTestCaKey', {
        rid: 'A000000999',
        index: 'F2',
        bits: 1024,
      });
      const error = await refusal(
        call(backend, 'signIssuerCertificateWithTestCa', {
          caKeyRef: smallCa.keyRef,
          issuerKeyRef: issuer.keyRef,
          ...fields,
        }),
      );
      expect(error).toEqual(
        new BridgeError(
          'BAD_REQUEST',
          'issuer public key (144 bytes) must not be longer than the CA public key (128 bytes)',
        ),
      );
    });
  });

  describe('import of a scheme-signed issuer certificate', () => {
    const fields = { issuerIdentifier: '476173', expiry: '1249', serial: '000042' };
    let signed: CommandResult<'signIssuerCertificateWithTestCa'>;
    const importing = (changes: Partial<CommandParams<'importIssuerCertificate'>> = {}) =>
      call(backend, 'importIssuerCertificate', {
        issuerKeyRef: issuer.keyRef,
        ca: testCa.ca,
        certificate: signed.certificate,
        remainder: signed.remainder,
        exponent: signed.exponent,
        ...changes,
      });
    /** A certificate block changed on purpose and signed with the TEST CA's private key directly. */
    const resigned = async (change: (block: Buffer) => Buffer) => {
      const block = rsaRecover(fromHex(signed.certificate), publicKey(testCa.ca));
      return toHex(await backend.rsaPrivateOperation(testCa.keyRef, change(block)));
    };

    beforeAll(async () => {
      signed = await call(backend, 'signIssuerCertificateWithTestCa', {
        caKeyRef: testCa.keyRef,
        issuerKeyRef: issuer.keyRef,
        ...fields,
      });
    });

    it('accepts the untouched certificate (positive control)', async () => {
      expect((await importing()).serial).toBe('000042');
    });

    it('refuses a CA key whose checksum does not match', async () => {
      const checksum = '00'.repeat(20);
      const error = await refusal(importing({ ca: { ...testCa.ca, checksum } }));
      expect(error).toEqual(
        new BridgeError(
          'BAD_REQUEST',
          `CA public key A000000999 index F1 (test): checksum ${checksum} does not match the key (computed ${testCa.ca.checksum}); enter the key again from the scheme's list`,
        ),
      );
    });

    it('refuses a certificate with a changed header, by its header', async () => {
      const certificate = await resigned((block) => Buffer.concat([fromHex('5A'), block.subarray(1)]));
      expect((await refusal(importing({ certificate }))).message).toBe(
        'issuer certificate: recovered header is 0x5A, expected 0x6A',
      );
    });

    it('refuses a changed certificate byte by the trailer it recovers to', async () => {
      const tampered = fromHex(signed.certificate);
      tampered[tampered.length - 1]! ^= 0x01;
      const trailer = rsaRecover(tampered, publicKey(testCa.ca)).at(-1)!;
      const error = await refusal(importing({ certificate: toHex(tampered) }));
      // One key in 256 recovers a BC trailer by chance; the header check then refuses it instead.
      if (trailer !== 0xbc) {
        expect(error.message).toBe(
          `issuer certificate: recovered trailer is 0x${toHex(Buffer.from([trailer]))}, expected 0xBC`,
        );
      }
    });

    it('refuses a changed remainder by the hash', async () => {
      const remainder = fromHex(signed.remainder);
      remainder[0]! ^= 0x01;
      expect((await refusal(importing({ remainder: toHex(remainder) }))).message).toBe(
        'issuer certificate: the hash result does not match the certificate, remainder and exponent (EMV 4.4 Book 2 5.3 step 7): the certificate or its remainder was altered, or belongs to another key',
      );
    });

    it('refuses a remainder of the wrong length', async () => {
      expect((await refusal(importing({ remainder: signed.remainder.slice(2) }))).message).toBe(
        'issuer certificate: the issuer public key is 144 bytes and 140 are in the certificate, so the remainder must be 4 bytes, got 3',
      );
    });

    it('refuses an exponent that is not the issuer key’s', async () => {
      expect((await refusal(importing({ exponent: '010001' }))).message).toBe(
        `issuer certificate: exponent 010001 is not the exponent of issuer key ${issuer.keyRef} (03)`,
      );
    });

    it('refuses a certificate for another issuer key', async () => {
      const other = await call(backend, 'generateIssuerKeyPair', {
        label: 'other',
        bits: 1152,
        publicExponent: 3,
      });
      expect((await refusal(importing({ issuerKeyRef: other.keyRef }))).message).toBe(
        `issuer certificate: it certifies another issuer public key (144 bytes) than key ${other.keyRef} in the HSM (144 bytes)`,
      );
    });

    it('refuses a certificate recovered with the wrong CA key', async () => {
      const otherCa = await call(backend, 'generateTestCaKey', {
        rid: 'A000000999',
        index: 'F3',
        bits: 1152,
      });
      expect((await refusal(importing({ ca: otherCa.ca }))).message).toBe(
        'issuer certificate is 176 bytes, but the CA public key modulus is 144 bytes',
      );
    });

    it('refuses an expired certificate', async () => {
      const { data } = issuerCertificateData(
        {
          issuerIdentifier: fromHex('476173FF'),
          expiry: fromHex('0120'),
          serial: fromHex('000042'),
          issuerPublicKey: publicKey(issuer),
        },
        176,
      );
      const certificate = await resigned(() => data);
      expect((await refusal(importing({ certificate }))).message).toBe(
        'issuer certificate: expiry 0120 has passed (a certificate is valid through the end of its expiry month)',
      );
    });
  });

  describe('signed static application data', () => {
    it('signs a batch; each SSAD recovers with its DAC and static data', async () => {
      const cards = [
        { dataAuthenticationCode: 'DAC0', staticData },
        { dataAuthenticationCode: '1234', staticData: '82023900' },
        { dataAuthenticationCode: 'FFFF', staticData: '820239009F0702FF00' },
      ];
      for (const issuerKey of [issuer, issuer65537]) {
        const result = await call(backend, 'signStaticApplicationData', {
          issuerKeyRef: issuerKey.keyRef,
          cards,
        });
        expect(result.fingerprint).toBe(issuerKey.fingerprint);
        expect(result.cards).toHaveLength(3);
        for (const [index, card] of cards.entries()) {
          const ssad = fromHex(result.cards[index]!.signedStaticApplicationData);
          expect(ssad).toHaveLength(issuerKey.modulus.length / 2);
          const recovered = recoverStaticData(ssad, publicKey(issuerKey), fromHex(card.staticData));
          expect(toHex(recovered.dac)).toBe(card.dataAuthenticationCode);
          expect(recovered.hashOk).toBe(true);
        }
      }
    });

    it('names the card and field of a bad row', async () => {
      const error = await refusal(
        call(backend, 'signStaticApplicationData', {
          issuerKeyRef: issuer.keyRef,
          cards: [
            { dataAuthenticationCode: 'DAC0', staticData },
            { dataAuthenticationCode: 'DAC', staticData },
          ],
        }),
      );
      expect(error.message).toBe('signStaticApplicationData: cards.1.dataAuthenticationCode must be 2 bytes');
    });
  });

  describe('ICC keys and certificates', () => {
    const cards = [
      { pan, expiry: '1249', serial: '000001', staticData },
      { pan: '4761739001010127', expiry: '0630', serial: '000002', staticData: '82023900' },
    ];

    it.each([
      [1024, 3, false],
      [1152, 65537, true],
    ] as const)(
      'ICC %i bits, exponent %i, PIN encipherment %s: certificates recover, CRT keys decrypt and sign',
      async (iccBits, iccExponent, pinEncipherment) => {
        const result = await call(backend, 'prepareIccKeys', {
          issuerKeyRef: issuer.keyRef,
          kekRef,
          issuerIdentifier: '476173',
          issuerCertificateExpiry: '1249',
          iccBits,
          iccExponent,
          pinEncipherment,
          cards,
        });
        expect(result.kek).toEqual({ keyRef: kekRef, kcv: kekKcv });
        expect(result.cards).toHaveLength(2);
        const moduli = new Set<string>();
        const clearComponents: string[] = [];
        for (const [index, card] of cards.entries()) {
          const prepared = result.cards[index]!;
          const iccKey = prepared.icc;
          expect(iccKey.modulus).toHaveLength(iccBits / 4);
          expect(iccKey.exponent).toBe(iccExponent === 3 ? '03' : '010001');
          const recovered = recoverIccCertificate(
            fromHex(iccKey.certificate),
            publicKey(issuer),
            fromHex(iccKey.remainder),
            fromHex(iccKey.exponent),
            fromHex(card.staticData),
          );
          expect(recovered.hashOk).toBe(true);
          expect(toHex(recovered.pan)).toBe(`${card.pan}FFFF`);
          expect(toHex(recovered.expiry)).toBe(card.expiry);
          expect(toHex(recovered.serial)).toBe(card.serial);
          expect(toHex(recovered.iccModulus)).toBe(iccKey.modulus);
          clearComponents.push(...expectCrtKeyMatches(iccKey));
          moduli.add(iccKey.modulus);

          if (pinEncipherment) {
            const pinKey = prepared.pinEncipherment!;
            const pinRecovered = recoverIccPinEnciphermentCertificate(
              fromHex(pinKey.certificate),
              publicKey(issuer),
              fromHex(pinKey.remainder),
              fromHex(pinKey.exponent),
            );
            expect(pinRecovered.hashOk).toBe(true);
            expect(toHex(pinRecovered.iccModulus)).toBe(pinKey.modulus);
            clearComponents.push(...expectCrtKeyMatches(pinKey));
            moduli.add(pinKey.modulus);
          } else {
            expect(prepared.pinEncipherment).toBeUndefined();
          }
        }
        expect(moduli.size).toBe(pinEncipherment ? 4 : 2);
        const response = JSON.stringify(result);
        for (const clear of clearComponents) expect(response).not.toContain(clear);
      },
    );

    const prepare = (changes: Partial<CommandParams<'prepareIccKeys'>>) =>
      call(backend, 'prepareIccKeys', {
        issuerKeyRef: issuer.keyRef,
        kekRef,
        issuerIdentifier: '476173',
        issuerCertificateExpiry: '1249',
        iccBits: 1024,
        iccExponent: 3,
        cards,
        ...changes,
      });

    it.each([
      [
        'a PAN outside the issuer identifier',
        { cards: [cards[0]!, { ...cards[1]!, pan: '4761749001010127' }] },
        'card 2: PAN 476174******0127 is outside issuer identifier 476173',
      ],
      [
        'an ICC key out of range',
        { iccBits: 2048 },
        'prepareIccKeys: iccBits must be at most 1984 bits (EMV 4.4 Book 2 5.1)',
      ],
      [
        'a wrong exponent',
        { iccExponent: 5 },
        'prepareIccKeys: iccExponent must be 3 or 65537 (EMV 4.4 Book 2 5.1)',
      ],
      [
        'a malformed expiry',
        { cards: [{ ...cards[0]!, expiry: '1349' }] },
        'prepareIccKeys: cards.0.expiry must be MMYY with a month from 01 to 12',
      ],
      [
        'empty static data',
        { cards: [{ ...cards[0]!, staticData: '' }] },
        'prepareIccKeys: cards.0.staticData must be 1 to 2048 bytes: the records and AIP to be authenticated',
      ],
    ])('refuses %s, naming the card and field', async (_case, changes, message) => {
      const params = changes as Partial<CommandParams<'prepareIccKeys'>>;
      expect(await refusal(prepare(params))).toEqual(new BridgeError('BAD_REQUEST', message));
    });

    it('refuses an ICC key longer than the issuer key', async () => {
      expect((await refusal(prepare({ issuerKeyRef: issuer65537.keyRef, iccBits: 1152 }))).message).toBe(
        `iccBits 1152 is longer than issuer key ${issuer65537.keyRef} (1024 bits): an ICC key must not be longer than the issuer key that certifies it`,
      );
    });

    it('refuses a KEK of another usage or algorithm, and a KEK as issuer key', async () => {
      const imk = await importKek(backend, 'E0');
      expect((await refusal(prepare({ kekRef: imk.keyRef }))).message).toBe(
        `key ${imk.keyRef} has usage E0 (EMV issuer master key for application cryptograms (MK-AC)); ICC private key transport needs a key of usage K0`,
      );
      expect((await refusal(prepare({ kekRef: issuer.keyRef }))).code).toBe('KEY_USAGE_REFUSED');
      const aesKek = await backend.generateKey({
        keyRef: `aes-kek-${Date.now()}`,
        usage: 'K0',
        algorithm: 'AES128',
        label: 'AES KEK',
      });
      expect(await refusal(prepare({ kekRef: aesKek.keyRef }))).toEqual(
        new BridgeError('BAD_REQUEST', 'the transport KEK must be a TDES key'),
      );
      expect((await refusal(prepare({ issuerKeyRef: kekRef }))).message).toBe(
        `key ${kekRef} has usage K0 (Key encryption / transport key (KEK)); ICC certificate signing needs a key of usage S0`,
      );
    });

    it('never puts a full PAN or a private key in a refusal', async () => {
      const error = await refusal(prepare({ cards: [{ ...cards[0]!, pan: '5555444433332222' }] }));
      expect(error.message).not.toContain('5555444433332222');
    });
  });
});

describe('PKCS#11 token', () => {
  it('keeps issuer and TEST CA private keys sensitive, not extractable, sign only', async () => {
    const pkcs11 = backends[1]![1] as Pkcs11Backend;
    const issuerKey = await call(pkcs11, 'generateIssuerKeyPair', {
      label: 'attr',
      bits: 1024,
      publicExponent: 3,
    });
    const caKey = await call(pkcs11, 'generateTestCaKey', { rid: 'A000000999', index: 'F9', bits: 1024 });
    for (const keyRef of [issuerKey.keyRef, caKey.keyRef]) {
      expect(pkcs11.keyAttributes(keyRef)).toEqual({
        sensitive: true,
        extractable: false,
        encrypt: false,
        decrypt: false,
        sign: true,
        wrap: false,
        unwrap: false,
      });
    }
  });
});

describe('ICC key pool', () => {
  it('refills in the background to the largest batch and hands each key out once', async () => {
    const [, backend] = backends[0]!;
    const issuerKey = await call(backend, 'generateIssuerKeyPair', {
      label: 'pool',
      bits: 1024,
      publicExponent: 3,
    });
    const kek = await importKek(backend);
    const prepare = () =>
      call(backend, 'prepareIccKeys', {
        issuerKeyRef: issuerKey.keyRef,
        kekRef: kek.keyRef,
        issuerIdentifier: '4761',
        issuerCertificateExpiry: '1249',
        iccBits: 1024,
        iccExponent: 65537,
        cards: [1, 2, 3].map((n) => ({ pan, expiry: '1249', serial: `00000${n}`, staticData })),
      });
    const seen = new Set<string>();
    const first = await prepare();
    for (const card of first.cards) seen.add(card.icc.modulus);
    await iccKeyPool.idle();
    const status = await call(backend, 'iccKeyPoolStatus', {});
    expect(status.pools).toContainEqual({ iccBits: 1024, iccExponent: 65537, available: 3, target: 3 });

    const second = await prepare();
    for (const card of second.cards) seen.add(card.icc.modulus);
    expect(seen.size).toBe(6);
    const afterTake = await call(backend, 'iccKeyPoolStatus', {});
    expect(
      afterTake.pools.find((pool) => pool.iccBits === 1024 && pool.iccExponent === 65537)!.available,
    ).toBeLessThan(3);
  });
});

/**
 * The decrypted CRT components form the private key of the certified public key: sign, then verify.
 * Returns the components in clear (hex), for the test to look for them where they must not be.
 */
function expectCrtKeyMatches(key: CommandResult<'prepareIccKeys'>['cards'][number]['icc']): string[] {
  const n = bytesToBigInt(fromHex(key.modulus));
  const e = bytesToBigInt(fromHex(key.exponent));
  const half = key.modulus.length / 4;
  const crt = key.privateKeyUnderKek;
  if (!('qInv' in crt)) throw new Error('expected the CRT form');
  for (const value of Object.values(crt)) {
    expect(removePaddingMethod2(tdesEcbDecrypt(kekValue, fromHex(value)))).toHaveLength(half);
  }
  const p = component(crt.p);
  const q = component(crt.q);
  const dp = component(crt.dp);
  const dq = component(crt.dq);
  const qInv = component(crt.qInv);
  expect(p * q).toBe(n);
  const message = bytesToBigInt(
    concat(fromHex('6A05'), Buffer.alloc(key.modulus.length / 2 - 3, 0xbb), fromHex('BC')),
  );
  const sp = modPow(message, dp, p);
  const sq = modPow(message, dq, q);
  const h = (((sp - sq) % p) + p) % p;
  const signature = sq + ((qInv * h) % p) * q;
  expect(toHex(bigIntToBytes(modPow(signature, e, n), key.modulus.length / 2))).toBe(
    toHex(bigIntToBytes(message, key.modulus.length / 2)),
  );
  return [p, q, dp, dq, qInv].map((value) => toHex(bigIntToBytes(value, half)));
}

function sha256(...parts: Buffer[]): Buffer {
  // The RSA fingerprint of key-check-value.ts: SHA-256 over modulus and exponent.
  return createHash('sha256').update(Buffer.concat(parts)).digest();
}
