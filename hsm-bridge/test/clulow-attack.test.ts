import pkcs11 from 'pkcs11js';
import { afterAll, describe, expect, it } from 'vitest';
import { fromHex } from '../../server/emv/bytes';
import { bridgeCommands, type BridgeCommand } from '../../server/emv/hsm-commands';
import type { HsmBackend } from '../src/backends/backend';
import type { Pkcs11Backend } from '../src/backends/pkcs11/pkcs11-backend';
import { BridgeError } from '../src/bridge-error';
import { runCommand } from '../src/ops';
import { importTestKey, openTestBackends } from './test-backends';

const backends = openTestBackends();
afterAll(async () => {
  for (const [, backend] of backends) await backend.close();
});

/**
 * The Clulow attack (2003): have the HSM encrypt a secret key under a key K (wrap, or here: the
 * transport encryption of a derived card key), then ask it to decrypt those bytes with the same K.
 * The bridge has no decrypt command, refuses K0 wherever a command would decrypt with a key, and
 * the token itself refuses C_Decrypt with a K0 key.
 */
describe.each(backends)(
  'a scripted wrap-then-decrypt attack on the %s backend',
  (_name, backend: HsmBackend) => {
    it('gets the card key encrypted under the KEK, then finds no way to decrypt it with the KEK', async () => {
      const imk = await importTestKey(backend, 'E0', fromHex('0123456789ABCDEFFEDCBA9876543210'));
      const kek = await importTestKey(backend, 'K0', fromHex('00112233445566778899AABBCCDDEEFF'));
      const step1 = (await runCommand(backend, 'deriveIccMasterKeys', {
        issuerMasterKeyRef: imk.keyRef,
        kekRef: kek.keyRef,
        method: 'A',
        cards: [{ pan: '4761739001010010', psn: '00' }],
      })) as { keys: { cryptogram: string }[] };
      const wrapped = step1.keys[0]!.cryptogram;

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
            cards: [{ pan: '4761739001010010', pinBlock: wrapped.slice(0, 16) }],
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
  },
);

describe('the PKCS#11 token itself', () => {
  it('refuses C_Decrypt and C_WrapKey with a K0 key (CKA_DECRYPT and CKA_WRAP are false)', async () => {
    const token = backends[1]![1] as Pkcs11Backend;
    const kek = await importTestKey(token, 'K0', fromHex('00112233445566778899AABBCCDDEEFF'));
    const internals = token as unknown as {
      lib: pkcs11.PKCS11;
      session: Buffer;
      findHandle(ref: string, cls: number | null): Buffer;
    };
    const handle = internals.findHandle(kek.keyRef, pkcs11.CKO_SECRET_KEY);
    expect(() =>
      internals.lib.C_DecryptInit(internals.session, { mechanism: pkcs11.CKM_DES3_ECB }, handle),
    ).toThrow(/CKR_KEY_FUNCTION_NOT_PERMITTED/);
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
});
