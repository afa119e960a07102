/**
 * End to end: a card is prepared from each demo profile (test IMK, KMC, KEK; test CA, issuer and ICC
 * RSA keys), its DGIs come from profile/buildDgis with the secrets under the KEK, the bureau driver
 * personalizes a virtual card over SCP02 or SCP03, and the test terminal runs a full transaction with
 * the issuer host. Every step must pass.
 */
import { describe, expect, it } from 'vitest';
import { demo } from '../profile/testing';
import { checks } from '../profile/checks';
import type { ProfileDocument } from '../profile/schema/document';
import { personalizeCard } from './personalize';
import { runTransaction } from './run-transaction';
import {
  newTestCard,
  personalizationOptions,
  prepareTestCard,
  sdaCreditProfile,
  terminalConfig,
  withModulusExponentIccKey,
} from './testing';

interface Case {
  name: string;
  profile: () => ProfileDocument;
  cardInterface: 'contact' | 'contactless';
  oda: string;
  supportedOda?: Array<'sda' | 'dda' | 'cda'>;
}

const CASES: Case[] = [
  {
    name: 'credit, VSDC-style CVN 18, DDA, contact',
    profile: () => demo('credit'),
    cardInterface: 'contact',
    oda: 'DDA',
  },
  {
    name: 'credit, DDA, ICC private key as modulus and exponent (8101, 8103), contact',
    profile: () => withModulusExponentIccKey(demo('credit')),
    cardInterface: 'contact',
    oda: 'DDA',
  },
  {
    name: 'debit, CDA, ICC private key as modulus and exponent, offline PIN',
    profile: () => withModulusExponentIccKey(demo('debit')),
    cardInterface: 'contact',
    oda: 'CDA',
  },
  {
    name: 'credit with SDA (variant), contact',
    profile: sdaCreditProfile,
    cardInterface: 'contact',
    oda: 'SDA',
  },
  {
    name: 'debit, M/Chip-style CVN 10, CDA, offline PIN',
    profile: () => demo('debit'),
    cardInterface: 'contact',
    oda: 'CDA',
  },
  { name: 'CPA CVN A5, contact, CDA', profile: () => demo('cpa'), cardInterface: 'contact', oda: 'CDA' },
  {
    name: 'CPA CVN A5, contact, DDA (terminal without CDA)',
    profile: () => demo('cpa'),
    cardInterface: 'contact',
    oda: 'DDA',
    supportedOda: ['sda', 'dda'],
  },
  {
    name: 'CPA CVN A5, contactless through the PPSE, CDA',
    profile: () => demo('cpa'),
    cardInterface: 'contactless',
    oda: 'CDA',
  },
];

describe.each(['SCP02', 'SCP03'] as const)('personalize over %s, then transact', (protocol) => {
  for (const testCase of CASES) {
    it(testCase.name, async () => {
      const prepared = prepareTestCard(testCase.profile());
      const card = newTestCard(prepared, protocol);
      const perso = await personalizeCard(
        card,
        prepared.applications,
        personalizationOptions(prepared, protocol),
      );
      expect(perso.failure).toBeUndefined();
      expect(card.lifeCycleOf(prepared.app.identity.aid)).toBe('personalized');
      const overrides = testCase.supportedOda ? { supportedOda: testCase.supportedOda } : {};
      const report = await runTransaction(card, terminalConfig(prepared, testCase.cardInterface, overrides));
      expect(report.steps.filter((step) => step.status === 'failed')).toEqual([]);
      expect(report).toMatchObject({ passed: true, outcome: 'approved', aid: prepared.app.identity.aid });
      const oda = report.steps.find((step) => step.id === 'offline-data-authentication')!;
      expect(oda.reason.startsWith(`${testCase.oda}:`)).toBe(true);
    });
  }
});

/** The CPA demo with the SDA Tag List (9F4A) put back: its contact and contactless AIPs differ. */
function cpaWithSdaTagList() {
  const profile = demo('cpa');
  profile.applications[0]!.records.find((record) => record.oda)!.tlvs.push({
    tag: '9F4A',
    source: { from: 'template' },
  });
  return profile;
}

describe('a dual-interface profile whose 9F4A puts differing AIPs in the static data', () => {
  it('is refused by the profile checks', () => {
    const issues = checks(cpaWithSdaTagList()).filter((issue) => issue.code === 'oda-interfaces');
    expect(issues.map((issue) => issue.message)).toEqual([
      expect.stringMatching(
        /^9F4A puts the AIP in the static data, but the contact AIP is 3D00 and the contactless AIP 1100/,
      ),
    ]);
  });

  it('fails CDA on the contactless interface: its one ICC certificate covers the contact AIP', async () => {
    const prepared = prepareTestCard(cpaWithSdaTagList());
    const card = newTestCard(prepared, 'SCP02');
    expect(
      (await personalizeCard(card, prepared.applications, personalizationOptions(prepared, 'SCP02'))).ok,
    ).toBe(true);
    const report = await runTransaction(card, terminalConfig(prepared, 'contactless'));
    expect(report.steps.find((step) => step.id === 'offline-data-authentication')).toMatchObject({
      status: 'failed',
      reason:
        "CDA failed: ICC certificate hash does not match the static data: the static data includes the AIP (9F4A lists 82): this interface's AIP is 1100, the certificate was computed with AIP 3D00",
    });
    expect(report).toMatchObject({ passed: false, outcome: 'declined' });
  });
});

describe('the reports and transcripts', () => {
  it('personalizes with C-MAC only and with SCP03 R-MAC and R-ENC', async () => {
    for (const [protocol, securityLevel] of [
      ['SCP02', 0x01],
      ['SCP03', 0x33],
    ] as const) {
      const prepared = prepareTestCard(demo('debit'));
      const card = newTestCard(prepared, protocol);
      const options = personalizationOptions(prepared, protocol, { securityLevel });
      expect((await personalizeCard(card, prepared.applications, options)).ok).toBe(true);
      expect((await runTransaction(card, terminalConfig(prepared, 'contact'))).passed).toBe(true);
    }
  });

  it('redact the PIN and the encrypted DGIs, mask the PAN, and name the tags', async () => {
    const prepared = prepareTestCard(demo('debit'));
    const card = newTestCard(prepared, 'SCP02');
    const perso = await personalizeCard(
      card,
      prepared.applications,
      personalizationOptions(prepared, 'SCP02'),
    );
    const report = await runTransaction(card, terminalConfig(prepared, 'contact'));
    const storeKeys = perso.transcript.find((entry) => entry.command.note?.startsWith('DGI 8000'))!;
    expect(storeKeys.command.hex).toBe('80E2600833800030<redacted: 48 bytes encrypted under the DEK>');
    expect(storeKeys.command.note).toBe(
      'DGI 8000 Card master keys (MK-AC ‖ MK-SMI ‖ MK-SMC …): encrypted, redacted; sent with C-MAC and C-DECRYPTION',
    );
    const verify = report.transcript.find((entry) => entry.command.name === 'VERIFY')!;
    expect(verify.command.hex).toBe('0020008008<redacted: PIN block>');
    expect(verify.response.status).toBe('9000 (success)');
    const everything = JSON.stringify([perso.transcript, report.transcript]);
    expect(everything).not.toContain(prepared.pan);
    expect(everything).toContain(`${prepared.pan.slice(0, 6)}******${prepared.pan.slice(-4)}`);
    const genAc = report.transcript.find((entry) => entry.command.name === 'GENERATE AC')!;
    expect(genAc.command.note).toBe('data built from the CDOL1');
    expect(genAc.command.decoded![0]).toMatchObject({
      tag: '9F02',
      name: 'Amount, Authorised (Numeric)',
      value: '000000001234',
    });
    expect(genAc.response.decoded![0]!.children!.map((node) => node.name)).toEqual([
      'Cryptogram Information Data',
      'Application Transaction Counter (ATC)',
      'Signed Dynamic Application Data',
      'Issuer Application Data',
    ]);
  });
});
