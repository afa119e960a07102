/**
 * The preparation's side of prepareIccKeys, on a real bridge (software backend): it passes the job's
 * issuer certificate expiry, and a card that would outlive that certificate (EMV 4.4 Book 2 6.3) comes
 * back as the bridge's BAD_REQUEST, which prepare-job.ts treats as permanent: the job fails with it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplicationTemplate } from '../../emv/profile';
import { HsmBridgeError } from '../../hsm/bridge-client';
import type { IssuerForJob } from '../../services/jobs/job-parameters';
import { startTestBridge, type TestBridge } from '../../test-support/bridge';
import { prepareIccKeys, type SignInput } from './card-signatures';
import type { PreparationContext } from './types';

let bridge: TestBridge;
let issuer: IssuerForJob;
let ctx: PreparationContext;
const app = { keys: { iccKey: { modulusBits: 1024, exponent: 3 } } } as unknown as ApplicationTemplate;

const card = (row: number, expiry: string): SignInput => ({
  row,
  pan: '4761739001010119',
  expiry,
  staticData: Buffer.from('82023900', 'hex'),
});

beforeAll(async () => {
  bridge = await startTestBridge('card-signatures');
  const issuerKey = await bridge.client.call('generateIssuerKeyPair', {
    label: 'job issuer',
    bits: 1024,
    publicExponent: 3,
  });
  const kek = await bridge.client.call('generateKey', { usage: 'K0', algorithm: 'TDES2', label: 'job KEK' });
  issuer = {
    key: { hsmKeyRef: issuerKey.keyRef },
    issuerIdentifier: '476173',
    expiry: '1230',
  } as unknown as IssuerForJob;
  ctx = { keys: { kek: { hsmKeyRef: kek.keyRef } }, jobReference: 'JOB-1' } as unknown as PreparationContext;
});
afterAll(() => bridge.close());

describe('ICC keys for a job', () => {
  it('prepares cards expiring with the issuer certificate, in CRT form (positive control)', async () => {
    const keys = await prepareIccKeys(bridge.client, issuer, app, ctx, [card(1, '1230'), card(2, '0630')]);
    expect(keys).toHaveLength(2);
    expect(Object.keys(keys[0]!.components).sort()).toEqual([
      'd-mod-p-1',
      'd-mod-q-1',
      'p',
      'q',
      'q-inverse-mod-p',
    ]);
  });

  it('asks for the modulus-exponent form when the template does, and gets modulus and private exponent', async () => {
    const meApp = {
      keys: { iccKey: { modulusBits: 1024, exponent: 3, privateKeyForm: 'modulus-exponent' } },
    } as unknown as ApplicationTemplate;
    const keys = await prepareIccKeys(bridge.client, issuer, meApp, ctx, [card(1, '1230')]);
    expect(Object.keys(keys[0]!.components).sort()).toEqual(['modulus', 'private-exponent']);
    // Each written on the modulus length (128 bytes), padded with 80 00.. to 136, under the KEK.
    expect(keys[0]!.components.modulus).toMatch(/^[0-9A-F]{272}$/);
    expect(keys[0]!.components['private-exponent']).toMatch(/^[0-9A-F]{272}$/);
  });

  it('fails with the bridge’s reason when a card would outlive the issuer certificate', async () => {
    const error = await prepareIccKeys(bridge.client, issuer, app, ctx, [
      card(1, '1230'),
      card(2, '0131'),
    ]).then(
      () => null,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(HsmBridgeError);
    expect((error as HsmBridgeError).code).toBe('BAD_REQUEST');
    expect((error as HsmBridgeError).message).toBe(
      'card 2: PAN 476173******0119 expires 0131 (end of January 2031), later than the issuer certificate that verifies its ICC certificate, 1230 (end of December 2030): an ICC certificate must not outlive the issuer certificate (EMV 4.4 Book 2 6.3, 6.4 step 9); give the cards an earlier expiry or use an issuer certificate that expires later',
    );
  });
});
