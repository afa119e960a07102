import { afterAll, describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../server/emv/bytes';
import { deriveIccMasterKeyOptionA } from '../../server/emv/crypto/icc-master-key';
import { buildPinBlockIso0, encipherPinBlockIso4 } from '../../server/emv/crypto/pin-block';
import { tdesEcbEncrypt } from '../../server/emv/crypto/des';
import {
  deriveSecureMessagingSessionKey,
  encipherPinChangeData,
  macScriptCommand,
} from '../../server/emv/crypto/secure-messaging';
import { call, importTestKey, openTestBackends, refusal } from './test-backends';

/**
 * The issuer-script ops on both backends. Published vectors (pyemv tests/test_sm_hsm.py) pin the
 * M/Chip PIN change and the script MAC end to end; the forms whose published MACs were computed
 * over a header whose Lc does not count the data and the MAC (pyemv's VIS and CCD cases) are checked
 * on their PIN data against the vector and on the MAC by the independent path of the EMV core
 * (secure-messaging.ts) with the same clear keys.
 */
const backends = openTestBackends();
afterAll(async () => {
  for (const [, backend] of backends) await backend.close();
});

const pan = '1234567890123456';
const psn = '01';
const imkAc = fromHex('FEDCBA98765432100123456789ABCDEF');
const imkSmc = fromHex('11111111111111112222222222222222');
const imkSmi = fromHex('0123456789ABCDEFFEDCBA9876543210');
const pinKeyValue = fromHex('4567456789ABCDEF0123456789ABCDEF');
const cskCard = { pan, psn, atc: '0001', arqc: 'ABCDEF1234567890' };
const visaCard = { pan, psn, atc: 'FFFF', arqc: '1122334455667788' };
const iso2Hex = (pin: string) => `2${pin.length.toString(16)}${pin}`.padEnd(16, 'F').toUpperCase();

function expectedSessionKey(imk: Buffer, method: 'emv-csk' | 'visa-sm', card: typeof cskCard) {
  const transaction = { atc: fromHex(card.atc), arqc: fromHex(card.arqc) };
  return deriveSecureMessagingSessionKey(deriveIccMasterKeyOptionA(imk, pan, psn), method, transaction);
}

describe.each(backends)('%s backend', (_name, backend) => {
  async function keys() {
    const [ac, smc, smi, pin] = await Promise.all([
      importTestKey(backend, 'E0', imkAc),
      importTestKey(backend, 'E1', imkSmc),
      importTestKey(backend, 'E2', imkSmi),
      importTestKey(backend, 'P0', pinKeyValue),
    ]);
    return { ac: ac.keyRef, smc: smc.keyRef, smi: smi.keyRef, pin: pin.keyRef };
  }
  const pinBlock0 = (pin: string) => toHex(tdesEcbEncrypt(pinKeyValue, buildPinBlockIso0(pin, pan)));

  describe('macIssuerScript', () => {
    it('MACs PIN UNBLOCK under SK-SMI from the IMK-SMI (pyemv test_generate_command_mac)', async () => {
      const { smi } = await keys();
      const result = await call(backend, 'macIssuerScript', {
        issuerMasterKeyRef: smi,
        method: 'A',
        sessionKeyMethod: 'emv-csk',
        macInput: 'header-data',
        card: cskCard,
        commands: [{ cla: 0x84, ins: 0x24, p1: 0, p2: 0, data: '' }],
      });
      expect(result.commands).toEqual([{ apdu: '8424000008CF323F09A0F6AB9E' }]);
    });

    it('MACs a batch with ATC and ARQC in the MAC input under the Visa session key, as the EMV core does', async () => {
      const { smi } = await keys();
      const commands = [
        { cla: 0x84, ins: 0x1e, p1: 0, p2: 0, data: '' },
        { cla: 0x04, ins: 0xda, p1: 0x9f, p2: 0x58, data: '03' },
      ];
      const result = await call(backend, 'macIssuerScript', {
        issuerMasterKeyRef: smi,
        method: 'A',
        sessionKeyMethod: 'visa-sm',
        macInput: 'header-atc-arqc-data',
        macLength: 4,
        card: visaCard,
        commands,
      });
      const sk = expectedSessionKey(imkSmi, 'visa-sm', visaCard);
      const transaction = { atc: fromHex(visaCard.atc), arqc: fromHex(visaCard.arqc) };
      expect(result.commands).toEqual(
        commands.map((command) => ({
          apdu: toHex(
            macScriptCommand(
              sk,
              { ...command, data: fromHex(command.data) },
              'header-atc-arqc-data',
              transaction,
              4,
            ),
          ),
        })),
      );
      expect(result.commands[1]!.apdu.slice(0, 12)).toBe('04DA9F580503');
    });

    it('refuses a PIN change, which only encipherPinChange builds', async () => {
      const { smi } = await keys();
      const error = await refusal(
        call(backend, 'macIssuerScript', {
          issuerMasterKeyRef: smi,
          method: 'A',
          sessionKeyMethod: 'emv-csk',
          macInput: 'header-data',
          card: cskCard,
          commands: [
            { cla: 0x84, ins: 0x1e, p1: 0, p2: 0, data: '' },
            { cla: 0x84, ins: 0x24, p1: 0, p2: 2, data: iso2Hex('1234') },
          ],
        }),
      );
      expect(error).toMatchObject({
        code: 'BAD_REQUEST',
        message:
          'command 2 is a PIN change (INS 24 with PIN data): use encipherPinChange, which enciphers the PIN in the HSM',
      });
    });
  });

  describe('encipherPinChange', () => {
    const base = (refs: Awaited<ReturnType<typeof keys>>) => ({
      smcKeyRef: refs.smc,
      smiKeyRef: refs.smi,
      pinKeyRef: refs.pin,
      method: 'A' as const,
      pinBlockFormat: 0 as const,
    });

    it('gives the M/Chip PIN CHANGE of pyemv test_mastercard_pin_change from a format 0 PIN block', async () => {
      const refs = await keys();
      const result = await call(backend, 'encipherPinChange', {
        ...base(refs),
        sessionKeyMethod: 'emv-csk',
        macInput: 'header-data',
        encipherment: 'mastercard',
        card: { ...cskCard, newPinBlock: pinBlock0('9999') },
      });
      expect(result).toEqual({ apdu: '842400021028367E05DE3381C28C4D10091A093B5B' });
    });

    it('gives the same APDU from a format 4 PIN block under an AES PIN key', async () => {
      const refs = await keys();
      const aesValue = fromHex('00112233445566778899AABBCCDDEEFF');
      const aesKey = await importTestKey(backend, 'P0', aesValue, 'AES128');
      const result = await call(backend, 'encipherPinChange', {
        ...base(refs),
        pinKeyRef: aesKey.keyRef,
        pinBlockFormat: 4,
        sessionKeyMethod: 'emv-csk',
        macInput: 'header-data',
        encipherment: 'mastercard',
        card: {
          ...cskCard,
          newPinBlock: toHex(encipherPinBlockIso4(aesValue, '9999', pan, fromHex('0102030405060708'))),
        },
      });
      expect(result).toEqual({ apdu: '842400021028367E05DE3381C28C4D10091A093B5B' });
    });

    it('enciphers the padded EMV form (pyemv test_ccd_pin_change) with a MAC over header, ATC, ARQC and data', async () => {
      const refs = await keys();
      const result = await call(backend, 'encipherPinChange', {
        ...base(refs),
        sessionKeyMethod: 'emv-csk',
        macInput: 'header-atc-arqc-data',
        encipherment: 'emv',
        card: { ...cskCard, newPinBlock: pinBlock0('9999') },
      });
      const data = fromHex('28367E05DE3381C29D30A6055A8DEB86');
      const transaction = { atc: fromHex(cskCard.atc), arqc: fromHex(cskCard.arqc) };
      const skSmi = expectedSessionKey(imkSmi, 'emv-csk', cskCard);
      const command = { cla: 0x84, ins: 0x24, p1: 0, p2: 2, data };
      expect(result.apdu).toBe(toHex(macScriptCommand(skSmi, command, 'header-atc-arqc-data', transaction)));
      expect(result.apdu.slice(0, 42)).toBe('842400021828367E05DE3381C29D30A6055A8DEB86');
    });

    it.each([
      ['9999', undefined, 0x02, 'D421231A6FD2F0FAEE671384F0D3A7B9'],
      ['9999', '8888', 0x01, 'C29371CC36BA70C1EE671384F0D3A7B9'],
      ['999999999999', '888888888888', 0x01, '622066A74F1E974AEE671384F0D3A7B9'],
    ] as const)(
      'builds the VIS PIN block of new PIN %s with current PIN %s from the IMK-AC (pyemv test_vis_*)',
      async (pin, current, p2, enciphered) => {
        const refs = await keys();
        const result = await call(backend, 'encipherPinChange', {
          ...base(refs),
          acKeyRef: refs.ac,
          sessionKeyMethod: 'visa-sm',
          macInput: 'header-atc-arqc-data',
          encipherment: 'visa',
          card: {
            ...visaCard,
            newPinBlock: pinBlock0(pin),
            ...(current ? { currentPinBlock: pinBlock0(current) } : {}),
          },
        });
        const transaction = { atc: fromHex(visaCard.atc), arqc: fromHex(visaCard.arqc) };
        const skSmi = expectedSessionKey(imkSmi, 'visa-sm', visaCard);
        const command = { cla: 0x84, ins: 0x24, p1: 0, p2, data: fromHex(enciphered) };
        expect(result.apdu).toBe(
          toHex(macScriptCommand(skSmi, command, 'header-atc-arqc-data', transaction)),
        );
      },
    );

    it('never returns nor names a clear PIN block, in a result or in an error', async () => {
      const refs = await keys();
      const params = {
        ...base(refs),
        acKeyRef: refs.ac,
        sessionKeyMethod: 'visa-sm' as const,
        macInput: 'header-atc-arqc-data' as const,
        encipherment: 'visa' as const,
        card: { ...visaCard, newPinBlock: pinBlock0('9999'), currentPinBlock: pinBlock0('8888') },
      };
      const result = JSON.stringify(await call(backend, 'encipherPinChange', params));
      const wrongPan = await refusal(
        call(backend, 'encipherPinChange', { ...params, card: { ...params.card, pan: '4761739001010010' } }),
      );
      const clearForms = [
        iso2Hex('9999'),
        iso2Hex('8888'),
        toHex(buildPinBlockIso0('9999', pan)),
        '049999FF',
        '8C1199FFC4B001F1',
        '9999',
        '8888',
      ];
      for (const text of [result, wrongPan.message]) {
        for (const clear of clearForms) expect(text).not.toContain(clear);
      }
      expect(wrongPan).toMatchObject({
        code: 'BAD_REQUEST',
        message:
          'newPinBlock: the PIN block does not hold a PIN bound to this PAN: wrong PAN, or enciphered under another key',
      });
    });

    it('refuses a current PIN the form cannot carry, a visa form without IMK-AC, and a PIN block of the wrong length', async () => {
      const refs = await keys();
      const params = {
        ...base(refs),
        sessionKeyMethod: 'emv-csk' as const,
        macInput: 'header-data' as const,
        encipherment: 'mastercard' as const,
        card: { ...cskCard, newPinBlock: pinBlock0('1234') },
      };
      await expect(
        call(backend, 'encipherPinChange', {
          ...params,
          card: { ...params.card, currentPinBlock: pinBlock0('4321') },
        }),
      ).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message:
          'the mastercard PIN data carry no current PIN: send the change without currentPinBlock, or use the visa form',
      });
      await expect(
        call(backend, 'encipherPinChange', { ...params, encipherment: 'visa' }),
      ).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: 'acKeyRef is required for the visa PIN block, which is built from the ICC MK-AC',
      });
      await expect(
        call(backend, 'encipherPinChange', { ...params, card: { ...params.card, newPinBlock: 'AABBCCDD' } }),
      ).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: 'newPinBlock must be 8 bytes for format 0, got 4',
      });
    });
  });
});

describe('both backends', () => {
  it('give the same PIN change APDU as the EMV core with clear keys', async () => {
    const skSmc = expectedSessionKey(imkSmc, 'emv-csk', cskCard);
    const data = encipherPinChangeData(skSmc, 'emv', fromHex(iso2Hex('4321')));
    expect(data).toHaveLength(16);
    const apdus = [];
    for (const [, backend] of backends) {
      const [smc, smi, pin] = await Promise.all([
        importTestKey(backend, 'E1', imkSmc),
        importTestKey(backend, 'E2', imkSmi),
        importTestKey(backend, 'P0', pinKeyValue),
      ]);
      const result = await call(backend, 'encipherPinChange', {
        smcKeyRef: smc.keyRef,
        smiKeyRef: smi.keyRef,
        pinKeyRef: pin.keyRef,
        method: 'A',
        pinBlockFormat: 0,
        sessionKeyMethod: 'emv-csk',
        macInput: 'header-data',
        encipherment: 'emv',
        card: { ...cskCard, newPinBlock: toHex(tdesEcbEncrypt(pinKeyValue, buildPinBlockIso0('4321', pan))) },
      });
      apdus.push(result.apdu);
    }
    expect(apdus[0]).toBe(apdus[1]);
    expect(apdus[0]!.slice(10, 42)).toBe(toHex(data));
  });
});
