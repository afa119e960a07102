import { describe, expect, it } from 'vitest';

import { concat, fromHex, toHex } from '../bytes';
import {
  deriveScp02SessionKeys,
  newScp02Session,
  openScp02HostSession,
  scp02CardCryptogram,
  scp02CardExternalAuthenticate,
  scp02HostCryptogram,
  scp02UnwrapCommand,
  scp02WrapCommand,
} from './scp02';
import {
  newScp03Session,
  openScp03HostSession,
  parseScp03InitializeUpdateResponse,
  scp03CardCryptogram,
  scp03CardExternalAuthenticate,
  scp03HostCryptogram,
  scp03UnwrapCommand,
  scp03UnwrapResponse,
  scp03WrapCommand,
  scp03WrapResponse,
} from './scp03';
import { deriveScp03SessionKeys } from './scp03-kdf';

const GP_DEFAULT = fromHex('404142434445464748494A4B4C4D4E4F');
const COMMANDS = [
  '80E400800A4F08D0D1D2D3D4D5010100',
  '80F22002',
  '80CA006600',
  '80F220020A4F0212345C054F9F70C5',
];

describe('SCP02 host and card', () => {
  const staticKeys = { enc: GP_DEFAULT, mac: GP_DEFAULT, dek: GP_DEFAULT };
  const sequenceCounter = fromHex('0042');
  const cardChallenge = fromHex('0102030405F6');
  const hostChallenge = fromHex('1122334455667788');
  const keys = deriveScp02SessionKeys(staticKeys, sequenceCounter);
  const initializeUpdateResponse = concat(
    fromHex('000074746E6E6E626262'),
    fromHex('2002'),
    sequenceCounter,
    cardChallenge,
    scp02CardCryptogram(keys.sEnc, hostChallenge, sequenceCounter, cardChallenge),
  );

  function open(securityLevel: number) {
    const host = openScp02HostSession({
      staticKeys,
      hostChallenge,
      initializeUpdateResponse,
      securityLevel,
      icvEncryption: true,
    });
    const card = scp02CardExternalAuthenticate(
      newScp02Session({ keys, securityLevel: 0x01, icvEncryption: true }),
      host.externalAuthenticate,
      scp02HostCryptogram(keys.sEnc, sequenceCounter, cardChallenge, hostChallenge),
    );
    if (!card.ok) throw new Error(card.reason);
    return { host, card };
  }

  it('authenticates both ways and carries C-MAC + C-DEC commands intact', () => {
    const { host, card } = open(0x03);
    expect(host.cardCryptogramOk).toBe(true);
    expect(card.session.securityLevel).toBe(0x03);
    let hostSession = host.session;
    let cardSession = card.session;
    for (const command of COMMANDS) {
      const wrapped = scp02WrapCommand(hostSession, fromHex(command));
      hostSession = wrapped.session;
      const unwrapped = scp02UnwrapCommand(cardSession, wrapped.apdu);
      expect(unwrapped.ok).toBe(true);
      if (!unwrapped.ok) return;
      cardSession = unwrapped.session;
      expect(toHex(unwrapped.command)).toBe(command);
    }
  });

  it('refuses a command whose C-MAC was altered, and one replayed out of the MAC chain', () => {
    const { host, card } = open(0x01);
    const first = scp02WrapCommand(host.session, fromHex(COMMANDS[3]!));
    const tampered = Buffer.from(first.apdu);
    tampered[tampered.length - 1]! ^= 0x01;
    expect(scp02UnwrapCommand(card.session, tampered)).toEqual({
      ok: false,
      reason: 'C-MAC does not verify',
    });
    const accepted = scp02UnwrapCommand(card.session, first.apdu);
    expect(accepted.ok).toBe(true);
    if (accepted.ok) expect(scp02UnwrapCommand(accepted.session, first.apdu).ok).toBe(false);
  });

  it('reports a card that does not hold the expected keys', () => {
    const wrongKeys = { enc: Buffer.alloc(16, 0x11), mac: GP_DEFAULT, dek: GP_DEFAULT };
    const host = openScp02HostSession({
      staticKeys: wrongKeys,
      hostChallenge,
      initializeUpdateResponse,
      securityLevel: 0x01,
      icvEncryption: true,
    });
    expect(host.cardCryptogramOk).toBe(false);
  });

  it('rejects an impossible security level with its hex value', () => {
    expect(() => newScp02Session({ keys, securityLevel: 0x02, icvEncryption: true })).toThrow(
      new RangeError(
        'SCP02 security level must combine 01 (C-MAC), 02 (C-DEC, with C-MAC) and 10 (R-MAC), got 02',
      ),
    );
  });
});

describe('SCP03 host and card', () => {
  // pysim test_globalplatform.py, AES-128, security level 11 (vector "pysim/scp03 AES128 sl=11").
  const staticKeys = {
    enc: fromHex('000102030405060708090A0B0C0D0E0F'),
    mac: fromHex('101112131415161718191A1B1C1D1E1F'),
    dek: fromHex('202122232425262728292A2B2C2D2E2F'),
  };
  const hostChallenge = fromHex('B13E5F938FC108C4');
  const initializeUpdateResponse = fromHex(
    '000000000000000000003003703EB51047495B249F66C484C1D2EF1948000002',
  );
  const { cardChallenge } = parseScp03InitializeUpdateResponse(initializeUpdateResponse);
  const keys = deriveScp03SessionKeys(staticKeys, concat(hostChallenge, cardChallenge));

  function open(securityLevel: number) {
    const host = openScp03HostSession({ staticKeys, hostChallenge, initializeUpdateResponse, securityLevel });
    const card = scp03CardExternalAuthenticate(
      newScp03Session(keys, 0x01),
      host.externalAuthenticate,
      scp03HostCryptogram(keys.sMac, hostChallenge, cardChallenge),
    );
    if (!card.ok) throw new Error(card.reason);
    return { host, card };
  }

  it('lets the card side reproduce the card cryptogram and the R-MAC of the published trace', () => {
    expect(toHex(scp03CardCryptogram(keys.sMac, hostChallenge, cardChallenge))).toBe('66C484C1D2EF1948');
    const { host, card } = open(0x11);
    const wrapped = scp03WrapCommand(host.session, fromHex('80E2910006BF3E035C015A00'));
    const unwrapped = scp03UnwrapCommand(card.session, wrapped.apdu);
    expect(unwrapped.ok).toBe(true);
    if (!unwrapped.ok) return;
    expect(toHex(unwrapped.command)).toBe('80E2910006BF3E035C015A00');
    const response = scp03WrapResponse(
      unwrapped.session,
      fromHex('BF3E125A1089882119900000000000000000000005'),
      fromHex('9000'),
    );
    expect(toHex(response)).toBe('BF3E125A1089882119900000000000000000000005971BE68992DBBDFA9000');
  });

  it('carries commands and responses intact with C-MAC, C-DEC, R-MAC and R-ENC', () => {
    const { host, card } = open(0x33);
    let hostSession = host.session;
    let cardSession = card.session;
    for (const command of COMMANDS) {
      const wrapped = scp03WrapCommand(hostSession, fromHex(command));
      hostSession = wrapped.session;
      const unwrapped = scp03UnwrapCommand(cardSession, wrapped.apdu);
      expect(unwrapped.ok).toBe(true);
      if (!unwrapped.ok) return;
      cardSession = unwrapped.session;
      expect(toHex(unwrapped.command)).toBe(command);
      const data = fromHex('5A0847617390010100109F7002ABCD');
      const protectedResponse = scp03WrapResponse(cardSession, data, fromHex('9000'));
      expect(protectedResponse.subarray(0, data.length).equals(data)).toBe(false);
      const clear = scp03UnwrapResponse(hostSession, protectedResponse);
      expect(clear.ok && toHex(clear.response)).toBe('5A0847617390010100109F7002ABCD9000');
    }
  });

  it('refuses a response whose R-MAC was altered, and leaves error status words unprotected', () => {
    const { host, card } = open(0x11);
    const wrapped = scp03WrapCommand(host.session, fromHex(COMMANDS[2]!));
    const unwrapped = scp03UnwrapCommand(card.session, wrapped.apdu);
    if (!unwrapped.ok) throw new Error(unwrapped.reason);
    const response = scp03WrapResponse(unwrapped.session, fromHex('0102'), fromHex('9000'));
    response[2]! ^= 0x80;
    expect(scp03UnwrapResponse(wrapped.session, response)).toEqual({
      ok: false,
      reason: 'R-MAC does not verify',
    });
    expect(toHex(scp03WrapResponse(unwrapped.session, Buffer.alloc(0), fromHex('6A82')))).toBe('6A82');
  });

  it('rejects a security level GlobalPlatform does not define', () => {
    expect(() => newScp03Session(keys, 0x21)).toThrow(
      new RangeError('SCP03 security level must be one of 00, 01, 03, 11, 13, 33, got 21'),
    );
  });
});
