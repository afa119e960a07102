import { constants, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { fromHex, toHex, xor } from '../../server/emv/bytes';
import { adjustOddParity } from '../../server/emv/crypto/des';
import { aesKcvCmac, tdesKcv } from '../../server/emv/crypto/kcv';
import type { CommandResult } from '../../server/emv/hsm-commands';
import type { HsmBackend } from '../src/backends/backend';
import type { Pkcs11Backend } from '../src/backends/pkcs11/pkcs11-backend';
import { BridgeError } from '../src/bridge-error';
import { keyCheckValue } from '../src/key-check-value';
import { runCommand } from '../src/ops';
import { keyCeremoniesOf } from '../src/ops/key-blocks/key-ceremonies';
import { openTestBackends } from './test-backends';

const backends = openTestBackends();
afterAll(async () => {
  for (const [, backend] of backends) await backend.close();
});
afterEach(() => {
  vi.useRealTimers();
});
const pkcs11 = backends[1]![1] as Pkcs11Backend;

type Started = CommandResult<'startKeyCeremony'>;
type Submitted = CommandResult<'submitKeyComponent'>;

/** What the custodian's browser does (key-blocks.ts): RSA-OAEP with SHA-256 to the ceremony's SPKI. */
function encryptComponent(ceremony: Started, component: Buffer): string {
  const key = createPublicKey({ key: fromHex(ceremony.publicKey.spki), format: 'der', type: 'spki' });
  return toHex(
    publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, component),
  );
}

function kcvOf(algorithm: string, component: Buffer): string {
  return toHex(algorithm.startsWith('TDES') ? tdesKcv(component, 3) : aesKcvCmac(component, 5));
}

describe.each(backends)('%s backend', (_name, backend) => {
  const start = (params: Record<string, unknown> = {}) =>
    runCommand(backend, 'startKeyCeremony', {
      usage: 'E0',
      algorithm: 'TDES2',
      label: 'MK-AC 2026',
      components: 2,
      ...params,
    }) as Promise<Started>;
  const submit = (
    ceremony: Started,
    componentIndex: number,
    component: Buffer,
    kcv = kcvOf(ceremony.algorithm, component),
  ) =>
    runCommand(backend, 'submitKeyComponent', {
      ceremonyId: ceremony.ceremonyId,
      componentIndex,
      encryptedComponent: encryptComponent(ceremony, component),
      componentKcv: kcv,
    }) as Promise<Submitted>;

  it('combines two TDES components into a key with odd parity and gives its KCV', async () => {
    const ceremony = await start();
    expect(ceremony.publicKey.fingerprint).toMatch(/^[0-9A-F]{64}$/);
    expect(
      createPublicKey({ key: fromHex(ceremony.publicKey.spki), format: 'der', type: 'spki' })
        .asymmetricKeyDetails,
    ).toEqual({ modulusLength: 2048, publicExponent: 65537n });
    const [c1, c2] = [randomBytes(16), randomBytes(16)];
    const first = await submit(ceremony, 1, c1);
    expect(first).toEqual({
      complete: false,
      ceremonyId: ceremony.ceremonyId,
      componentIndex: 1,
      componentKcv: kcvOf('TDES2', c1),
      received: [1],
      remaining: [2],
    });
    const last = await submit(ceremony, 2, c2);
    const expectedKey = adjustOddParity(xor(c1, c2));
    expect(last).toMatchObject({
      complete: true,
      usage: 'E0',
      algorithm: 'TDES2',
      kcv: toHex(tdesKcv(expectedKey)),
    });
    const keyRef = (last as { keyRef: string }).keyRef;
    expect(await backend.findKey(keyRef)).toEqual({
      keyRef,
      usage: 'E0',
      algorithm: 'TDES2',
      label: 'MK-AC 2026',
    });
    expect(await keyCheckValue(backend, (await backend.findKey(keyRef))!)).toBe(toHex(tdesKcv(expectedKey)));
  });

  it('combines three AES-256 components into a K1 key with its 5-byte CMAC KCV', async () => {
    const ceremony = await start({ usage: 'K1', algorithm: 'AES256', components: 3 });
    const components = [randomBytes(32), randomBytes(32), randomBytes(32)];
    expect(await submit(ceremony, 3, components[2]!)).toMatchObject({ received: [3], remaining: [1, 2] });
    expect(await submit(ceremony, 1, components[0]!)).toMatchObject({ received: [1, 3], remaining: [2] });
    const last = await submit(ceremony, 2, components[1]!);
    const key = xor(xor(components[0]!, components[1]!), components[2]!);
    expect(last).toMatchObject({
      complete: true,
      usage: 'K1',
      algorithm: 'AES256',
      kcv: toHex(aesKcvCmac(key)),
    });
  });

  it('accepts the published KCV examples of the browser contract', async () => {
    const component = fromHex('3F419E1CB7079442AA37474C2EFBF8B8');
    const tdes = await start();
    expect(await submit(tdes, 1, component, '57C409')).toMatchObject({ componentKcv: '57C409' });
    const aes = await start({ algorithm: 'AES128' });
    expect(await submit(aes, 1, component, '08793E25AB')).toMatchObject({ componentKcv: '08793E25AB' });
  });

  it('refuses a component whose KCV is not the one the custodian saw, and takes it again corrected', async () => {
    const ceremony = await start();
    const component = randomBytes(16);
    const actual = kcvOf('TDES2', component);
    const seen = actual === 'ABC123' ? 'ABC124' : 'ABC123';
    await expect(submit(ceremony, 2, component, seen)).rejects.toThrow(
      new BridgeError(
        'BAD_REQUEST',
        `component 2: the KCV you saw (${seen}) is not the component's (${actual}): re-enter it`,
      ),
    );
    expect(await submit(ceremony, 2, component)).toMatchObject({ received: [2] });
  });

  it('refuses a component index twice, the same encrypted component twice and two equal components', async () => {
    const ceremony = await start({ components: 3 });
    const component = randomBytes(16);
    const encrypted = encryptComponent(ceremony, component);
    const send = (componentIndex: number, encryptedComponent: string) =>
      runCommand(backend, 'submitKeyComponent', {
        ceremonyId: ceremony.ceremonyId,
        componentIndex,
        encryptedComponent,
        componentKcv: kcvOf('TDES2', component),
      });
    await send(1, encrypted);
    await expect(send(1, encryptComponent(ceremony, randomBytes(16)))).rejects.toThrow(
      new BridgeError('BAD_REQUEST', 'component 1 has already been entered'),
    );
    await expect(send(2, encrypted)).rejects.toThrow(
      'component 2: this encrypted component was already submitted as component 1',
    );
    await expect(send(2, encryptComponent(ceremony, component))).rejects.toThrow(
      'component 2 is the same as a component already entered: each custodian must hold a different component',
    );
  });

  it('refuses an index beyond the ceremony, a KCV of the wrong length and a component it cannot decrypt', async () => {
    const ceremony = await start();
    const component = randomBytes(16);
    await expect(submit(ceremony, 3, component)).rejects.toThrow(
      'component 3: this ceremony has 2 components',
    );
    await expect(submit(ceremony, 1, component, 'ABCDEF0123')).rejects.toThrow(
      'component 1: the KCV of a TDES2 component is 3 bytes, got 5',
    );
    const other = await start();
    await expect(
      runCommand(backend, 'submitKeyComponent', {
        ceremonyId: ceremony.ceremonyId,
        componentIndex: 1,
        encryptedComponent: encryptComponent(other, component),
        componentKcv: kcvOf('TDES2', component),
      }),
    ).rejects.toThrow(
      `component 1 does not decrypt with the key of ceremony ${ceremony.ceremonyId}: encrypt it to that ceremony's public key with RSA-OAEP and SHA-256`,
    );
    await expect(submit(ceremony, 1, randomBytes(24))).rejects.toThrow(
      'component 1 must be 16 bytes for a TDES2 key, got 24',
    );
  });

  it('ends a ceremony 30 minutes after it starts, wiping its components and destroying its key pair', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const ceremony = await start();
    const ceremonyKeyRef = `ceremony-${ceremony.ceremonyId}`;
    expect(Date.parse(ceremony.expiresAt) - Date.now()).toBe(30 * 60 * 1000);
    await submit(ceremony, 1, randomBytes(16));
    await vi.advanceTimersByTimeAsync(30 * 60 * 1000 - 1000);
    expect(await backend.rsaPublicKey(ceremonyKeyRef)).not.toBeNull();
    await vi.advanceTimersByTimeAsync(1000);
    expect(await backend.rsaPublicKey(ceremonyKeyRef)).toBeNull();
    await expect(submit(ceremony, 2, randomBytes(16))).rejects.toThrow(
      new BridgeError(
        'BAD_REQUEST',
        `key ceremony ${ceremony.ceremonyId} has ended or never existed: a ceremony ends when its key is stored, when it is cancelled, or 30 minutes after it starts`,
      ),
    );
  });

  it('cancels a ceremony, and a completed ceremony takes no more components', async () => {
    const cancelled = await start();
    expect(await runCommand(backend, 'cancelKeyCeremony', { ceremonyId: cancelled.ceremonyId })).toEqual({
      ceremonyId: cancelled.ceremonyId,
      cancelled: true,
    });
    await expect(submit(cancelled, 1, randomBytes(16))).rejects.toThrow('has ended or never existed');
    await expect(
      runCommand(backend, 'cancelKeyCeremony', { ceremonyId: cancelled.ceremonyId }),
    ).rejects.toThrow('has ended or never existed');
    const completed = await start();
    await submit(completed, 1, randomBytes(16));
    await submit(completed, 2, randomBytes(16));
    await expect(submit(completed, 1, randomBytes(16))).rejects.toThrow('has ended or never existed');
    expect(await backend.rsaPublicKey(`ceremony-${completed.ceremonyId}`)).toBeNull();
  });

  it('never shows a component in a result or an error', async () => {
    const ceremony = await start();
    const components = [randomBytes(16), randomBytes(16)];
    const seen: string[] = [];
    const record = (outcome: unknown) =>
      seen.push(outcome instanceof Error ? outcome.message : JSON.stringify(outcome));
    await submit(ceremony, 1, components[0]!, 'ABC123').then(record, record);
    await submit(ceremony, 1, components[0]!).then(record, record);
    await submit(ceremony, 2, components[1]!).then(record, record);
    const key = adjustOddParity(xor(components[0]!, components[1]!));
    for (const secret of [...components, key].map(toHex)) {
      for (const text of seen) expect(text.toUpperCase()).not.toContain(secret);
    }
  });

  it('refuses S0 and M7 keys, which are not entered from components', async () => {
    await expect(start({ usage: 'S0' })).rejects.toThrow(
      'an S0 signing key is an RSA key pair: it cannot be entered from components',
    );
    await expect(start({ usage: 'M7' })).rejects.toThrow(
      'an M7 key is an HMAC key generated in the HSM: it cannot be entered from components',
    );
  });

  it('keeps the ceremony key out of the key inventory', async () => {
    // By reference, not by a global count: in CI other test files create keys in the same token at once.
    const ceremony = await start();
    expect(await backend.findKey(`ceremony-${ceremony.ceremonyId}`)).toBeNull();
    expect(keyCeremoniesOf(backend).size).toBeGreaterThan(0);
  });
});

describe('the PKCS#11 ceremony key', () => {
  it('only decrypts, is sensitive and not extractable, and is destroyed when the ceremony ends', async () => {
    const ceremony = (await runCommand(pkcs11, 'startKeyCeremony', {
      usage: 'K0',
      algorithm: 'TDES3',
      label: 'zmk',
      components: 2,
    })) as Started;
    const ceremonyKeyRef = `ceremony-${ceremony.ceremonyId}`;
    expect(pkcs11.keyAttributes(ceremonyKeyRef)).toEqual({
      sensitive: true,
      extractable: false,
      encrypt: false,
      decrypt: true,
      sign: false,
      wrap: false,
      unwrap: false,
    });
    await runCommand(pkcs11, 'cancelKeyCeremony', { ceremonyId: ceremony.ceremonyId });
    expect(() => pkcs11.keyAttributes(ceremonyKeyRef)).toThrow(`key ${ceremonyKeyRef} is not in the token`);
    expect(await pkcs11.rsaPublicKey(ceremonyKeyRef)).toBeNull();
  });

  it('cannot sign or wrap with the ceremony key, whatever the caller asks', async () => {
    const ceremony = (await runCommand(pkcs11, 'startKeyCeremony', {
      usage: 'K0',
      algorithm: 'TDES2',
      label: 'zmk',
      components: 2,
    })) as Started;
    await expect(
      pkcs11.rsaPrivateOperation(`ceremony-${ceremony.ceremonyId}`, Buffer.alloc(256, 1)),
    ).rejects.toThrow(/CKR_KEY_FUNCTION_NOT_PERMITTED|CKR_KEY_TYPE_INCONSISTENT/);
    await runCommand(pkcs11, 'cancelKeyCeremony', { ceremonyId: ceremony.ceremonyId });
  });
});

describe('both backends', () => {
  it('store the same key from the same components', async () => {
    const components = [randomBytes(24), randomBytes(24)];
    const results: Submitted[] = [];
    for (const [, backend] of backends as [string, HsmBackend][]) {
      const ceremony = (await runCommand(backend, 'startKeyCeremony', {
        usage: 'P0',
        algorithm: 'TDES3',
        label: 'pin key',
        components: 2,
      })) as Started;
      for (const [i, component] of components.entries()) {
        results.push(
          (await runCommand(backend, 'submitKeyComponent', {
            ceremonyId: ceremony.ceremonyId,
            componentIndex: i + 1,
            encryptedComponent: encryptComponent(ceremony, component),
            componentKcv: kcvOf('TDES3', component),
          })) as Submitted,
        );
      }
    }
    expect(results[1]).toMatchObject({
      complete: true,
      kcv: toHex(tdesKcv(adjustOddParity(xor(components[0]!, components[1]!)))),
    });
    expect((results[3] as { kcv: string }).kcv).toBe((results[1] as { kcv: string }).kcv);
  });
});
