/**
 * prepareIccKeys with `privateKeyForm`: the ICC private key as CRT components (the default, DGIs
 * 8201-8205) or as modulus and private exponent (EMV CPS v1.1 Annex A), on both backends. Each value
 * is decrypted under the clear test KEK and the key must sign what the certified public key verifies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concat, fromHex, toHex } from '../../server/emv/bytes';
import {
  recoverIccCertificate,
  recoverIccPinEnciphermentCertificate,
} from '../../server/emv/certificates/icc-certificate';
import { bigIntToBytes, bytesToBigInt, modPow } from '../../server/emv/certificates/rsa';
import { tdesEcbDecrypt } from '../../server/emv/crypto/des';
import { removePaddingMethod2 } from '../../server/emv/crypto/mac';
import type { CommandParams, CommandResult } from '../../server/emv/hsm-commands';
import { BridgeError } from '../src/bridge-error';
import { iccKeyPool } from '../src/ops/public-keys/icc-key-pool';
import { call, importTestKey, openTestBackends } from './test-backends';

const kekValue = fromHex('0123456789ABCDEFFEDCBA9876543210');
const staticData = '5F24033012315A0847617390010101195F3401019F0702FF005C00';
type IccKey = CommandResult<'prepareIccKeys'>['cards'][number]['icc'];

const backends = openTestBackends();
afterAll(async () => {
  iccKeyPool.stop();
  await iccKeyPool.idle();
  for (const [, backend] of backends) await backend.close();
});

/** One value decrypted under the test KEK: the clear bytes before the 80 00.. padding. */
function decrypted(encrypted: string): Buffer {
  return removePaddingMethod2(tdesEcbDecrypt(kekValue, fromHex(encrypted)));
}

/**
 * The decrypted modulus and private exponent sign a block that the certified public key recovers.
 * Returns the private exponent in clear (hex), to look for where it must not be.
 */
function expectModulusExponentKeyMatches(key: IccKey, certifiedModulus: Buffer): string {
  const privateKey = key.privateKeyUnderKek;
  if (!('privateExponent' in privateKey)) throw new Error('expected the modulus-exponent form');
  expect(Object.keys(privateKey).sort()).toEqual(['modulus', 'privateExponent']);
  const length = certifiedModulus.length;
  // Written on the modulus length, then padded with 80 00.. to a multiple of 8 bytes, as the CRT form.
  expect(fromHex(privateKey.modulus)).toHaveLength(Math.ceil((length + 1) / 8) * 8);
  const modulus = decrypted(privateKey.modulus);
  const exponent = decrypted(privateKey.privateExponent);
  expect(modulus).toHaveLength(length);
  expect(exponent).toHaveLength(length);
  expect(toHex(modulus)).toBe(toHex(certifiedModulus));
  const n = bytesToBigInt(modulus);
  const d = bytesToBigInt(exponent);
  const e = bytesToBigInt(fromHex(key.exponent));
  const block = concat(fromHex('6A05'), Buffer.alloc(length - 3, 0xbb), fromHex('BC'));
  const signature = modPow(bytesToBigInt(block), d, n);
  expect(toHex(bigIntToBytes(modPow(signature, e, n), length))).toBe(toHex(block));
  return toHex(exponent);
}

describe.each(backends)('%s backend', (_name, backend) => {
  let issuer: CommandResult<'generateIssuerKeyPair'>;
  let params: CommandParams<'prepareIccKeys'>;

  beforeAll(async () => {
    issuer = await call(backend, 'generateIssuerKeyPair', {
      label: 'issuer key form',
      bits: 1152,
      publicExponent: 3,
    });
    const kek = await importTestKey(backend, 'K0', kekValue);
    params = {
      issuerKeyRef: issuer.keyRef,
      kekRef: kek.keyRef,
      issuerIdentifier: '476173',
      issuerCertificateExpiry: '1249',
      iccBits: 1024,
      iccExponent: 3,
      cards: [
        { pan: '4761739001010119', expiry: '1249', serial: '000001', staticData },
        { pan: '4761739001010127', expiry: '0630', serial: '000002', staticData: '82023900' },
      ],
    };
  });

  const issuerPublicKey = () => ({ modulus: fromHex(issuer.modulus), exponent: fromHex(issuer.exponent) });

  it.each([
    [1024, 3, false],
    [1152, 65537, true],
  ] as const)(
    'modulus-exponent, ICC %i bits, exponent %i, PIN encipherment %s: decrypts, signs and verifies against the certificate',
    async (iccBits, iccExponent, pinEncipherment) => {
      const result = await call<'prepareIccKeys'>(backend, 'prepareIccKeys', {
        ...params,
        iccBits,
        iccExponent,
        pinEncipherment,
        privateKeyForm: 'modulus-exponent',
      });
      const clearExponents: string[] = [];
      for (const [index, card] of params.cards.entries()) {
        const { icc, pinEncipherment: pinKey } = result.cards[index]!;
        const recovered = recoverIccCertificate(
          fromHex(icc.certificate),
          issuerPublicKey(),
          fromHex(icc.remainder),
          fromHex(icc.exponent),
          fromHex(card.staticData),
        );
        expect(recovered.hashOk).toBe(true);
        expect(recovered.iccModulus).toHaveLength(iccBits / 8);
        clearExponents.push(expectModulusExponentKeyMatches(icc, recovered.iccModulus));
        if (pinEncipherment) {
          const pinRecovered = recoverIccPinEnciphermentCertificate(
            fromHex(pinKey!.certificate),
            issuerPublicKey(),
            fromHex(pinKey!.remainder),
            fromHex(pinKey!.exponent),
          );
          expect(pinRecovered.hashOk).toBe(true);
          clearExponents.push(expectModulusExponentKeyMatches(pinKey!, pinRecovered.iccModulus));
        } else {
          expect(pinKey).toBeUndefined();
        }
      }
      const response = JSON.stringify(result);
      for (const clear of clearExponents) expect(response).not.toContain(clear);
    },
  );

  it.each([
    ['without privateKeyForm', {}],
    ["with privateKeyForm 'crt'", { privateKeyForm: 'crt' }],
  ])('gives the five CRT components, each half the modulus long, %s', async (_case, form) => {
    const result = await call<'prepareIccKeys'>(backend, 'prepareIccKeys', { ...params, ...form });
    for (const { icc } of result.cards) {
      const privateKey = icc.privateKeyUnderKek;
      expect(Object.keys(privateKey).sort()).toEqual(['dp', 'dq', 'p', 'q', 'qInv']);
      for (const value of Object.values(privateKey)) expect(decrypted(value)).toHaveLength(64);
    }
  });

  it('refuses another form, naming the ones it knows', async () => {
    await expect(call(backend, 'prepareIccKeys', { ...params, privateKeyForm: 'pkcs8' })).rejects.toEqual(
      new BridgeError(
        'BAD_REQUEST',
        'prepareIccKeys: privateKeyForm Invalid option: expected one of "crt"|"modulus-exponent"',
      ),
    );
  });
});
