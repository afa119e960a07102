import { createCipheriv } from 'node:crypto';
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
  scp02UnwrapResponse,
  scp02WrapCommand,
  scp02WrapResponse,
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
    for (const level of [0x02, 0x10, 0x12, 0x33]) {
      expect(() => newScp02Session({ keys, securityLevel: level, icvEncryption: true })).toThrow(
        new RangeError(
          `SCP02 security level must be one of 00, 01 (C-MAC), 03 (C-MAC, C-DEC), 11 (C-MAC, R-MAC), 13 (C-MAC, C-DEC, R-MAC), got ${toHex(Buffer.from([level]))}`,
        ),
      );
    }
  });

  /**
   * The R-MAC recomputed here with OpenSSL directly, not through mac.ts / scp02.ts, from the byte
   * layout of GP Card Spec 2.3 Annex E (as GlobalPlatformPro's SCP02Wrapper and skythen/scp02 read
   * it): single-DES CBC under the left half of the R-MAC key from the chaining value, the last block
   * TDES; input = CLA (b3-b1 cleared) INS P1 P2 Lc data || Li data || SW, padded 80 00...
   */
  function independentRMac(chain: Buffer, input: Buffer): Buffer {
    const padded = Buffer.concat([input, Buffer.from([0x80]), Buffer.alloc(7 - (input.length % 8))]);
    const k1 = keys.rMac.subarray(0, 8);
    const des = createCipheriv('des-ede3-cbc', Buffer.concat([k1, k1, k1]), chain).setAutoPadding(false);
    const chained = Buffer.concat([des.update(padded), des.final()]);
    const previous = padded.length > 8 ? chained.subarray(padded.length - 16, padded.length - 8) : chain;
    const last = Buffer.from(padded.subarray(padded.length - 8).map((b, i) => b ^ previous[i]!));
    const tdes = createCipheriv('des-ede-ecb', keys.rMac, null).setAutoPadding(false);
    return Buffer.concat([tdes.update(last), tdes.final()]);
  }

  it('R-MACs every response at level 13, chained from the EXTERNAL AUTHENTICATE C-MAC', () => {
    const { host, card } = open(0x13);
    expect(card.session.securityLevel).toBe(0x13);
    let chain = host.externalAuthenticate.subarray(host.externalAuthenticate.length - 8);
    let hostSession = host.session;
    let cardSession = card.session;
    const replies = [
      ['9F7F0A0102', '9000'],
      ['', '9000'],
      ['', '6A88'],
      ['AABBCC', '6310'],
      ['9F7F01EE', '9000'],
    ] as const;
    // The last on logical channel 1: its channel bits stay out of the R-MAC input.
    for (const [index, command] of [...COMMANDS, '81CA9F7F00'].entries()) {
      const wrapped = scp02WrapCommand(hostSession, fromHex(command));
      const unwrapped = scp02UnwrapCommand(cardSession, wrapped.apdu);
      if (!unwrapped.ok) throw new Error(unwrapped.reason);
      const [data, sw] = replies[index]!;
      const reply = scp02WrapResponse(unwrapped.session, fromHex(data), fromHex(sw));
      cardSession = reply.session;
      // The command as the host gave it: CLA 80, Lc and data in clear (00 for a command without data).
      const plain = fromHex(command);
      const commandInput =
        plain.length > 5 ? plain.subarray(0, 5 + plain[4]!) : concat(plain.subarray(0, 4), fromHex('00'));
      commandInput[0] = 0x80;
      const input = concat(commandInput, Buffer.from([data.length / 2]), fromHex(data), fromHex(sw));
      const rMac = independentRMac(chain, input);
      expect(toHex(reply.response)).toBe(data + toHex(rMac) + sw);
      chain = rMac;
      const checked = scp02UnwrapResponse(wrapped.session, reply.response);
      if (!checked.ok) throw new Error(checked.reason);
      expect(toHex(checked.response)).toBe(data + sw);
      hostSession = checked.session;
    }
  });

  it('refuses a response altered in data, SW or R-MAC, one without R-MAC, and one replayed', () => {
    const { host, card } = open(0x11);
    const wrapped = scp02WrapCommand(host.session, fromHex(COMMANDS[2]!));
    const unwrapped = scp02UnwrapCommand(card.session, wrapped.apdu);
    if (!unwrapped.ok) throw new Error(unwrapped.reason);
    const reply = scp02WrapResponse(unwrapped.session, fromHex('660A'), fromHex('9000'));
    for (const at of [0, reply.response.length - 3, reply.response.length - 1]) {
      const tampered = Buffer.from(reply.response);
      tampered[at]! ^= 0x01;
      expect(scp02UnwrapResponse(wrapped.session, tampered)).toEqual({
        ok: false,
        reason: 'R-MAC does not verify',
      });
    }
    expect(scp02UnwrapResponse(wrapped.session, fromHex('9000'))).toEqual({
      ok: false,
      reason: 'response has no R-MAC',
    });
    const accepted = scp02UnwrapResponse(wrapped.session, reply.response);
    if (!accepted.ok) throw new Error(accepted.reason);
    expect(scp02UnwrapResponse(accepted.session, reply.response)).toEqual({
      ok: false,
      reason: 'no command is waiting for a response',
    });
    const next = scp02WrapCommand(accepted.session, fromHex(COMMANDS[2]!));
    expect(scp02UnwrapResponse(next.session, reply.response)).toEqual({
      ok: false,
      reason: 'R-MAC does not verify',
    });
  });

  it('leaves responses alone at a level without R-MAC', () => {
    const { host } = open(0x03);
    const wrapped = scp02WrapCommand(host.session, fromHex(COMMANDS[2]!));
    expect(scp02UnwrapResponse(wrapped.session, fromHex('66029000'))).toMatchObject({
      ok: true,
      response: fromHex('66029000'),
    });
    expect(scp02WrapResponse(wrapped.session, fromHex('6602'), fromHex('9000')).response).toEqual(
      fromHex('66029000'),
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
