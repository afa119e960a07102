import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { concat, fromHex, toHex } from '../../server/emv/bytes';
import { diversifyKmcEmvCps, diversifyKmcVisa2 } from '../../server/emv/crypto/card-static-keys';
import {
  deriveScp02SessionKeys,
  newScp02Session,
  openScp02HostSession,
  scp02CardCryptogram,
  scp02CardExternalAuthenticate,
  scp02HostCryptogram,
  scp02UnwrapCommand,
  scp02WrapResponse,
} from '../../server/emv/crypto/scp02';
import {
  newScp03Session,
  openScp03HostSession,
  scp03CardCryptogram,
  scp03CardExternalAuthenticate,
  scp03HostCryptogram,
  scp03UnwrapCommand,
  scp03WrapResponse,
} from '../../server/emv/crypto/scp03';
import { deriveScp03SessionKeys } from '../../server/emv/crypto/scp03-kdf';
import { loadVectors } from '../../server/emv/vectors/load-vectors';
import { secureChannelLimits } from '../src/ops/secure-channel/channel-store';
import { call, importTestKey, openTestBackends } from './test-backends';

/**
 * The secure-channel ops on both backends: the published SCP02 traces (kaoh/globalplatform, keys
 * 40..4F, enc = mac = dek) run through the bridge with the KMC as the card's key; SCP03 and the
 * diversified SCP02 keys (which no published trace uses) are checked against the card side of the
 * EMV core (scp02.ts / scp03.ts card functions), fed with keys diversified from the same clear KMC.
 */
const backends = openTestBackends();
afterAll(async () => {
  for (const [, backend] of backends) await backend.close();
});
afterEach(() => {
  vi.useRealTimers();
});

const vectors = loadVectors();
const scp02Vectors = vectors
  .filter((v) => v.algorithm === 'gp_scp02_session')
  .map((v) => [v.name, v] as const);
const text = (value: unknown) => value as string;

const kmcValue = fromHex('404142434445464748494A4B4C4D4E4F');
const kdd = fromHex('0000AABBCCDD11223344');
const hostChallenge = fromHex('0102030405060708');
const cardChallenge8 = fromHex('A1A2A3A4A5A6A7A8');

/** An SCP03 card's INITIALIZE UPDATE response (GP Amendment D 7.1.1.6) for its static keys. */
function scp03Card(staticKeys: { enc: Buffer; mac: Buffer; dek: Buffer }) {
  const keys = deriveScp03SessionKeys(staticKeys, concat(hostChallenge, cardChallenge8));
  const cryptogram = scp03CardCryptogram(keys.sMac, hostChallenge, cardChallenge8);
  const response = concat(kdd, fromHex('300370'), cardChallenge8, cryptogram, fromHex('000001'));
  return { keys, response };
}

/** An SCP02 card's INITIALIZE UPDATE response (GP Card Spec 2.3 E.5.1.6) for its static keys. */
function scp02Card(staticKeys: { enc: Buffer; mac: Buffer; dek: Buffer }) {
  const sequenceCounter = fromHex('0007');
  const cardChallenge = fromHex('C1C2C3C4C5C6');
  const keys = deriveScp02SessionKeys(staticKeys, sequenceCounter);
  const cryptogram = scp02CardCryptogram(keys.sEnc, hostChallenge, sequenceCounter, cardChallenge);
  const response = concat(kdd, fromHex('2002'), sequenceCounter, cardChallenge, cryptogram);
  return {
    keys,
    response,
    hostCryptogram: scp02HostCryptogram(keys.sEnc, sequenceCounter, cardChallenge, hostChallenge),
  };
}

describe.each(backends)('%s backend', (_name, backend) => {
  const kmc = () => importTestKey(backend, 'E5', kmcValue);

  it.each(scp02Vectors)(
    'opens and wraps the SCP02 trace %s with the KMC as the card key',
    async (_n, vector) => {
      const inputs = vector.inputs;
      expect(inputs.enc).toBe(inputs.mac);
      const key = await importTestKey(backend, 'E5', fromHex(text(inputs.enc)));
      const opened = await call(backend, 'openSecureChannel', {
        kmcRef: key.keyRef,
        diversification: 'none',
        channel: { protocol: 'SCP02', securityLevel: text(inputs.security_level), icvEncryption: true },
        hostChallenge: text(inputs.host_challenge),
        initializeUpdateResponse: text(inputs.init_update_response),
      });
      expect(opened.externalAuthenticate).toBe(vector.expected.ext_auth_apdu);
      expect(opened.keyDiversificationData).toBe(text(inputs.init_update_response).slice(0, 20));
      const commands = inputs.commands as string[];
      for (const [index, command] of commands.entries()) {
        const wrapped = await call(backend, 'wrapSecureChannelCommand', {
          handle: opened.handle,
          apdu: command,
        });
        expect(wrapped.apdu).toBe(vector.expected[`wrapped_${index}`]);
      }
      expect(await call(backend, 'closeSecureChannel', { handle: opened.handle })).toEqual({ closed: true });
    },
  );

  it('runs SCP03 at C-MAC, C-DEC, R-MAC and R-ENC with a card whose keys come from the KMC by EMV CPS', async () => {
    const kmcRef = (await kmc()).keyRef;
    const staticKeys = diversifyKmcEmvCps(kmcValue, kdd);
    const card = scp03Card(staticKeys);
    const opened = await call(backend, 'openSecureChannel', {
      kmcRef,
      diversification: 'emv-cps',
      channel: { protocol: 'SCP03', securityLevel: '33' },
      hostChallenge: toHex(hostChallenge),
      initializeUpdateResponse: toHex(card.response),
    });
    const host = openScp03HostSession({
      staticKeys,
      hostChallenge,
      initializeUpdateResponse: card.response,
      securityLevel: 0x33,
    });
    expect(opened.externalAuthenticate).toBe(toHex(host.externalAuthenticate));

    const authenticated = scp03CardExternalAuthenticate(
      newScp03Session(card.keys, 0x33),
      fromHex(opened.externalAuthenticate),
      scp03HostCryptogram(card.keys.sMac, hostChallenge, cardChallenge8),
    );
    if (!authenticated.ok) throw new Error(authenticated.reason);
    let cardSession = authenticated.session;
    for (const command of ['80E2880006DF7003010203', '80CA9F7F00']) {
      const wrapped = await call(backend, 'wrapSecureChannelCommand', {
        handle: opened.handle,
        apdu: command,
        securityLevel: 'c-mac-c-dec',
      });
      const unwrapped = scp03UnwrapCommand(cardSession, fromHex(wrapped.apdu));
      if (!unwrapped.ok) throw new Error(unwrapped.reason);
      expect(toHex(unwrapped.command)).toBe(command);
      cardSession = unwrapped.session;
      const response = scp03WrapResponse(cardSession, fromHex('9F7F0A0102'), fromHex('9000'));
      expect(
        await call(backend, 'verifySecureChannelResponse', {
          handle: opened.handle,
          response: toHex(response),
        }),
      ).toEqual({ response: '9F7F0A01029000', rMacVerified: true });
    }

    // An altered response is refused, and the channel with it.
    const wrapped = await call(backend, 'wrapSecureChannelCommand', {
      handle: opened.handle,
      apdu: '80CA9F7F00',
    });
    const unwrapped = scp03UnwrapCommand(cardSession, fromHex(wrapped.apdu));
    if (!unwrapped.ok) throw new Error(unwrapped.reason);
    const response = scp03WrapResponse(unwrapped.session, fromHex('0102'), fromHex('9000'));
    response[0] = response[0]! ^ 0x01;
    await expect(
      call(backend, 'verifySecureChannelResponse', { handle: opened.handle, response: toHex(response) }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: `the response on secure channel ${opened.handle} is refused (R-MAC does not verify); the channel is closed`,
    });
    await expect(
      call(backend, 'wrapSecureChannelCommand', { handle: opened.handle, apdu: '80CA9F7F00' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('is not open') });
  });

  it('runs SCP02 with C-MAC and C-DEC with a card whose keys come from the KMC by VISA2', async () => {
    const kmcRef = (await kmc()).keyRef;
    const staticKeys = diversifyKmcVisa2(kmcValue, kdd);
    const card = scp02Card(staticKeys);
    const opened = await call(backend, 'openSecureChannel', {
      kmcRef,
      diversification: 'visa2',
      channel: { protocol: 'SCP02', securityLevel: '03', icvEncryption: true },
      hostChallenge: toHex(hostChallenge),
      initializeUpdateResponse: toHex(card.response),
    });
    const host = openScp02HostSession({
      staticKeys,
      hostChallenge,
      initializeUpdateResponse: card.response,
      securityLevel: 0x03,
      icvEncryption: true,
    });
    expect(opened).toMatchObject({
      externalAuthenticate: toHex(host.externalAuthenticate),
      keyVersion: 0x20,
    });
    const authenticated = scp02CardExternalAuthenticate(
      newScp02Session({ keys: card.keys, securityLevel: 0x01, icvEncryption: true }),
      fromHex(opened.externalAuthenticate),
      card.hostCryptogram,
    );
    if (!authenticated.ok) throw new Error(authenticated.reason);
    const command = '80E2600012DF7010000102030405060708090A0B0C0D0E0F';
    const wrapped = await call(backend, 'wrapSecureChannelCommand', { handle: opened.handle, apdu: command });
    const unwrapped = scp02UnwrapCommand(authenticated.session, fromHex(wrapped.apdu));
    expect(unwrapped.ok && toHex(unwrapped.command)).toBe(command);
    expect(
      await call(backend, 'verifySecureChannelResponse', { handle: opened.handle, response: '9000' }),
    ).toEqual({
      response: '9000',
      rMacVerified: false,
    });
    await expect(
      call(backend, 'wrapSecureChannelCommand', {
        handle: opened.handle,
        apdu: command,
        securityLevel: 'c-mac',
      }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: `secure channel ${opened.handle} was opened at c-mac-c-dec, not c-mac: a GlobalPlatform channel keeps the level of its EXTERNAL AUTHENTICATE`,
    });
    await call(backend, 'closeSecureChannel', { handle: opened.handle });
  });

  it('runs SCP02 at 13 (C-MAC, C-DEC, R-MAC) with a card whose keys come from the KMC by EMV CPS', async () => {
    const kmcRef = (await kmc()).keyRef;
    const card = scp02Card(diversifyKmcEmvCps(kmcValue, kdd));
    const opened = await call(backend, 'openSecureChannel', {
      kmcRef,
      diversification: 'emv-cps',
      channel: { protocol: 'SCP02', securityLevel: '13', icvEncryption: true },
      hostChallenge: toHex(hostChallenge),
      initializeUpdateResponse: toHex(card.response),
    });
    const authenticated = scp02CardExternalAuthenticate(
      newScp02Session({ keys: card.keys, securityLevel: 0x01, icvEncryption: true }),
      fromHex(opened.externalAuthenticate),
      card.hostCryptogram,
    );
    if (!authenticated.ok) throw new Error(authenticated.reason);
    expect(authenticated.session.securityLevel).toBe(0x13);
    await expect(
      call(backend, 'verifySecureChannelResponse', { handle: opened.handle, response: '9000' }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: `secure channel ${opened.handle} has no wrapped command waiting for its response: wrap the command (wrapSecureChannelCommand), send it, then verify its response once`,
    });
    let cardSession = authenticated.session;
    const exchanges = [
      ['80E2000009DF7006010203040506', '', '9000'],
      ['80CA9F7F00', '9F7F03AABBCC', '9000'],
      ['80E2000104DF700100', '', '6A86'],
    ] as const;
    for (const [command, data, sw] of exchanges) {
      const wrapped = await call(backend, 'wrapSecureChannelCommand', {
        handle: opened.handle,
        apdu: command,
        securityLevel: 'c-mac-c-dec',
      });
      const unwrapped = scp02UnwrapCommand(cardSession, fromHex(wrapped.apdu));
      if (!unwrapped.ok) throw new Error(unwrapped.reason);
      expect(toHex(unwrapped.command)).toBe(command);
      const reply = scp02WrapResponse(unwrapped.session, fromHex(data), fromHex(sw));
      cardSession = reply.session;
      expect(reply.response.length).toBe(data.length / 2 + 10);
      expect(
        await call(backend, 'verifySecureChannelResponse', {
          handle: opened.handle,
          response: toHex(reply.response),
        }),
      ).toEqual({ response: data + sw, rMacVerified: true });
    }

    // R-MACs chain: the next command waits for the previous response to be verified.
    const wrapped = await call(backend, 'wrapSecureChannelCommand', {
      handle: opened.handle,
      apdu: '80CA9F7F00',
    });
    await expect(
      call(backend, 'wrapSecureChannelCommand', { handle: opened.handle, apdu: '80CA9F7F00' }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: `secure channel ${opened.handle} has R-MAC and the response to the previous command is not verified: verify it (verifySecureChannelResponse) before wrapping the next command`,
    });
    // An altered response is refused, and the channel with it.
    const unwrapped = scp02UnwrapCommand(cardSession, fromHex(wrapped.apdu));
    if (!unwrapped.ok) throw new Error(unwrapped.reason);
    const response = scp02WrapResponse(unwrapped.session, fromHex('9F7F0101'), fromHex('9000')).response;
    response[3] = response[3]! ^ 0x80;
    await expect(
      call(backend, 'verifySecureChannelResponse', { handle: opened.handle, response: toHex(response) }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: `the response on secure channel ${opened.handle} is refused (R-MAC does not verify); the channel is closed`,
    });
    await expect(
      call(backend, 'wrapSecureChannelCommand', { handle: opened.handle, apdu: '80CA9F7F00' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('is not open') });
  });

  it('runs SCP02 at 11 (C-MAC, R-MAC) with the R-MAC key the HSM derives under the KMC (diversification none)', async () => {
    const kmcRef = (await kmc()).keyRef;
    const card = scp02Card({ enc: kmcValue, mac: kmcValue, dek: kmcValue });
    const opened = await call(backend, 'openSecureChannel', {
      kmcRef,
      diversification: 'none',
      channel: { protocol: 'SCP02', securityLevel: '11', icvEncryption: false },
      hostChallenge: toHex(hostChallenge),
      initializeUpdateResponse: toHex(card.response),
    });
    const authenticated = scp02CardExternalAuthenticate(
      newScp02Session({ keys: card.keys, securityLevel: 0x01, icvEncryption: false }),
      fromHex(opened.externalAuthenticate),
      card.hostCryptogram,
    );
    if (!authenticated.ok) throw new Error(authenticated.reason);
    const wrapped = await call(backend, 'wrapSecureChannelCommand', {
      handle: opened.handle,
      apdu: '80CA006600',
      securityLevel: 'c-mac',
    });
    const unwrapped = scp02UnwrapCommand(authenticated.session, fromHex(wrapped.apdu));
    if (!unwrapped.ok) throw new Error(unwrapped.reason);
    const reply = scp02WrapResponse(unwrapped.session, fromHex('6603AABBCC'), fromHex('9000'));
    expect(
      await call(backend, 'verifySecureChannelResponse', {
        handle: opened.handle,
        response: toHex(reply.response),
      }),
    ).toEqual({ response: '6603AABBCC9000', rMacVerified: true });
    await call(backend, 'closeSecureChannel', { handle: opened.handle });
  });

  it('opens nothing for a card that does not hold the KMC’s keys, or that speaks another protocol', async () => {
    const kmcRef = (await kmc()).keyRef;
    const other = scp03Card(diversifyKmcEmvCps(fromHex('00112233445566778899AABBCCDDEEFF'), kdd));
    const params = {
      kmcRef,
      diversification: 'emv-cps',
      channel: { protocol: 'SCP03', securityLevel: '01' },
      hostChallenge: toHex(hostChallenge),
      initializeUpdateResponse: toHex(other.response),
    };
    await expect(call(backend, 'openSecureChannel', params)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message:
        'the card cryptogram does not verify: the card (key version 48) does not hold the keys diversified from this KMC by emv-cps',
    });
    await expect(
      call(backend, 'openSecureChannel', {
        ...params,
        channel: { protocol: 'SCP02', securityLevel: '01', icvEncryption: true },
      }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message:
        'the INITIALIZE UPDATE response names SCP 03, not SCP02: open the channel with the protocol the card uses',
    });
    await expect(
      call(backend, 'openSecureChannel', { ...params, diversification: 'none' }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message:
        'SCP03 needs the card keys diversified from the KMC (emv-cps or visa2); diversification none is for SCP02 only',
    });
  });

  it(`holds at most ${secureChannelLimits.maxOpen} channels, forgets one idle too long, and closes each once`, async () => {
    const kmcRef = (await kmc()).keyRef;
    const card = scp02Card(diversifyKmcEmvCps(kmcValue, kdd));
    const open = () =>
      call(backend, 'openSecureChannel', {
        kmcRef,
        diversification: 'emv-cps',
        channel: { protocol: 'SCP02', securityLevel: '01', icvEncryption: false },
        hostChallenge: toHex(hostChallenge),
        initializeUpdateResponse: toHex(card.response),
      });
    vi.useFakeTimers({ toFake: ['Date'] });
    // Channels other tests left open count too: open until the bridge refuses.
    const handles: string[] = [];
    try {
      let refused = null;
      while (!refused && handles.length <= secureChannelLimits.maxOpen) {
        refused = await open().then(
          (opened) => (handles.push(opened.handle), null),
          (error: unknown) => error,
        );
      }
      expect(handles.length).toBeGreaterThan(0);
      expect(handles.length).toBeLessThanOrEqual(secureChannelLimits.maxOpen);
      expect(refused).toMatchObject({
        code: 'BAD_REQUEST',
        message: `${secureChannelLimits.maxOpen} secure channels are already open: close one (closeSecureChannel) before opening another`,
      });
      expect(await call(backend, 'closeSecureChannel', { handle: handles[0]! })).toEqual({ closed: true });
      expect(await call(backend, 'closeSecureChannel', { handle: handles[0]! })).toEqual({ closed: false });
      const kept = (await open()).handle;
      handles.push(kept);
      vi.setSystemTime(Date.now() + secureChannelLimits.idleMilliseconds - 1000);
      await call(backend, 'wrapSecureChannelCommand', { handle: kept, apdu: '80CA9F7F00' });
      vi.setSystemTime(Date.now() + 2000);
      // The others sat idle past the limit; the one just used did not.
      await call(backend, 'wrapSecureChannelCommand', { handle: kept, apdu: '80CA9F7F00' });
      await expect(
        call(backend, 'wrapSecureChannelCommand', { handle: handles[1]!, apdu: '80CA9F7F00' }),
      ).rejects.toMatchObject({
        message: `secure channel ${handles[1]} is not open (closed, refused, or idle for more than 5 minutes): open a new one`,
      });
    } finally {
      for (const handle of handles) await call(backend, 'closeSecureChannel', { handle });
    }
  });
});

describe('both backends', () => {
  it('give the same EXTERNAL AUTHENTICATE and wrapped commands for one card', async () => {
    const card = scp03Card(diversifyKmcEmvCps(kmcValue, kdd));
    const outputs = [];
    for (const [, backend] of backends) {
      const kmc = await importTestKey(backend, 'E5', kmcValue);
      const opened = await call(backend, 'openSecureChannel', {
        kmcRef: kmc.keyRef,
        diversification: 'emv-cps',
        channel: { protocol: 'SCP03', securityLevel: '13' },
        hostChallenge: toHex(hostChallenge),
        initializeUpdateResponse: toHex(card.response),
      });
      const wrapped = await call(backend, 'wrapSecureChannelCommand', {
        handle: opened.handle,
        apdu: '80E2880006DF7003010203',
      });
      outputs.push([opened.externalAuthenticate, wrapped.apdu]);
      await call(backend, 'closeSecureChannel', { handle: opened.handle });
    }
    expect(outputs[0]).toEqual(outputs[1]);
  });
});
