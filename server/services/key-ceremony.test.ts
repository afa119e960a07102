import { constants, createPublicKey, publicEncrypt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findKey } from '../../db/queries/keys';
import { fromHex, toHex, xor } from '../emv/bytes';
import { adjustOddParity } from '../emv/crypto/des';
import { tdesKcv } from '../emv/crypto/kcv';
import { databaseKinds, freshDatabase } from '../test-support/databases';
import { startTestBridge, type TestBridge } from '../test-support/bridge';
import { auditEventsFor, rejectionOf, seedWorkbench, type SeededWorkbench } from '../test-support/workbench';
import { cancelKeyCeremony, startKeyCeremony, submitKeyComponent } from './key-ceremony';

/** What a custodian's browser sends: the component under the ceremony key, and the KCV it showed. */
function custodianMessage(spkiHex: string, component: string) {
  const encrypted = publicEncrypt(
    {
      key: createPublicKey({ key: Buffer.from(spkiHex, 'hex'), format: 'der', type: 'spki' }),
      padding: constants.RSA_PKCS1_OAEP_PADDING,
      oaepHash: 'sha256',
    },
    fromHex(component),
  );
  return { encryptedComponent: toHex(encrypted), componentKcv: toHex(tdesKcv(fromHex(component))) };
}

const c1 = '3F419E1CB7079442AA37474C2EFBF8B8';
const c2 = '0123456789ABCDEFFEDCBA9876543210';

describe.each(databaseKinds)('key ceremony on %s', (kind) => {
  let bridge: TestBridge;
  let handle: Awaited<ReturnType<typeof freshDatabase>>;
  let w: SeededWorkbench;
  beforeAll(async () => {
    bridge = await startTestBridge(`ceremony-${kind}`);
    handle = await freshDatabase(kind);
    w = await seedWorkbench(handle.db, bridge.client);
  });
  afterAll(async () => {
    await handle.close();
    await bridge.close();
  });

  const start = () =>
    startKeyCeremony(w.ctx.officer1, { label: 'Bureau KEK', usage: 'K0', algorithm: 'TDES2', components: 2 });

  it('combines two custodians components in the HSM into a key with the expected KCV, audited', async () => {
    const ceremony = await start();
    const first = await submitKeyComponent(w.ctx.officer1, {
      ceremonyId: ceremony.id,
      componentIndex: 1,
      ...custodianMessage(ceremony.publicKeySpki, c1),
    });
    expect(first).toEqual({ complete: false, componentKcv: '57C409' });
    const second = await submitKeyComponent(w.ctx.officer2, {
      ceremonyId: ceremony.id,
      componentIndex: 2,
      ...custodianMessage(ceremony.publicKeySpki, c2),
    });
    const expectedKcv = toHex(tdesKcv(adjustOddParity(xor(fromHex(c1), fromHex(c2)))));
    expect(second).toMatchObject({ complete: true, kcv: expectedKcv });
    const key = await findKey(handle.db, { id: second.keyId! });
    expect(key).toMatchObject({
      label: 'Bureau KEK',
      usage: 'K0',
      algorithm: 'TDES2',
      kcv: expectedKcv,
      status: 'active',
    });
    expect((await auditEventsFor(handle.db, ceremony.id)).map((e) => e.action)).toEqual([
      'key-ceremony.start',
      'key-ceremony.component',
      'key-ceremony.component',
    ]);
    expect(JSON.stringify(await auditEventsFor(handle.db, second.keyId!))).not.toContain(c1);
  });

  it('refuses a second component from the same custodian (split knowledge), audited', async () => {
    const ceremony = await start();
    await submitKeyComponent(w.ctx.officer1, {
      ceremonyId: ceremony.id,
      componentIndex: 1,
      ...custodianMessage(ceremony.publicKeySpki, c1),
    });
    const again = await rejectionOf(
      submitKeyComponent(w.ctx.officer1, {
        ceremonyId: ceremony.id,
        componentIndex: 2,
        ...custodianMessage(ceremony.publicKeySpki, c2),
      }),
    );
    expect([again.code, again.message]).toEqual([
      'FORBIDDEN',
      'You have already entered a component of this key: each component needs a different custodian.',
    ]);
    expect((await auditEventsFor(handle.db, ceremony.id)).at(-1)).toMatchObject({
      action: 'key-ceremony.component',
      result: 'refused',
    });
  });

  it('refuses a component whose KCV is not the one the custodian saw, and a cancelled ceremony', async () => {
    const ceremony = await start();
    const wrong = { ...custodianMessage(ceremony.publicKeySpki, c1), componentKcv: '000000' };
    const refused = await rejectionOf(
      submitKeyComponent(w.ctx.officer1, { ceremonyId: ceremony.id, componentIndex: 1, ...wrong }),
    );
    expect(refused.message).toBe(
      "The HSM refused the operation: component 1: the KCV you saw (000000) is not the component's (57C409): re-enter it",
    );
    await cancelKeyCeremony(w.ctx.officer2, ceremony.id);
    const late = await rejectionOf(
      submitKeyComponent(w.ctx.officer2, {
        ceremonyId: ceremony.id,
        componentIndex: 1,
        ...custodianMessage(ceremony.publicKeySpki, c1),
      }),
    );
    expect([late.code, late.message]).toEqual(['CONFLICT', 'This key ceremony is cancelled.']);
  });
});
