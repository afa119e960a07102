/**
 * Deliberately broken preparation outputs, each caught at the step where a bureau or a terminal meets
 * it, with the reason a person needs: the wrong issuer certificate, an ICC key that is not the certified
 * one, an AFL pointing at a missing record, a byte changed in signed static data, an MK-AC from the
 * wrong IMK, a wrong PIN try limit, a DGI encrypted under the wrong key.
 */
import { describe, expect, it } from 'vitest';
import { demo } from '../profile/testing';
import { decodeTlv } from '../tlv/ber-tlv';
import type { ProfileDocument } from '../profile/schema/document';
import { personalizeCard } from './personalize';
import { runTransaction, type TransactionReport } from './run-transaction';
import {
  TEST_KEYS,
  newTestCard,
  personalizationOptions,
  prepareTestCard,
  sdaCreditProfile,
  terminalConfig,
  withModulusExponentIccKey,
  type PreparationFaults,
  type PreparedCard,
} from './testing';

function paymentDgis(prepared: PreparedCard) {
  return prepared.applications[prepared.applications.length - 1]!.dgis as Array<{
    dgi: string;
    data: Buffer;
    encrypted: boolean;
  }>;
}

async function transact(
  prepared: PreparedCard,
  cardInterface: 'contact' | 'contactless' = 'contact',
): Promise<TransactionReport> {
  const card = newTestCard(prepared, 'SCP02');
  const perso = await personalizeCard(card, prepared.applications, personalizationOptions(prepared, 'SCP02'));
  expect(perso.failure).toBeUndefined();
  return runTransaction(card, terminalConfig(prepared, cardInterface));
}

function step(report: TransactionReport, id: string) {
  return report.steps.find((s) => s.id === id)!;
}

function prepare(profile: ProfileDocument, faults: PreparationFaults = {}): PreparedCard {
  return prepareTestCard(profile, faults);
}

describe('broken outputs are caught at the right step with the right reason', () => {
  it('a wrong issuer certificate (signed by another CA key): offline data authentication', async () => {
    const report = await transact(prepare(demo('credit'), { issuerCertificateFromOtherCa: true }));
    // The other CA key is random: its signature either recovers to garbage under the real CA key or is
    // not even smaller than the real modulus (Book 2 5.3 step 1). Both name the certificate.
    expect(step(report, 'offline-data-authentication')).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(
        /^DDA failed: issuer certificate \(90\) does not recover with CA key RID F000000001 index 92 \((issuer certificate: recovered (trailer|header) is 0x[0-9A-F]{2}, expected 0x(BC|6A)|issuer certificate is not smaller than the CA public key modulus)\): a wrong issuer certificate, or one signed by another CA key$/,
      ),
    });
    expect(report.tvr.slice(0, 2)).toBe('08');
    expect(report.passed).toBe(false);
  });

  it('an ICC private key that does not match its certificate: DDA at INTERNAL AUTHENTICATE', async () => {
    const report = await transact(prepare(demo('credit'), { iccKeyNotCertified: true }));
    expect(step(report, 'offline-data-authentication')).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(
        /^DDA failed: the INTERNAL AUTHENTICATE signature does not recover with the ICC public key of the certificate \(.+\): the card's ICC private key does not match its certificate$/,
      ),
    });
  });

  it('an ICC private key as modulus and exponent that does not match its certificate: DDA fails', async () => {
    const report = await transact(
      prepare(withModulusExponentIccKey(demo('credit')), { iccKeyNotCertified: true }),
    );
    expect(step(report, 'offline-data-authentication')).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(
        /^DDA failed: .*the card's ICC private key does not match its certificate$/,
      ),
    });
  });

  it('an ICC private key that does not match its certificate: CDA at the first GENERATE AC', async () => {
    const report = await transact(prepare(demo('debit'), { iccKeyNotCertified: true }));
    expect(step(report, 'offline-data-authentication').status).toBe('passed');
    expect(step(report, 'first-generate-ac')).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(
        /^ARQC \(ATC 0001\); CDA failed: the CDA signature does not recover with the ICC public key of the certificate \(.+\): the card's ICC private key does not match its certificate$/,
      ),
    });
    // Book 3 10.11: after a CDA failure the terminal asks for an AAC.
    expect(report.outcome).toBe('declined');
  });

  it('an AFL that points at a missing record: read application data', async () => {
    const prepared = prepare(demo('credit'));
    const dgis = paymentDgis(prepared);
    dgis.splice(
      dgis.findIndex((d) => d.dgi === '0302'),
      1,
    );
    const report = await transact(prepared);
    expect(step(report, 'read-application-data')).toEqual({
      id: 'read-application-data',
      title: 'Read application data (AFL records)',
      status: 'failed',
      reason:
        'AFL points at SFI 3 record 2, which the card does not have: READ RECORD answered 6A83 (record not found) (the card says: no record 2 in SFI 3)',
    });
    expect(report.outcome).toBe('aborted');
    expect(step(report, 'offline-data-authentication').reason).toBe(
      'not reached: the transaction ended at read application data (afl records)',
    );
  });

  for (const [name, profile, method, what] of [
    ['DDA', () => demo('credit'), 'DDA', 'ICC certificate hash'],
    ['SDA', sdaCreditProfile, 'SDA', 'Signed Static Application Data hash'],
  ] as const) {
    it(`a changed byte in signed static data (${name}): offline data authentication names the record and tag`, async () => {
      const prepared = prepare(profile());
      const record = paymentDgis(prepared).find((d) => d.dgi === '0201')!;
      const at = record.data.indexOf(Buffer.from('5F2802', 'hex')) + 4;
      record.data = Buffer.from(record.data);
      record.data[at]! ^= 0x01;
      const template = decodeTlv(record.data)[0]!;
      const byte = at - (template.raw.length - template.value.length) + 1;
      const report = await transact(prepared);
      expect(step(report, 'offline-data-authentication')).toMatchObject({
        status: 'failed',
        reason: `${method} failed: ${what} does not match the static data: record SFI 2 rec 1 differs from the prepared record at byte ${byte} (in 5F28 Issuer Country Code)`,
      });
    });
  }

  it('an MK-AC derived from the wrong IMK: the ARQC fails at the issuer host', async () => {
    const report = await transact(prepare(demo('debit'), { mkAcFromImk: TEST_KEYS.otherImk }));
    expect(step(report, 'first-generate-ac').status).toBe('passed');
    expect(step(report, 'online-authorisation')).toMatchObject({
      status: 'failed',
      reason:
        "ARQC does not verify at the issuer host: wrong MK-AC? The card's MK-AC is not the key that the issuer master key derives for this PAN and PSN (Option A), or the card computes CVN 10 differently",
    });
    expect(step(report, 'issuer-authentication')).toMatchObject({
      status: 'skipped',
      reason: 'the issuer sent no Issuer Authentication Data',
    });
    expect(report.outcome).toBe('declined');
  });

  it('a wrong PIN try limit: cardholder verification', async () => {
    const prepared = prepare(demo('debit'));
    paymentDgis(prepared).find((d) => d.dgi === '9010')!.data = Buffer.from([5, 5]);
    const report = await transact(prepared);
    expect(step(report, 'cardholder-verification')).toMatchObject({
      status: 'failed',
      reason:
        'offline plaintext PIN verified with the PIN entered at the terminal (PIN Try Counter was 5); PIN Try Counter (9F17) reads 5 before any PIN attempt, but the profile sets the PIN try limit to 3',
    });
  });

  it('a DGI encrypted under the wrong key: personalization fails at the KCV check of DGI 9000', async () => {
    const prepared = prepare(demo('debit'), { underOtherKek: ['8000'] });
    const card = newTestCard(prepared, 'SCP03');
    const perso = await personalizeCard(
      card,
      prepared.applications,
      personalizationOptions(prepared, 'SCP03'),
    );
    expect(perso.ok).toBe(false);
    expect(perso.failure).toEqual({
      application: 'Demo debit (M/Chip-style, CDA, offline PIN)',
      reason:
        'STORE DATA 09 (DGI 9000) answered 6A80 (incorrect parameters in the data field): the card says "key 1 of DGI 8000 (MK-AC) does not match its check value in DGI 9000: DGI 8000 was encrypted under another key, or 9000 belongs to other keys"',
    });
    expect(card.lifeCycleOf(prepared.app.identity.aid)).toBe('selectable');
  });

  it('a PIN block encrypted under the wrong key: personalization fails at DGI 8010', async () => {
    const prepared = prepare(demo('cpa'), { underOtherKek: ['8010'] });
    const card = newTestCard(prepared, 'SCP02');
    const perso = await personalizeCard(
      card,
      prepared.applications,
      personalizationOptions(prepared, 'SCP02'),
    );
    expect(perso.failure?.reason).toBe(
      'STORE DATA 0D (DGI 8010) answered 6A80 (incorrect parameters in the data field): the card says "DGI 8010 does not hold an ISO 9564-1 format 2 PIN block (2, length, PIN, F fill): encrypted under another key?"',
    );
  });

  it('card static keys that are not the KMC-derived ones: the card cryptogram does not verify', async () => {
    const prepared = prepare(demo('credit'));
    const card = newTestCard(prepared, 'SCP02');
    const wrongKeys = { enc: Buffer.alloc(16, 1), mac: Buffer.alloc(16, 2), dek: Buffer.alloc(16, 3) };
    const perso = await personalizeCard(
      card,
      prepared.applications,
      personalizationOptions(prepared, 'SCP02', { staticKeys: wrongKeys }),
    );
    expect(perso.failure).toEqual({
      application: 'PSE',
      reason:
        'INITIALIZE UPDATE: the card cryptogram does not verify: the card does not hold the static keys derived from this KMC (or the KDD, key version or protocol differ)',
    });
  });
});
