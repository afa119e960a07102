/**
 * prepareIccKeys against the issuer certificate's expiry and the date (EMV 4.4 Book 2 6.3, 6.4 step 9;
 * 5.3 step 9 for the issuer certificate), on both backends. Fixed dates go to the operation itself;
 * through the protocol the bridge's clock decides, and no caller can give another date.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../server/emv/bytes';
import { recoverIccCertificate } from '../../server/emv/certificates/icc-certificate';
import type { CommandParams, CommandResult } from '../../server/emv/hsm-commands';
import { BridgeError } from '../src/bridge-error';
import { iccKeyPool } from '../src/ops/public-keys/icc-key-pool';
import { prepareIccKeys } from '../src/ops/public-keys/prepare-icc-keys';
import { call, importTestKey, openTestBackends, refusal } from './test-backends';

const kekValue = fromHex('0123456789ABCDEFFEDCBA9876543210');
const staticData = '5F24033012315A0847617390010101195F3401019F0702FF005C00';
/** 21 November 2026, late in the day in UTC: the month of November 2026 is still valid. */
const today = new Date(Date.UTC(2026, 10, 21, 23, 30));

const backends = openTestBackends();
afterAll(async () => {
  iccKeyPool.stop();
  await iccKeyPool.idle();
  for (const [, backend] of backends) await backend.close();
});

/** MMYY of the month `months` away from the bridge's clock today. */
function monthFromNow(months: number): string {
  const now = new Date();
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + months, 1));
  return `${String(at.getUTCMonth() + 1).padStart(2, '0')}${String(at.getUTCFullYear() % 100).padStart(2, '0')}`;
}

describe.each(backends)('%s backend', (_name, backend) => {
  let issuer: CommandResult<'generateIssuerKeyPair'>;
  let params: CommandParams<'prepareIccKeys'>;

  beforeAll(async () => {
    issuer = await call(backend, 'generateIssuerKeyPair', {
      label: 'issuer expiry',
      bits: 1024,
      publicExponent: 3,
    });
    const kek = await importTestKey(backend, 'K0', kekValue);
    params = {
      issuerKeyRef: issuer.keyRef,
      kekRef: kek.keyRef,
      issuerIdentifier: '476173',
      issuerCertificateExpiry: '1230',
      iccBits: 1024,
      iccExponent: 3,
      pinEncipherment: true,
      cards: [
        { pan: '4761739001010119', expiry: '1126', serial: '000001', staticData },
        { pan: '4761739001010127', expiry: '1230', serial: '000002', staticData },
      ],
    };
  });

  it('certifies cards expiring this month and in the issuer certificate’s month (positive control)', async () => {
    const result = await prepareIccKeys(backend, params, today);
    expect(result.cards).toHaveLength(2);
    for (const [index, card] of params.cards.entries()) {
      const icc = result.cards[index]!.icc;
      const recovered = recoverIccCertificate(
        fromHex(icc.certificate),
        { modulus: fromHex(issuer.modulus), exponent: fromHex(issuer.exponent) },
        fromHex(icc.remainder),
        fromHex(icc.exponent),
        fromHex(card.staticData),
      );
      expect(toHex(recovered.expiry)).toBe(card.expiry);
    }
  });

  it('refuses a card expiring after the issuer certificate, naming the card and both dates', async () => {
    const cards = [params.cards[0]!, { ...params.cards[1]!, expiry: '0131' }];
    expect(await refusal(prepareIccKeys(backend, { ...params, cards }, today))).toEqual(
      new BridgeError(
        'BAD_REQUEST',
        'card 2: PAN 476173******0127 expires 0131 (end of January 2031), later than the issuer certificate that verifies its ICC certificate, 1230 (end of December 2030): an ICC certificate must not outlive the issuer certificate (EMV 4.4 Book 2 6.3, 6.4 step 9); give the cards an earlier expiry or use an issuer certificate that expires later',
      ),
    );
  });

  it('refuses it whatever the century rule: 0150 is January 1950, 1249 December 2049', async () => {
    const cards = [{ ...params.cards[0]!, expiry: '1249' }];
    const error = await refusal(
      prepareIccKeys(backend, { ...params, issuerCertificateExpiry: '1248', cards }, today),
    );
    expect(error.message).toContain(
      'expires 1249 (end of December 2049), later than the issuer certificate that verifies its ICC certificate, 1248 (end of December 2048)',
    );
  });

  it('refuses a card whose expiry has passed on the day, with both dates in words', async () => {
    const cards = [{ ...params.cards[0]!, expiry: '1026' }];
    expect(await refusal(prepareIccKeys(backend, { ...params, cards }, today))).toEqual(
      new BridgeError(
        'BAD_REQUEST',
        'card 1: PAN 476173******0119 expires 1026 (end of October 2026), which has passed on 21 November 2026: a certificate is valid through the end of its expiry month (EMV 4.4 Book 2 6.4 step 9)',
      ),
    );
  });

  it('refuses an issuer certificate that has expired before looking at the cards', async () => {
    const cards = [{ ...params.cards[0]!, expiry: '0126' }];
    expect(
      await refusal(prepareIccKeys(backend, { ...params, issuerCertificateExpiry: '1026', cards }, today)),
    ).toEqual(
      new BridgeError(
        'BAD_REQUEST',
        'issuer certificate expiry 1026 (end of October 2026) has passed on 21 November 2026: every ICC certificate it verifies would fail offline data authentication (EMV 4.4 Book 2 5.3 step 9); use an issuer certificate that is still valid',
      ),
    );
  });

  it('checks every card before any key leaves the pool', async () => {
    const cards = [params.cards[0]!, params.cards[1]!, { ...params.cards[1]!, expiry: '0131' }];
    await iccKeyPool.idle();
    const before = (await call(backend, 'iccKeyPoolStatus', {})).pools;
    expect((await refusal(prepareIccKeys(backend, { ...params, cards }, today))).message).toMatch(
      /^card 3: /,
    );
    expect((await call(backend, 'iccKeyPoolStatus', {})).pools).toEqual(before);
  });

  describe('through the protocol, on the bridge’s clock', () => {
    it('refuses last month and accepts this month', async () => {
      const issuerCertificateExpiry = monthFromNow(12);
      const lastMonth = monthFromNow(-1);
      const error = await refusal(
        call(backend, 'prepareIccKeys', {
          ...params,
          issuerCertificateExpiry,
          cards: [{ ...params.cards[0]!, expiry: lastMonth }],
        }),
      );
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toMatch(
        new RegExp(
          `^card 1: PAN 476173\\*{6}0119 expires ${lastMonth} \\(end of \\w+ \\d{4}\\), which has passed on `,
        ),
      );
      const accepted = await call<'prepareIccKeys'>(backend, 'prepareIccKeys', {
        ...params,
        issuerCertificateExpiry,
        cards: [{ ...params.cards[0]!, expiry: monthFromNow(0) }],
      });
      expect(accepted.cards).toHaveLength(1);
    });

    it('requires the issuer certificate expiry, as MMYY', async () => {
      const { issuerCertificateExpiry: _left, ...without } = params;
      expect((await refusal(call(backend, 'prepareIccKeys', without))).message).toBe(
        'prepareIccKeys: issuerCertificateExpiry Invalid input: expected string, received undefined',
      );
      expect(
        await refusal(call(backend, 'prepareIccKeys', { ...params, issuerCertificateExpiry: '1330' })),
      ).toEqual(
        new BridgeError(
          'BAD_REQUEST',
          'prepareIccKeys: issuerCertificateExpiry must be MMYY with a month from 01 to 12',
        ),
      );
    });

    it('takes no date from the caller: a `today` in the request does not move the check', async () => {
      const lastMonth = monthFromNow(-1);
      const error = await refusal(
        call(backend, 'prepareIccKeys', {
          ...params,
          issuerCertificateExpiry: monthFromNow(12),
          today: '2020-01-01',
          cards: [{ ...params.cards[0]!, expiry: lastMonth }],
        }),
      );
      expect(error.message).toContain(`expires ${lastMonth} `);
      expect(error.message).toContain('which has passed on ');
    });
  });
});
