/**
 * reencryptDgisForChannel on both backends: secret DGIs of a CPS file go from the transport KEK to
 * the DEK of a channel opened through the bridge, checked against the published session-DEK and
 * KMC-diversification KCVs (GlobalPlatformPro) and by a virtual card personalized through the
 * secure-channel ops alone, then running an EMV transaction; and every refusal in its words.
 */
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { concat, fromHex, toHex } from '../../server/emv/bytes';
import { diversifyKmcEmvCps } from '../../server/emv/crypto/card-static-keys';
import { aesCbcDecrypt, aesCbcEncrypt, tdesEcbEncrypt } from '../../server/emv/crypto/des';
import { tdesKcv } from '../../server/emv/crypto/kcv';
import { padIso9797 } from '../../server/emv/crypto/mac';
import { deriveScp02SessionKeys, scp02CardCryptogram } from '../../server/emv/crypto/scp02';
import { scp03CardCryptogram } from '../../server/emv/crypto/scp03';
import { deriveScp03SessionKeys } from '../../server/emv/crypto/scp03-kdf';
import { keyUsageNames } from '../../server/emv/hsm-commands';
import { encodeDgi } from '../../server/emv/profile/dgis';
import { demo } from '../../server/emv/profile/testing';
import type { BureauApplication } from '../../server/emv/terminal/personalize';
import { runTransaction } from '../../server/emv/terminal/run-transaction';
import {
  TEST_KEYS,
  prepareTestCard,
  seededRandom,
  terminalConfig,
  type PreparedCard,
} from '../../server/emv/terminal/testing';
import { VirtualCard } from '../../server/emv/virtual-card/virtual-card';
import type { HsmBackend } from '../src/backends/backend';
import { secureChannelLimits } from '../src/ops/secure-channel/channel-store';
import { call, importTestKey, openTestBackends } from './test-backends';

const backends = openTestBackends();
afterAll(async () => {
  for (const [, backend] of backends) await backend.close();
});
afterEach(() => {
  vi.useRealTimers();
});

/** GlobalPlatformPro's test KMC and KDD (vectors gp_scp02_session_keys, gp_kmc_div_emv). */
const kmcValue = fromHex('404142434445464748494A4B4C4D4E4F');
const kdd = fromHex('00010203040506070809');
const hostChallenge = fromHex('0102030405060708');
/** A card key as preparation makes it, under the job's transport KEK like every secret DGI. */
const cardKey = fromHex('0123456789ABCDEFFEDCBA9876543210');

/** An SCP02 card's INITIALIZE UPDATE response (GP Card Spec 2.3 E.5.1.6) for its static keys. */
function scp02CardResponse(staticKeys: { enc: Buffer; mac: Buffer; dek: Buffer }, sequenceCounter: Buffer) {
  const cardChallenge = fromHex('C1C2C3C4C5C6');
  const { sEnc } = deriveScp02SessionKeys(staticKeys, sequenceCounter);
  const cryptogram = scp02CardCryptogram(sEnc, hostChallenge, sequenceCounter, cardChallenge);
  return toHex(concat(kdd, fromHex('2002'), sequenceCounter, cardChallenge, cryptogram));
}

/** An SCP03 card's INITIALIZE UPDATE response (GP Amendment D 7.1.1.6) for its static keys. */
function scp03CardResponse(staticKeys: { enc: Buffer; mac: Buffer; dek: Buffer }) {
  const cardChallenge = fromHex('A1A2A3A4A5A6A7A8');
  const keys = deriveScp03SessionKeys(staticKeys, concat(hostChallenge, cardChallenge));
  const cryptogram = scp03CardCryptogram(keys.sMac, hostChallenge, cardChallenge);
  return toHex(concat(kdd, fromHex('300370'), cardChallenge, cryptogram, fromHex('000001')));
}

async function keysIn(backend: HsmBackend) {
  return {
    kmc: await importTestKey(backend, 'E5', kmcValue),
    kek: await importTestKey(backend, 'K0', Buffer.from(TEST_KEYS.kek)),
  };
}

/** An SCP02 channel at C-MAC + C-DEC with the KMC as the card's key, sequence counter 0000. */
async function scp02Channel(backend: HsmBackend, kmcRef: string): Promise<string> {
  const opened = await call(backend, 'openSecureChannel', {
    kmcRef,
    diversification: 'none',
    channel: { protocol: 'SCP02', securityLevel: '03', icvEncryption: true },
    hostChallenge: toHex(hostChallenge),
    initializeUpdateResponse: scp02CardResponse(
      { enc: kmcValue, mac: kmcValue, dek: kmcValue },
      fromHex('0000'),
    ),
  });
  return opened.handle;
}

const underKek = (clear: Buffer) => toHex(tdesEcbEncrypt(TEST_KEYS.kek, clear));

/**
 * The device's side of EMV CPS v1.1 4.3 on a real card, with the bridge holding the channel: SELECT,
 * INITIALIZE UPDATE, openSecureChannel, EXTERNAL AUTHENTICATE, the application's secret DGIs
 * through reencryptDgisForChannel, then one wrapped STORE DATA per DGI (split past 239 bytes).
 */
async function personalizeThroughBridge(
  backend: HsmBackend,
  card: VirtualCard,
  applications: readonly BureauApplication[],
  keys: { kmcRef: string; kekRef: string; protocol: 'SCP02' | 'SCP03' },
): Promise<void> {
  const transmit = (apdu: Buffer, what: string) => {
    const response = card.transmit(apdu);
    const sw = toHex(response.subarray(-2));
    if (sw !== '9000') throw new Error(`${what} answered ${sw}: ${card.explain() ?? ''}`);
    return response;
  };
  card.powerOn('contact');
  for (const application of applications) {
    const aid = fromHex(application.aid);
    transmit(concat(fromHex('00A40400'), Buffer.from([aid.length]), aid, fromHex('00')), 'SELECT');
    const iu = transmit(concat(fromHex('8050000008'), hostChallenge, fromHex('00')), 'INITIALIZE UPDATE');
    const opened = await call(backend, 'openSecureChannel', {
      kmcRef: keys.kmcRef,
      diversification: 'emv-cps',
      channel:
        keys.protocol === 'SCP02'
          ? { protocol: 'SCP02', securityLevel: '03', icvEncryption: true }
          : { protocol: 'SCP03', securityLevel: '03' },
      hostChallenge: toHex(hostChallenge),
      initializeUpdateResponse: toHex(iu.subarray(0, -2)),
    });
    transmit(fromHex(opened.externalAuthenticate), 'EXTERNAL AUTHENTICATE');
    const secret = application.dgis.filter((dgi) => dgi.encrypted);
    const underDek =
      secret.length === 0
        ? undefined
        : await call(backend, 'reencryptDgisForChannel', {
            handle: opened.handle,
            kekRef: keys.kekRef,
            dgis: secret.map((dgi) => ({ dgi: dgi.dgi, data: toHex(dgi.data) })),
          });
    let sequence = 0;
    for (const [index, dgi] of application.dgis.entries()) {
      const data = dgi.encrypted ? fromHex(underDek!.dgis[secret.indexOf(dgi)]!.data) : dgi.data;
      const bytes = encodeDgi(dgi.dgi, data);
      for (let offset = 0; offset < bytes.length; offset += 239) {
        const chunk = bytes.subarray(offset, offset + 239);
        const last = index === application.dgis.length - 1 && offset + 239 >= bytes.length;
        const p1 = (last ? 0x80 : 0) | (dgi.encrypted ? parseInt(underDek!.p1Encryption, 16) : 0);
        const plain = concat(Buffer.from([0x80, 0xe2, p1, sequence, chunk.length]), chunk);
        const wrapped = await call(backend, 'wrapSecureChannelCommand', {
          handle: opened.handle,
          apdu: toHex(plain),
        });
        transmit(fromHex(wrapped.apdu), `STORE DATA (DGI ${dgi.dgi})`);
        sequence++;
      }
    }
    await call(backend, 'closeSecureChannel', { handle: opened.handle });
  }
}

/** A blank card with the prepared card's applets and static keys diversified (EMV CPS) from the KMC. */
function blankCard(prepared: PreparedCard, protocol: 'SCP02' | 'SCP03'): VirtualCard {
  return new VirtualCard({
    secureChannel: {
      protocol,
      keys: diversifyKmcEmvCps(kmcValue, kdd),
      keyDiversificationData: kdd,
      keyVersion: protocol === 'SCP02' ? 0x20 : 0x30,
      iParameter: protocol === 'SCP02' ? 0x15 : 0x70,
      sequenceCounter: 1,
    },
    applications: prepared.installs,
    random: seededRandom('channel-dgis card'),
  });
}

describe.each(backends)('reencryptDgisForChannel on the %s backend', (_name, backend) => {
  it('gives a DGI under the SCP02 session DEK (TDES-ECB): its first block of zeros is the published DEK KCV', async () => {
    const { kmc, kek } = await keysIn(backend);
    const handle = await scp02Channel(backend, kmc.keyRef);
    const clear = concat(Buffer.alloc(8), cardKey);
    const result = await call(backend, 'reencryptDgisForChannel', {
      handle,
      kekRef: kek.keyRef,
      dgis: [
        { dgi: '8000', data: underKek(clear) },
        { dgi: '8FFF', data: underKek(cardKey) },
      ],
    });
    // gp_scp02_session_keys (GlobalPlatformPro): session DEK of 40..4F at sequence 0000, KCV 85272E.
    expect(result.dgis[0]!.data.slice(0, 6)).toBe('85272E');
    const dek = deriveScp02SessionKeys({ enc: kmcValue, mac: kmcValue, dek: kmcValue }, fromHex('0000')).dek;
    expect(result).toEqual({
      dgis: [
        { dgi: '8000', data: toHex(tdesEcbEncrypt(dek, clear)) },
        { dgi: '8FFF', data: toHex(tdesEcbEncrypt(dek, cardKey)) },
      ],
      p1Encryption: '60',
    });
    expect(JSON.stringify(result)).not.toContain(toHex(cardKey).slice(0, 16));
    await call(backend, 'closeSecureChannel', { handle });
  });

  it('gives a DGI under the SCP03 static DEK (AES-CBC after 80 00.. padding), diversified from the KMC by EMV CPS', async () => {
    const { kmc, kek } = await keysIn(backend);
    const staticKeys = diversifyKmcEmvCps(kmcValue, kdd);
    // gp_kmc_div_emv (GlobalPlatformPro): the DEK this KMC and KDD give.
    expect(toHex(tdesKcv(staticKeys.dek))).toBe('BB8179');
    const opened = await call(backend, 'openSecureChannel', {
      kmcRef: kmc.keyRef,
      diversification: 'emv-cps',
      channel: { protocol: 'SCP03', securityLevel: '33' },
      hostChallenge: toHex(hostChallenge),
      initializeUpdateResponse: scp03CardResponse(staticKeys),
    });
    const result = await call(backend, 'reencryptDgisForChannel', {
      handle: opened.handle,
      kekRef: kek.keyRef,
      dgis: [{ dgi: '8000', data: underKek(cardKey) }],
    });
    const expected = aesCbcEncrypt(staticKeys.dek, padIso9797(cardKey, 2, 16));
    expect(result).toEqual({ dgis: [{ dgi: '8000', data: toHex(expected) }], p1Encryption: '60' });
    expect(toHex(aesCbcDecrypt(staticKeys.dek, expected).subarray(0, 16))).toBe(toHex(cardKey));
    await call(backend, 'closeSecureChannel', { handle: opened.handle });
  });

  it.each(['SCP02', 'SCP03'] as const)(
    'personalizes a virtual card over %s through the bridge alone, and the card approves a transaction',
    async (protocol) => {
      const { kmc, kek } = await keysIn(backend);
      const prepared = prepareTestCard(demo('credit'));
      const secret = prepared.applications.flatMap((a) => a.dgis.filter((d) => d.encrypted));
      // The card master keys (8000, checked by the card against the KCVs of 9000) and the ICC private
      // key as CRT (8201-8205, used by DDA): wrong bytes in any fail personalization or the transaction.
      expect(secret.map((d) => d.dgi)).toEqual(['8000', '8201', '8202', '8203', '8204', '8205']);
      const card = blankCard(prepared, protocol);
      await personalizeThroughBridge(backend, card, prepared.applications, {
        kmcRef: kmc.keyRef,
        kekRef: kek.keyRef,
        protocol,
      });
      const report = await runTransaction(card, terminalConfig(prepared, 'contact'));
      expect(report.steps.filter((step) => step.status === 'failed')).toEqual([]);
      expect(report).toMatchObject({ passed: true, outcome: 'approved' });
    },
  );

  it('lets the card refuse a DGI that was under another KEK (its KCV in 9000 does not match)', async () => {
    const { kmc, kek } = await keysIn(backend);
    const prepared = prepareTestCard(demo('credit'), { underOtherKek: ['8000'] });
    await expect(
      personalizeThroughBridge(backend, blankCard(prepared, 'SCP02'), prepared.applications, {
        kmcRef: kmc.keyRef,
        kekRef: kek.keyRef,
        protocol: 'SCP02',
      }),
    ).rejects.toThrow(/^STORE DATA \(DGI 9000\) answered 6A80/);
  });

  describe('refuses', () => {
    it('a DGI outside 8000-8FFF: the op would hand back what a card returns in clear', async () => {
      const { kmc, kek } = await keysIn(backend);
      const handle = await scp02Channel(backend, kmc.keyRef);
      for (const dgi of ['9000', '7FFF', '9102', '0101']) {
        await expect(
          call(backend, 'reencryptDgisForChannel', {
            handle,
            kekRef: kek.keyRef,
            dgis: [
              { dgi: '8000', data: underKek(cardKey) },
              { dgi, data: underKek(cardKey) },
            ],
          }),
        ).rejects.toMatchObject({
          code: 'BAD_REQUEST',
          message:
            'reencryptDgisForChannel: dgis.1.dgi must be a secret DGI (8000 to 8FFF): only those are re-encrypted',
        });
      }
      await call(backend, 'closeSecureChannel', { handle });
    });

    it('data that is not whole 8-byte blocks, empty, or no DGI at all', async () => {
      const { kmc, kek } = await keysIn(backend);
      const handle = await scp02Channel(backend, kmc.keyRef);
      const refused = (dgis: unknown) =>
        call(backend, 'reencryptDgisForChannel', { handle, kekRef: kek.keyRef, dgis });
      for (const data of ['00112233445566', underKek(cardKey).slice(0, 24)]) {
        await expect(refused([{ dgi: '8000', data }])).rejects.toMatchObject({
          code: 'BAD_REQUEST',
          message:
            'reencryptDgisForChannel: dgis.0.data must be whole 8-byte blocks (TDES-ECB under the KEK)',
        });
      }
      await expect(refused([{ dgi: '8000', data: '' }])).rejects.toMatchObject({
        message: 'reencryptDgisForChannel: dgis.0.data must not be empty',
      });
      await expect(refused([])).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: expect.stringMatching(/^reencryptDgisForChannel: dgis /),
      });
      await call(backend, 'closeSecureChannel', { handle });
    });

    it('a KEK that is not K0, even the KMC of the channel itself', async () => {
      const { kmc } = await keysIn(backend);
      const handle = await scp02Channel(backend, kmc.keyRef);
      await expect(
        call(backend, 'reencryptDgisForChannel', {
          handle,
          kekRef: kmc.keyRef,
          dgis: [{ dgi: '8000', data: underKek(cardKey) }],
        }),
      ).rejects.toMatchObject({
        code: 'KEY_USAGE_REFUSED',
        message: `key ${kmc.keyRef} has usage E5 (${keyUsageNames.E5}); secret DGI re-encryption for a secure channel needs a key of usage K0`,
      });
      await call(backend, 'closeSecureChannel', { handle });
    });

    it('a closed, unknown or idle channel', async () => {
      const { kmc, kek } = await keysIn(backend);
      const params = (handle: string) => ({
        handle,
        kekRef: kek.keyRef,
        dgis: [{ dgi: '8000', data: underKek(cardKey) }],
      });
      const closed = await scp02Channel(backend, kmc.keyRef);
      await call(backend, 'closeSecureChannel', { handle: closed });
      const unknown = '00'.repeat(16);
      for (const handle of [closed, unknown]) {
        await expect(call(backend, 'reencryptDgisForChannel', params(handle))).rejects.toMatchObject({
          code: 'BAD_REQUEST',
          message: `secure channel ${handle} is not open (closed, refused, or idle for more than 5 minutes): open a new one`,
        });
      }
      vi.useFakeTimers({ toFake: ['Date'] });
      const idle = await scp02Channel(backend, kmc.keyRef);
      await call(backend, 'reencryptDgisForChannel', params(idle));
      vi.setSystemTime(Date.now() + secureChannelLimits.idleMilliseconds + 1000);
      await expect(call(backend, 'reencryptDgisForChannel', params(idle))).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: expect.stringContaining(`secure channel ${idle} is not open`),
      });
    });
  });
});
