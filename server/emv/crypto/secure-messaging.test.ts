import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../bytes';
import { deriveIccMasterKeyOptionA } from './icc-master-key';
import { tdesKcv } from './kcv';
import { macAlgorithm3 } from './mac';
import {
  deriveSecureMessagingSessionKey,
  encipherPinChangeData,
  macScriptCommand,
  visPinBlock,
} from './secure-messaging';

/**
 * Vectors of pyemv (github.com/knovichikhin/pyemv@9ffd51f tests/test_sm_hsm.py and the docstring of
 * pyemv/sm.py generate_command_mac): issuer master keys, Option A, PAN 1234567890123456 PSN 01,
 * session keys by the EMV common session key with R = ARQC ABCDEF1234567890 or the Visa key with
 * ATC FFFF, with a KCV at each step.
 */
const PAN = '1234567890123456';
const PSN = '01';
const IMK_AC = fromHex('FEDCBA98765432100123456789ABCDEF');
const IMK_SMC = fromHex('11111111111111112222222222222222');
const IMK_SMI = fromHex('0123456789ABCDEFFEDCBA9876543210');
const kcv = (key: Buffer) => toHex(tdesKcv(key));
const iso2 = (pin: string) => fromHex(`2${pin.length.toString(16)}${pin}`.padEnd(16, 'F').toUpperCase());

const csk = { atc: fromHex('0001'), arqc: fromHex('ABCDEF1234567890') };
const visa = { atc: fromHex('FFFF'), arqc: fromHex('0000000000000000') };

describe('secure messaging session keys (EMV 4.4 Book 2 A1.3.1 with R = ARQC; Visa MK xor ATC)', () => {
  it('derives SK-SMI and SK-SMC from the ICC master keys, KCV at each step', () => {
    expect(kcv(IMK_SMI)).toBe('08D7B4');
    expect(kcv(IMK_SMC)).toBe('D2B91C');
    const mkSmi = deriveIccMasterKeyOptionA(IMK_SMI, PAN, PSN);
    const mkSmc = deriveIccMasterKeyOptionA(IMK_SMC, PAN, PSN);
    expect(kcv(mkSmi)).toBe('02396B');
    expect(kcv(mkSmc)).toBe('6B0F76');
    expect(kcv(deriveSecureMessagingSessionKey(mkSmi, 'emv-csk', csk))).toBe('F088F8');
    expect(kcv(deriveSecureMessagingSessionKey(mkSmc, 'emv-csk', csk))).toBe('D694B8');
    expect(kcv(deriveSecureMessagingSessionKey(mkSmi, 'visa-sm', visa))).toBe('A41D47');
    expect(kcv(deriveSecureMessagingSessionKey(mkSmc, 'visa-sm', visa))).toBe('BD7C46');
  });

  it('refuses an ARQC or ATC of the wrong length, naming it', () => {
    const mk = deriveIccMasterKeyOptionA(IMK_SMI, PAN, PSN);
    expect(() => deriveSecureMessagingSessionKey(mk, 'emv-csk', { ...csk, arqc: fromHex('ABCD') })).toThrow(
      'ARQC must be 8 bytes, got 2',
    );
    expect(() => deriveSecureMessagingSessionKey(mk, 'visa-sm', { ...visa, atc: fromHex('01') })).toThrow(
      'ATC must be 2 bytes, got 1',
    );
  });
});

describe('script MAC (EMV 4.4 Book 2 9.2.3: MAC algorithm 3, padding method 2)', () => {
  const skSmi = deriveSecureMessagingSessionKey(deriveIccMasterKeyOptionA(IMK_SMI, PAN, PSN), 'emv-csk', csk);

  it('MACs a command with no data over its header alone (pyemv test_generate_command_mac)', () => {
    const apdu = macScriptCommand(
      skSmi,
      { cla: 0x84, ins: 0x24, p1: 0, p2: 0, data: Buffer.alloc(0) },
      'header-data',
      csk,
    );
    expect(toHex(apdu)).toBe('8424000008CF323F09A0F6AB9E');
  });

  it('puts ATC and ARQC between header and data (pyemv sm.generate_command_mac docstring)', () => {
    const key = fromHex('0123456789ABCDEFFEDCBA9876543210');
    const transaction = { atc: fromHex('FFFF'), arqc: fromHex('1234567890123456') };
    const apdu = macScriptCommand(
      key,
      { cla: 0x84, ins: 0x24, p1: 0, p2: 0, data: Buffer.alloc(0) },
      'header-atc-arqc-data',
      transaction,
    );
    expect(toHex(apdu)).toBe('8424000008E07B8DF1B4184282');
  });

  it('sets the secure-messaging bit of CLA, counts the MAC in Lc and truncates to the MAC length', () => {
    const data = fromHex('9F5802');
    const apdu = macScriptCommand(
      skSmi,
      { cla: 0x00, ins: 0xda, p1: 0x9f, p2: 0x58, data },
      'header-data',
      csk,
      4,
    );
    const header = fromHex('04DA9F5807');
    expect(toHex(apdu)).toBe(
      `04DA9F58079F5802${toHex(macAlgorithm3(skSmi, Buffer.concat([header, data]), 2).subarray(0, 4))}`,
    );
  });

  it('refuses a MAC length outside 4 to 8 and data that leave no room for the MAC', () => {
    const command = { cla: 0x84, ins: 0x24, p1: 0, p2: 0, data: Buffer.alloc(0) };
    expect(() => macScriptCommand(skSmi, command, 'header-data', csk, 3)).toThrow(
      'script MAC length must be 4 to 8 bytes, got 3',
    );
    expect(() =>
      macScriptCommand(skSmi, { ...command, data: Buffer.alloc(250) }, 'header-data', csk),
    ).toThrow('script command data must be at most 247 bytes with a 8-byte MAC, got 250');
  });
});

describe('PIN CHANGE/UNBLOCK PIN data under SK-SMC (pyemv test_sm_hsm.py)', () => {
  const mkSmc = deriveIccMasterKeyOptionA(IMK_SMC, PAN, PSN);
  const mkAc = deriveIccMasterKeyOptionA(IMK_AC, PAN, PSN);
  const skSmcCsk = deriveSecureMessagingSessionKey(mkSmc, 'emv-csk', csk);
  const skSmcVisa = deriveSecureMessagingSessionKey(mkSmc, 'visa-sm', visa);

  it.each([
    ['mastercard', '9999', '28367E05DE3381C2'],
    ['mastercard', '999999999999', '99AD3AF9EB3ECF0C'],
    ['emv', '9999', '28367E05DE3381C29D30A6055A8DEB86'],
  ] as const)('enciphers the %s form of new PIN %s', (encipherment, pin, expected) => {
    expect(toHex(encipherPinChangeData(skSmcCsk, encipherment, iso2(pin)))).toBe(expected);
  });

  it.each([
    ['9999', null, '049999FFC4B001F1', 'D421231A6FD2F0FAEE671384F0D3A7B9'],
    ['9999', '8888', '8C1199FFC4B001F1', 'C29371CC36BA70C1EE671384F0D3A7B9'],
    ['999999999999', '888888888888', '841111112A5E67F1', '622066A74F1E974AEE671384F0D3A7B9'],
  ] as const)(
    'builds and enciphers the VIS PIN block of new PIN %s, current PIN %s',
    (pin, current, block, enciphered) => {
      expect(kcv(mkAc)).toBe('C5CACD');
      const currentPin = current === null ? null : iso2(current);
      expect(toHex(visPinBlock(mkAc, iso2(pin), currentPin))).toBe(block);
      expect(toHex(encipherPinChangeData(skSmcVisa, 'visa', iso2(pin), { currentPin, iccMkAc: mkAc }))).toBe(
        enciphered,
      );
    },
  );

  it('MACs the enciphered PIN data as PIN CHANGE without current PIN (pyemv test_mastercard_pin_change)', () => {
    const skSmi = deriveSecureMessagingSessionKey(
      deriveIccMasterKeyOptionA(IMK_SMI, PAN, PSN),
      'emv-csk',
      csk,
    );
    const data = encipherPinChangeData(skSmcCsk, 'mastercard', iso2('9999'));
    const apdu = macScriptCommand(skSmi, { cla: 0x84, ins: 0x24, p1: 0, p2: 2, data }, 'header-data', csk);
    expect(toHex(apdu)).toBe('842400021028367E05DE3381C28C4D10091A093B5B');
  });

  it('refuses a current PIN outside the visa form, a visa form without MK-AC, and a block that is not format 2', () => {
    expect(() => encipherPinChangeData(skSmcCsk, 'emv', iso2('1234'), { currentPin: iso2('4321') })).toThrow(
      'the emv PIN data cannot carry the current PIN; use the visa form',
    );
    expect(() => encipherPinChangeData(skSmcCsk, 'visa', iso2('1234'))).toThrow(
      'the visa PIN block needs the ICC MK-AC',
    );
    expect(() => encipherPinChangeData(skSmcCsk, 'emv', fromHex('041234FFFFFFFFFF'))).toThrow(
      'new PIN block is not an ISO 9564-1 format 2 PIN block',
    );
  });
});
