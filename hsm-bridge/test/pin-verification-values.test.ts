import { afterAll, describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../server/emv/bytes';
import { tdesEcbEncrypt } from '../../server/emv/crypto/des';
import {
  buildPinBlockIso0,
  buildPinBlockIso3,
  encipherPinBlockIso4,
} from '../../server/emv/crypto/pin-block';
import { computePvv } from '../../server/emv/crypto/pvv';
import type { HsmBackend } from '../src/backends/backend';
import { call, importTestKey, openTestBackends, refusal } from './test-backends';

/** psec's PVK (tests/test_pin.py test_generate_visa_pvv), as in server/emv/crypto/pvv.test.ts. */
const psecPvk = fromHex('0123456789ABCDEFFEDCBA9876543210');
/** psec's four vectors: PVKI, PIN, PAN, PVV. */
const psecVectors = [
  ['1', '4524', '1122334455667788', '8523'],
  ['2', '1912', '1122334455667788', '3244'],
  ['1', '0570', '1122334455667718', '3144'],
  ['1', '8299', '1122334455667708', '4422'],
] as const;
const tdesPinKey = fromHex('89ABCDEF0123456776543210FEDCBA98');
const aesPinKey = fromHex('00112233445566778899AABBCCDDEEFF');

const backends = openTestBackends();
afterAll(async () => {
  for (const [, backend] of backends) await backend.close();
});

async function keys(backend: HsmBackend, pinKeyAlgorithm: 'TDES2' | 'AES128' = 'TDES2') {
  const pvk = await importTestKey(backend, 'V2', psecPvk);
  const pinKey = await importTestKey(
    backend,
    'P0',
    pinKeyAlgorithm === 'TDES2' ? tdesPinKey : aesPinKey,
    pinKeyAlgorithm,
  );
  return { pvkRef: pvk.keyRef, pinKeyRef: pinKey.keyRef };
}

const format0 = (pin: string, pan: string) => toHex(tdesEcbEncrypt(tdesPinKey, buildPinBlockIso0(pin, pan)));

describe.each(backends)('%s backend', (_name, backend) => {
  describe('computePinVerificationValues', () => {
    it('gives psec\u2019s PVVs from format 0 PIN blocks, as one batch in card order', async () => {
      const result = await call(backend, 'computePinVerificationValues', {
        ...(await keys(backend)),
        pinBlockFormat: 0,
        cards: psecVectors.map(([pvki, pin, pan]) => ({ pan, pvki, pinBlock: format0(pin, pan) })),
      });
      expect(result).toEqual({ cards: psecVectors.map(([, , , pvv]) => ({ pvv })) });
    });

    it('gives the same PVV as the pure function for format 3 and format 4 PIN blocks and a 6-digit PIN', async () => {
      const pan = '4761739001010010';
      const format3 = toHex(tdesEcbEncrypt(tdesPinKey, buildPinBlockIso3('452499', pan, 'ABCDEFAB')));
      const three = await call(backend, 'computePinVerificationValues', {
        ...(await keys(backend)),
        pinBlockFormat: 3,
        cards: [{ pan, pvki: '3', pinBlock: format3 }],
      });
      const format4 = toHex(encipherPinBlockIso4(aesPinKey, '452499', pan, fromHex('0102030405060708')));
      const four = await call(backend, 'computePinVerificationValues', {
        ...(await keys(backend, 'AES128')),
        pinBlockFormat: 4,
        cards: [{ pan, pvki: '3', pinBlock: format4 }],
      });
      const expected = computePvv(psecPvk, pan, '3', '4524');
      expect(three).toEqual({ cards: [{ pvv: expected }] });
      expect(four).toEqual({ cards: [{ pvv: expected }] });
    });

    it('refuses a PIN block bound to another PAN, naming the card and not the PIN', async () => {
      const error = await refusal(
        call(backend, 'computePinVerificationValues', {
          ...(await keys(backend)),
          pinBlockFormat: 0,
          cards: [
            { pan: '1122334455667788', pvki: '1', pinBlock: format0('4524', '1122334455667788') },
            { pan: '1122334455667788', pvki: '1', pinBlock: format0('4524', '4761739001010010') },
          ],
        }),
      );
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toBe(
        'card 2: the PIN block does not hold a PIN bound to this PAN: wrong PAN, or enciphered under another key',
      );
    });

    it('refuses a PIN block of the wrong length for its format, and a PVK that is not double-length TDES', async () => {
      const refs = await keys(backend);
      const short = await refusal(
        call(backend, 'computePinVerificationValues', {
          ...refs,
          pinBlockFormat: 0,
          cards: [{ pan: '1122334455667788', pvki: '1', pinBlock: '0011223344' }],
        }),
      );
      expect(short.message).toBe('card 1: pinBlock must be 8 bytes for format 0, got 5');
      const tdes3 = await importTestKey(
        backend,
        'V2',
        Buffer.concat([psecPvk, psecPvk.subarray(0, 8)]),
        'TDES3',
      );
      const wrongKey = await refusal(
        call(backend, 'computePinVerificationValues', {
          ...refs,
          pvkRef: tdes3.keyRef,
          pinBlockFormat: 0,
          cards: [{ pan: '1122334455667788', pvki: '1', pinBlock: format0('4524', '1122334455667788') }],
        }),
      );
      expect(wrongKey.message).toBe('a PVK must be a double-length TDES key (PVK A || PVK B)');
    });

    it('refuses a PVKI that is not one digit at the protocol edge', async () => {
      const error = await refusal(
        call(backend, 'computePinVerificationValues', {
          ...(await keys(backend)),
          pinBlockFormat: 0,
          cards: [{ pan: '1122334455667788', pvki: '12', pinBlock: format0('4524', '1122334455667788') }],
        }),
      );
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toContain('PVKI must be 1 digit, 0 to 9');
    });
  });
});
