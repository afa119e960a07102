import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findKey } from '../../db/queries/keys';
import { databaseKinds } from '../test-support/databases';
import { startTestBridge, type TestBridge } from '../test-support/bridge';
import {
  approvedProfileJob,
  threeCreditCards,
  workbenchWithCreditProfile,
} from '../test-support/profile-jobs';
import { auditEventsFor, rejectionOf, testDataAtRestKey } from '../test-support/workbench';
import { prepareJob } from '../jobs/prepare-job';
import { findJob } from '../../db/queries/jobs';
import { generateKey } from './generate-key';
import { changeKeyStatus } from './key-status';

process.env.DATA_AT_REST_KEY = testDataAtRestKey;

describe.each(databaseKinds)('key status on %s', (kind) => {
  let bridge: TestBridge;
  let env: Awaited<ReturnType<typeof workbenchWithCreditProfile>>;
  beforeAll(async () => {
    bridge = await startTestBridge(`key-status-${kind}`);
    env = await workbenchWithCreditProfile(kind, bridge.client);
  }, 120_000);
  afterAll(async () => {
    await env.handle.close();
    await bridge.close();
  });

  it('generates AES and HMAC keys with their 5-byte check values', async () => {
    const officer = env.w.ctx.officer1;
    const aes = await generateKey(officer, { label: 'KBPK AES', usage: 'K1', algorithm: 'AES256' });
    const hmac = await generateKey(officer, { label: 'Audit HMAC', usage: 'M7', algorithm: 'HMAC256' });
    expect(aes.kcv).toMatch(/^[0-9A-F]{10}$/);
    expect(hmac.kcv).toMatch(/^[0-9A-F]{10}$/);
    const wrong = await rejectionOf(
      generateKey(officer, { label: 'HMAC as KEK', usage: 'K0', algorithm: 'HMAC256' }),
    );
    expect(wrong.message).toBe(
      'The HSM refused the operation: HMAC256 keys are for usage M7 (HMAC) only, and M7 keys are HMAC256 keys',
    );
  });

  it('suspends, reactivates and destroys a key, audited, and never brings a destroyed key back', async () => {
    const officer = env.w.ctx.officer1;
    const key = await generateKey(officer, { label: 'Spare IMK', usage: 'E0', algorithm: 'TDES2' });
    await changeKeyStatus(officer, { keyId: key.id, status: 'suspended', reason: 'custodian left' });
    await changeKeyStatus(officer, { keyId: key.id, status: 'active', reason: 'new custodian' });
    await changeKeyStatus(officer, { keyId: key.id, status: 'destroyed', reason: 'end of programme' });
    expect((await findKey(env.handle.db, { id: key.id }))!.status).toBe('destroyed');
    const back = await rejectionOf(
      changeKeyStatus(officer, { keyId: key.id, status: 'active', reason: 'oops, again' }),
    );
    expect([back.code, back.message]).toEqual([
      'CONFLICT',
      'Key "Spare IMK" is destroyed; it cannot become active.',
    ]);
    const actions = (await auditEventsFor(env.handle.db, key.id)).map((e) => e.action);
    expect(actions).toEqual(['key.generate', 'key.suspend', 'key.reactivate', 'key.destroy']);
    const analyst = await rejectionOf(
      changeKeyStatus(env.w.ctx.analyst, { keyId: key.id, status: 'suspended', reason: 'not mine' }),
    );
    expect(analyst.message).toBe('Your role does not allow this action.');
  });

  it('fails an approved job whose issuer master key was suspended, saying which key and what to do', async () => {
    const job = await approvedProfileJob(env.w, env.setup, threeCreditCards);
    const mkAc = env.setup.parameters.masterKeys.E0!;
    await changeKeyStatus(env.w.ctx.officer1, {
      keyId: mkAc,
      status: 'suspended',
      reason: 'suspected compromise',
    });
    await prepareJob(env.handle.db, bridge.client, job.id);
    const failed = (await findJob(env.handle.db, { id: job.id }))!;
    expect([failed.status, failed.failureReason]).toEqual([
      'failed',
      'The Application cryptograms (MK-AC) key "E0 profile job test" is suspended. A security officer must fix this first.',
    ]);
    await changeKeyStatus(env.w.ctx.officer1, {
      keyId: mkAc,
      status: 'active',
      reason: 'investigation closed',
    });
  });
});
