import { constants, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pkcs11 from 'pkcs11js';
import { afterAll, describe, expect, it } from 'vitest';
import { concat, fromHex, toHex } from '../../server/emv/bytes';
import { tdesKcv } from '../../server/emv/crypto/kcv';
import { deriveIccMasterKeyOptionA } from '../../server/emv/crypto/icc-master-key';
import { deriveScp02SessionKeys, scp02CardCryptogram } from '../../server/emv/crypto/scp02';
import { bridgeCommands, type BridgeCommand, type CommandResult } from '../../server/emv/hsm-commands';
import type { KeyBlockHeader } from '../../server/emv/key-blocks/header';
import { encryptKeyBlock } from '../../server/emv/key-blocks/tr31';
import type { HsmBackend } from '../src/backends/backend';
import type { Pkcs11Backend } from '../src/backends/pkcs11/pkcs11-backend';
import { BridgeError } from '../src/bridge-error';
import { runCommand } from '../src/ops';
import { importTestKey, openTestBackends } from './test-backends';

const backends = openTestBackends();
afterAll(async () => {
  for (const [, backend] of backends) await backend.close();
});

const imkValue = fromHex('0123456789ABCDEFFEDCBA9876543210');
const kekValue = fromHex('00112233445566778899AABBCCDDEEFF');
const card = { pan: '4761739001010010', psn: '00' };

/** Step 1 of the attack: the HSM encrypts a card key (here an ICC master key) under the KEK. */
async function cardKeyUnderKek(backend: HsmBackend) {
  const imk = await importTestKey(backend, 'E0', imkValue);
  const kek = await importTestKey(backend, 'K0', kekValue);
  const step1 = (await runCommand(backend, 'deriveCardMasterKeys', {
    kekRef: kek.keyRef,
    method: 'A',
    masterKeys: [{ name: 'MK-AC', issuerMasterKeyRef: imk.keyRef }],
    cards: [card],
  })) as CommandResult<'deriveCardMasterKeys'>;
  return { imk, kek, wrapped: step1.cards[0]!.keys[0]!.cryptogram };
}

/**
 * The Clulow attack (2003): have the HSM encrypt a secret key under a key K (wrap, or here: the
 * transport encryption of a derived card key), then ask it to decrypt those bytes with the same K.
 * The bridge has no decrypt command and refuses K0 wherever a command would decrypt with a key it is
 * given. Two commands do decrypt under K0, and only secret DGIs (8000-8FFF): validateOnVirtualCard,
 * which plays the bureau (the clear goes at once under the virtual card's session key, and only the
 * report comes out), and reencryptDgisForChannel, which serves the bureau's device (the clear goes at
 * once under the DEK of a channel the bridge holds; that DEK never leaves it).
 */
describe.each(backends)(
  'a scripted wrap-then-decrypt attack on the %s backend',
  (_name, backend: HsmBackend) => {
    it('gets the card key encrypted under the KEK, then finds no way to decrypt it with the KEK', async () => {
      const { kek, wrapped } = await cardKeyUnderKek(backend);

      // No command of the protocol is a generic decrypt.
      const commands = Object.keys(bridgeCommands) as BridgeCommand[];
      expect(commands.filter((c) => /decrypt|unwrap/i.test(c))).toEqual([]);

      // Every command that decrypts with a key it is given refuses the KEK for that role.
      const attempts: [BridgeCommand, unknown][] = [
        [
          'translatePinForCard',
          {
            pinKeyRef: kek.keyRef,
            kekRef: kek.keyRef,
            inputFormat: 0,
            outputFormat: 2,
            cards: [{ pan: card.pan, pinBlock: wrapped.slice(0, 16) }],
          },
        ],
        [
          'importKeyBlock',
          {
            kbpkRef: kek.keyRef,
            keyBlock: `D0112E0TX00E0000${wrapped}${'0'.repeat(16)}`,
            expectedUsage: 'E0',
            label: 'attack',
          },
        ],
      ];
      for (const [command, params] of attempts) {
        const outcome = await runCommand(backend, command, params).then(
          () => 'answered',
          (error: unknown) => (error instanceof BridgeError ? error.code : String(error)),
        );
        expect([command, outcome]).toEqual([command, 'KEY_USAGE_REFUSED']);
      }
    });

    it('gets the card key decrypted by validateOnVirtualCard only into the virtual card, never back', async () => {
      const { imk, kek, wrapped } = await cardKeyUnderKek(backend);
      const clear = toHex(deriveIccMasterKeyOptionA(imkValue, card.pan, card.psn));
      const aid = 'A0000000031010';
      const secret = (dgi: string, data: string) => ({ dgi, data, encrypted: true });
      // The wrapped key as the card keys (with its KCV, so that the card takes them), as a DGI the
      // card does not know, as an ICC private key component and as a PIN block: one card each.
      const placements = [
        [secret('8000', wrapped), { dgi: '9000', data: toHex(tdesKcv(fromHex(clear))), encrypted: false }],
        [secret('8FFF', wrapped)],
        [secret('8201', wrapped)],
        [secret('8010', wrapped.slice(0, 16)), { dgi: '9010', data: '0303', encrypted: false }],
      ];
      const result = (await runCommand(backend, 'validateOnVirtualCard', {
        kekRef: kek.keyRef,
        issuerMasterKey: { keyRef: imk.keyRef, method: 'A' },
        environment: 'test',
        caKeys: [
          { rid: 'A000000003', index: '92', environment: 'test', modulus: 'AB'.repeat(176), exponent: '03' },
        ],
        transaction: { amount: 100, currency: '978', country: '250', date: '260315' },
        cards: placements.map((dgis, index) => ({
          reference: `attack ${index + 1}`,
          applications: [{ aid, name: 'attack', dgis }],
          payment: [{ aid, family: 'vsdc-style', cvn: '12' }],
          interfaces: ['contact'],
        })),
      })) as CommandResult<'validateOnVirtualCard'>;
      const json = JSON.stringify(result);
      // The key was decrypted under the KEK and sent to the card under its DEK...
      expect(json).toContain('<redacted: 16 bytes encrypted under the DEK>');
      // ...and neither it nor a half of it is in what the bridge returns.
      for (const part of [clear, clear.slice(0, 16), clear.slice(16)]) expect(json).not.toContain(part);
    });

    it('gets the card key from reencryptDgisForChannel only under a channel DEK, never in clear, and only as a secret DGI', async () => {
      const { kek, wrapped } = await cardKeyUnderKek(backend);
      const clear = toHex(deriveIccMasterKeyOptionA(imkValue, card.pan, card.psn));
      // A channel to a card whose static keys are the KMC (SCP02, diversification none).
      const kmcValue = fromHex('404142434445464748494A4B4C4D4E4F');
      const kmc = await importTestKey(backend, 'E5', kmcValue);
      const sequenceCounter = fromHex('0000');
      const cardChallenge = fromHex('C1C2C3C4C5C6');
      const hostChallenge = fromHex('0102030405060708');
      const { sEnc } = deriveScp02SessionKeys(
        { enc: kmcValue, mac: kmcValue, dek: kmcValue },
        sequenceCounter,
      );
      const opened = (await runCommand(backend, 'openSecureChannel', {
        kmcRef: kmc.keyRef,
        diversification: 'none',
        channel: { protocol: 'SCP02', securityLevel: '01', icvEncryption: true },
        hostChallenge: toHex(hostChallenge),
        initializeUpdateResponse: toHex(
          concat(
            fromHex('00010203040506070809FF02'),
            sequenceCounter,
            cardChallenge,
            scp02CardCryptogram(sEnc, hostChallenge, sequenceCounter, cardChallenge),
          ),
        ),
      })) as CommandResult<'openSecureChannel'>;
      const asDgi = (dgi: string) =>
        runCommand(backend, 'reencryptDgisForChannel', {
          handle: opened.handle,
          kekRef: kek.keyRef,
          dgis: [{ dgi, data: wrapped }],
        });
      const json = JSON.stringify(await asDgi('8000'));
      for (const part of [clear, clear.slice(0, 16), clear.slice(16)]) expect(json).not.toContain(part);
      // As a DGI a card hands back (or that is no DGI of a card), it is not taken at all.
      for (const dgi of ['9000', '0101', 'A000', '7FFF']) {
        await expect(asDgi(dgi)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      }
      await runCommand(backend, 'closeSecureChannel', { handle: opened.handle });
    });

    it('refuses the backend decrypt primitive a K0 key, in the same words on both backends', async () => {
      const { kek, wrapped } = await cardKeyUnderKek(backend);
      const refusal = {
        code: 'KEY_USAGE_REFUSED',
        message: `key ${kek.keyRef} has usage K0 (Key encryption / transport key (KEK)): the HSM decrypts under a transport KEK only to translate a card's secret DGIs to a card's DEK inside the bridge (validateOnVirtualCard, reencryptDgisForChannel), never for a result that leaves it`,
      };
      for (const mode of ['ecb', 'cbc'] as const) {
        const outcome = backend.decrypt(kek.keyRef, mode, fromHex(wrapped));
        await expect(outcome).rejects.toBeInstanceOf(BridgeError);
        await expect(outcome).rejects.toMatchObject(refusal);
      }
      const imk = await importTestKey(backend, 'E0', imkValue);
      await expect(backend.decryptUnderTransportKek(imk.keyRef, fromHex(wrapped))).rejects.toMatchObject({
        code: 'KEY_USAGE_REFUSED',
        message: `key ${imk.keyRef} has usage E0 (EMV issuer master key for application cryptograms (MK-AC)); secret DGI translation for the virtual card needs a key of usage K0`,
      });
    });
  },
);

describe('the one decryption under a K0 key', () => {
  it('is called from ops/validation/kek-secrets.ts only (translateUnderKekToSessionKey), for a card DEK or PIN entry key only', () => {
    const src = path.join(__dirname, '../src');
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((file) =>
      file.endsWith('.ts'),
    );
    const naming = files.filter((file) =>
      readFileSync(path.join(src, file), 'utf8').includes('decryptUnderTransportKek'),
    );
    // The interface, the two implementations, the comment of the refusal, and the one caller.
    expect(naming.map((file) => file.split(path.sep).join('/')).sort()).toEqual([
      'backends/backend.ts',
      'backends/pkcs11/pkcs11-backend.ts',
      'backends/software/software-backend.ts',
      'key-usage.ts',
      'ops/validation/kek-secrets.ts',
    ]);
    const kekSecrets = readFileSync(path.join(src, 'ops/validation/kek-secrets.ts'), 'utf8');
    expect(kekSecrets.match(/\.decryptUnderTransportKek\(/g)).toHaveLength(1);
    expect(kekSecrets).toMatch(
      /private async translateUnderKekToSessionKey\([^]*?\.decryptUnderTransportKek\([^]*?encryptDgiData\(/,
    );
    // Its three ways in: the virtual card's DEK (translator), the terminal's one-time PIN entry key
    // (cardholderPin), and an open secure channel's DEK (toChannelDek).
    expect(kekSecrets.match(/this\.translateUnderKekToSessionKey\(/g)).toHaveLength(3);
    const using = (text: string) =>
      files
        .filter((file) => readFileSync(path.join(src, file), 'utf8').includes(text))
        .map((file) => file.split(path.sep).join('/'))
        .sort();
    expect(using('new KekSecrets(')).toEqual([
      'ops/secure-channel/reencrypt-dgis-for-channel.ts',
      'ops/validation/validate-on-virtual-card.ts',
    ]);
    expect(using('.toChannelDek(')).toEqual(['ops/secure-channel/reencrypt-dgis-for-channel.ts']);
    // The channel op's target key is the DEK the bridge holds for the channel, never one it is given.
    const channelOp = readFileSync(
      path.join(src, 'ops/secure-channel/reencrypt-dgis-for-channel.ts'),
      'utf8',
    );
    expect(channelOp).toMatch(/const dek = Buffer\.from\(channel\.session\.keys\.dek\);/);
    expect(channelOp).toMatch(/\.toChannelDek\(entry\.dgi, underKek, channel\.protocol, dek\)/);
  });
});

/**
 * The token lets a K0 key decrypt: validation on a virtual card plays the bureau and must turn the
 * secret DGIs from the KEK to the card's session key inside the HSM boundary, and PKCS#11 has no
 * attribute for "decrypt, but only to re-encrypt under another key" (CKM_*_WRAP would need the
 * clear DGIs to be key objects, and a K0 key that unwraps could unwrap its own cryptograms into an
 * extractable key). So the token is not what stops the attack: the bridge's command surface is
 * (the tests above). The token still refuses to wrap with a K0 key, and never lets one out.
 */
describe('the PKCS#11 token itself', () => {
  const token = backends[1]![1] as Pkcs11Backend;
  const internals = token as unknown as {
    lib: pkcs11.PKCS11;
    session: Buffer;
    findHandle(ref: string, cls: number | null): Buffer;
  };

  it('permits C_Decrypt with a K0 key and refuses C_WrapKey (CKA_DECRYPT true, CKA_WRAP false)', async () => {
    const { kek, wrapped } = await cardKeyUnderKek(token);
    const handle = internals.findHandle(kek.keyRef, pkcs11.CKO_SECRET_KEY);
    internals.lib.C_DecryptInit(internals.session, { mechanism: pkcs11.CKM_DES3_ECB }, handle);
    expect(toHex(internals.lib.C_Decrypt(internals.session, fromHex(wrapped), Buffer.alloc(32)))).toBe(
      toHex(deriveIccMasterKeyOptionA(imkValue, card.pan, card.psn)),
    );
    expect(() =>
      internals.lib.C_WrapKey(
        internals.session,
        { mechanism: pkcs11.CKM_AES_KEY_WRAP },
        handle,
        handle,
        Buffer.alloc(64),
      ),
    ).toThrow(/CKR_/);
  });

  it('gets a K0 key that decrypts, never wraps, unwraps or leaves, from every way of making one', async () => {
    const generated = (await runCommand(token, 'generateKey', {
      usage: 'K0',
      algorithm: 'TDES2',
      label: 'generated KEK',
    })) as { keyRef: string };

    const ceremony = (await runCommand(token, 'startKeyCeremony', {
      usage: 'K0',
      algorithm: 'TDES2',
      label: 'KEK from components',
      components: 2,
    })) as CommandResult<'startKeyCeremony'>;
    const spki = createPublicKey({ key: fromHex(ceremony.publicKey.spki), format: 'der', type: 'spki' });
    let fromComponents: { keyRef?: string } = {};
    for (const componentIndex of [1, 2]) {
      const component = randomBytes(16);
      fromComponents = (await runCommand(token, 'submitKeyComponent', {
        ceremonyId: ceremony.ceremonyId,
        componentIndex,
        encryptedComponent: toHex(
          publicEncrypt(
            { key: spki, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
            component,
          ),
        ),
        componentKcv: toHex(tdesKcv(component)),
      })) as { keyRef?: string };
    }

    const kbpkValue = randomBytes(16);
    const kbpk = await importTestKey(token, 'K1', kbpkValue);
    const header: KeyBlockHeader = {
      version: 'B',
      usage: 'K0',
      algorithm: 'T',
      modeOfUse: 'B',
      keyVersion: '00',
      exportability: 'N',
      reserved: '00',
      optionalBlocks: [],
    };
    const fromKeyBlock = (await runCommand(token, 'importKeyBlock', {
      kbpkRef: kbpk.keyRef,
      keyBlock: encryptKeyBlock(kbpkValue, header, randomBytes(16)),
      expectedUsage: 'K0',
      label: 'KEK from a key block',
    })) as { keyRef: string };

    for (const keyRef of [generated.keyRef, fromComponents.keyRef!, fromKeyBlock.keyRef]) {
      expect(token.keyAttributes(keyRef)).toEqual({
        sensitive: true,
        extractable: false,
        encrypt: true,
        decrypt: true,
        sign: false,
        wrap: false,
        unwrap: false,
      });
    }
  });
});
