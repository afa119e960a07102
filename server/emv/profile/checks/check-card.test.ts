import { describe, expect, it } from 'vitest';
import { checkProfileJson, checks } from '.';
import { demo, issuesOf } from '../testing';

type Profile = ReturnType<typeof demo>;
const messages = (profile: Profile, code: string) => issuesOf(profile, code).map((i) => [i.path, i.message]);

/** The credit demo with a second application (a copy under another id and AID). */
function twoApplications(): Profile {
  const profile = demo('credit');
  const second = structuredClone(profile.applications[0]!);
  second.id = 'credit-two';
  second.name = 'Second credit';
  second.identity.aid = 'F0000000011020';
  second.identity.priority = { value: 2, cardholderConfirmation: false };
  profile.applications.push(second);
  profile.card.applications.push('credit-two');
  return profile;
}

describe('checks across applications', () => {
  it('aid-duplicate: no two applications share an AID', () => {
    const profile = twoApplications();
    profile.applications[1]!.identity.aid = 'F0000000011010';
    expect(issuesOf(profile, 'aid-duplicate')).toEqual([
      {
        path: '$.applications[1].identity.aid',
        tag: '4F',
        tagName: 'Application Dedicated File (ADF) Name',
        severity: 'error',
        code: 'aid-duplicate',
        message: 'AID F0000000011010 is also used by applications[0] (Demo credit (VSDC-style, DDA))',
      },
    ]);
    expect(issuesOf(twoApplications(), 'aid-duplicate')).toEqual([]);
  });

  it('id-duplicate', () => {
    const profile = twoApplications();
    profile.applications[1]!.id = 'credit-dda';
    expect(messages(profile, 'id-duplicate')).toEqual([
      ['$.applications[1].id', 'application id "credit-dda" is also used by applications[0]'],
    ]);
    expect(issuesOf(twoApplications(), 'id-duplicate')).toEqual([]);
  });

  it('priority-missing and priority-duplicate on a multi-application card', () => {
    const profile = twoApplications();
    profile.applications[1]!.identity.priority = { value: 1, cardholderConfirmation: false };
    expect(messages(profile, 'priority-duplicate')).toEqual([
      ['$.card.applications', 'two applications of the card have the same priority'],
    ]);
    delete profile.applications[1]!.identity.priority;
    expect(messages(profile, 'priority-missing')).toEqual([
      [
        '$.card.applications',
        'the card has several applications; give each an Application Priority Indicator (87) so terminals order them as intended',
      ],
    ]);
    expect(issuesOf(twoApplications(), 'priority-missing')).toEqual([]);
    expect(issuesOf(twoApplications(), 'priority-duplicate')).toEqual([]);
  });

  it('interfaces-disagree: contact and contactless read the same PAN', () => {
    const profile = demo('cpa');
    profile.applications[0]!.records.push({
      sfi: 5,
      number: 1,
      interfaces: ['contactless'],
      oda: false,
      tlvs: [{ tag: '5F34', source: { from: 'constant', value: '02' } }],
    });
    expect(messages(profile, 'interfaces-disagree')).toEqual([
      [
        '$.applications[0].records[6].tlvs[0]',
        '5F34 has a different value here than at $.applications[0].records[1].tlvs[3]; contact and contactless must agree on it',
      ],
    ]);
    expect(issuesOf(demo('cpa'), 'interfaces-disagree')).toEqual([]);
  });

  it('interface-data-missing and interface-unused', () => {
    const profile = demo('credit');
    const app = profile.applications[0]!;
    app.contactless = app.contact;
    delete app.contact;
    expect(messages(profile, 'interface-data-missing')).toEqual([]);
    expect(messages(profile, 'interface-unused')).toEqual([
      [
        '$.applications[0].contactless',
        'the application works contact only, so its contactless data is never used',
      ],
    ]);
    delete app.contactless;
    expect(messages(profile, 'interface-data-missing')).toEqual([
      ['$.applications[0].contact', 'the contact interface has no selection data (FCI)'],
      ['$.applications[0].contact', 'the contact interface has no processing data (AIP options)'],
    ]);
    expect(issuesOf(demo('credit'), 'interface-data-missing')).toEqual([]);
    expect(issuesOf(demo('credit'), 'interface-unused')).toEqual([]);
  });
});

describe('card template checks', () => {
  it('card-application-unknown and card-application-duplicate', () => {
    const profile = demo('credit');
    profile.card.applications.push('nope', 'credit-dda');
    expect(messages(profile, 'card-application-unknown')).toEqual([
      ['$.card.applications[1]', 'the card lists application "nope", which the profile does not define'],
    ]);
    expect(messages(profile, 'card-application-duplicate')).toEqual([
      ['$.card.applications[2]', 'the card lists application "credit-dda" twice'],
    ]);
    expect(issuesOf(demo('credit'), 'card-application-unknown')).toEqual([]);
  });

  it('ppse-missing: contactless applications need the PPSE', () => {
    const profile = demo('cpa');
    profile.card.directories.ppse = false;
    expect(messages(profile, 'ppse-missing')).toEqual([
      [
        '$.card.directories.ppse',
        'Demo EMV CPA (contact and contactless) works contactless, which needs the PPSE (2PAY.SYS.DDF01) to be selected',
      ],
    ]);
    expect(issuesOf(demo('cpa'), 'ppse-missing')).toEqual([]);
  });

  it('pse-too-long: the directory record holds at most 252 bytes', () => {
    const profile = demo('credit');
    for (let i = 2; i <= 5; i++) {
      const copy = structuredClone(profile.applications[0]!);
      copy.id = `credit-${i}`;
      copy.identity = {
        ...copy.identity,
        aid: `F00000000110${i}0AABBCCDDEEFF00`,
        label: 'DEMO CREDIT LONG',
        preferredName: 'DEMO CREDIT LONG',
        priority: { value: i, cardholderConfirmation: false },
      };
      profile.applications.push(copy);
      profile.card.applications.push(copy.id);
    }
    expect(messages(profile, 'pse-too-long')).toEqual([
      ['$.card.directories.pse', 'the PSE directory record would hold 273 bytes; a record holds at most 252'],
    ]);
    expect(issuesOf(demo('credit'), 'pse-too-long')).toEqual([]);
  });

  it('bin-range and iin-bin', () => {
    const profile = demo('credit');
    profile.card.constants.binRange = { low: '99990199', high: '99990100' };
    profile.card.constants.issuerIdentificationNumber = '123456';
    expect(messages(profile, 'bin-range')).toEqual([
      [
        '$.card.constants.binRange',
        'BIN range 99990199–99990100 must have bounds of the same length, low not above high',
      ],
    ]);
    expect(messages(profile, 'iin-bin')).toEqual([
      [
        '$.card.constants.issuerIdentificationNumber',
        'issuer identification number 123456 is not the start of the BIN range 99990199–99990100',
      ],
    ]);
    expect(issuesOf(demo('credit'), 'bin-range')).toEqual([]);
    expect(issuesOf(demo('credit'), 'iin-bin')).toEqual([]);
  });

  it('service-code (ISO/IEC 7813)', () => {
    const profile = demo('credit');
    profile.card.constants.serviceCode = '301';
    expect(messages(profile, 'service-code')).toEqual([
      [
        '$.card.constants.serviceCode',
        'service code 301 starts with 3, which ISO/IEC 7813 does not define (1, 2, 5, 6, 7 or 9)',
      ],
    ]);
    profile.card.constants.serviceCode = '101';
    expect(issuesOf(profile, 'service-code').map((i) => [i.severity, i.message])).toEqual([
      [
        'warning',
        'service code 101 does not say the card has a chip (first digit 2 or 6), so terminals will not fall back correctly',
      ],
    ]);
    expect(issuesOf(demo('credit'), 'service-code')).toEqual([]);
  });

  it('pan-column, column-duplicate and column-unknown', () => {
    const profile = demo('credit');
    profile.card.input.columns = [
      { name: 'account', role: 'other' },
      { name: 'psn', role: 'pan-sequence-number' },
      { name: 'psn', role: 'other' },
      { name: 'name', role: 'cardholder-name' },
      { name: 'pan', role: 'other' },
    ];
    profile.card.constants.expiryDate = { rule: 'from-file', column: 'valid_to' };
    expect(messages(profile, 'pan-column')).toEqual([
      ['$.card.input.columns', 'the input layout has no column with role "pan"'],
    ]);
    expect(messages(profile, 'column-duplicate')).toEqual([
      ['$.card.input.columns[2].name', 'column "psn" is defined twice'],
    ]);
    expect(messages(profile, 'column-unknown')).toEqual([
      ['$.card.constants.expiryDate.column', 'column "valid_to" is not in the input layout'],
    ]);
    for (const code of ['pan-column', 'column-duplicate', 'column-unknown'])
      expect(issuesOf(demo('credit'), code)).toEqual([]);
  });

  it('layout-overlap in a fixed-width layout', () => {
    const profile = demo('debit');
    const input = profile.card.input;
    if (input.kind !== 'fixed-width') throw new Error('the debit demo has a fixed-width layout');
    input.columns[1]!.start = 16;
    input.columns[4]!.length = 40;
    expect(messages(profile, 'layout-overlap')).toEqual([
      ['$.card.input.columns[1]', 'column "psn" starts at 16, inside column "pan" (1–16)'],
      ['$.card.input.columns[4]', 'column "pin_block" ends at position 88, after the record length 80'],
    ]);
    expect(issuesOf(demo('debit'), 'layout-overlap')).toEqual([]);
  });

  it('track-length: tracks and Track 2 Equivalent Data fit ISO/IEC 7813 and EMV', () => {
    const profile = demo('credit');
    profile.card.surface.track2.discretionary.push({ field: 'constant', length: 2, value: '00' });
    profile.card.surface.chipTrack2.discretionary.push({ field: 'constant', length: 2, value: '0' });
    expect(messages(profile, 'track-length')).toEqual([
      ['$.card.surface.track2', 'Track 2 would be 39 characters with a 16-digit PAN; ISO/IEC 7813 allows 37'],
      [
        '$.card.surface.chipTrack2',
        '57 Track 2 Equivalent Data would be 20 bytes with a 16-digit PAN; EMV allows 19',
      ],
      ['$.card.surface.chipTrack2', 'discretionary field 4 is a constant of 2 digits but its value has 1'],
    ]);
    expect(issuesOf(demo('credit'), 'track-length')).toEqual([]);
  });

  it('pvv-pin-block: a track that places a PVV needs PIN blocks in the input layout', () => {
    const profile = demo('credit');
    profile.card.surface.track2.discretionary.splice(
      0,
      1,
      { field: 'pvki', length: 1 },
      { field: 'pvv', length: 4 },
    );
    expect(messages(profile, 'pvv-pin-block')).toEqual([
      [
        '$.card.surface',
        'a track places a PVV, which is computed from the cardholder\u2019s PIN, but the input layout has no column of role "pin-block"; add one, or put a constant where the PVV is',
      ],
    ]);
    expect(issuesOf(demo('credit'), 'pvv-pin-block')).toEqual([]);
    expect(issuesOf(demo('debit'), 'pvv-pin-block')).toEqual([]);
  });

  it('pvki-missing: a PVV needs the PVK index from the profile or the file', () => {
    const profile = demo('debit');
    for (const track of [
      profile.card.surface.track1,
      profile.card.surface.track2,
      profile.card.surface.chipTrack2,
    ]) {
      for (const field of track.discretionary) if (field.field === 'pvki') delete field.value;
    }
    expect(messages(profile, 'pvki-missing')).toEqual([
      [
        '$.card.surface',
        'a track places a PVV but neither a "pvki" field value nor a file column of role "pvki" gives the PVK index, so 0 is used; give the pvki field the index of the PVK (usually 1 to 6)',
      ],
    ]);
    const input = profile.card.input;
    if (input.kind === 'csv') input.columns.push({ name: 'pvki', role: 'pvki' });
    else input.columns.push({ name: 'pvki', role: 'pvki', start: input.recordLength + 1, length: 1 });
    expect(issuesOf(profile, 'pvki-missing')).toEqual([]);
    expect(issuesOf(demo('debit'), 'pvki-missing')).toEqual([]);
    expect(issuesOf(demo('credit'), 'pvki-missing')).toEqual([]);
  });

  it('track-length: a PVKI value must fill its field', () => {
    const profile = demo('debit');
    const pvki = profile.card.surface.track2.discretionary.find((field) => field.field === 'pvki')!;
    pvki.value = '12';
    expect(messages(profile, 'track-length')).toContainEqual([
      '$.card.surface.track2',
      'discretionary field 1 is a PVKI of 1 digit(s) but its value has 2',
    ]);
  });

  it('embossing-placeholder and embossing-length', () => {
    const profile = demo('credit');
    profile.card.surface.embossing[0] = { name: 'PAN', template: '{pan4} {pann}', maxLength: 19 };
    expect(messages(profile, 'embossing-placeholder')).toEqual([
      [
        '$.card.surface.embossing[0].template',
        'unknown placeholder {pann}; use {pan}, {pan4}, {expiry}, {effective}, {name} or {column:NAME}',
      ],
    ]);
    expect(messages(profile, 'embossing-length')).toEqual([
      ['$.card.surface.embossing[0]', 'line "PAN" can be 26 characters long, more than its 19'],
    ]);
    expect(issuesOf(demo('credit'), 'embossing-length')).toEqual([]);
  });
});

describe('checkProfileJson', () => {
  it('reports schema problems at their JSON path, then nothing else', () => {
    const json = JSON.parse(JSON.stringify(demo('credit')));
    json.applications[0].identity.aid = 'F000';
    json.applications[0].records[0].tlvs[0].colour = 'red';
    json.card.constants.serviceCode = '2O1';
    expect(checkProfileJson(json)).toEqual([
      {
        path: '$.applications[0].identity.aid',
        severity: 'error',
        code: 'schema',
        message: 'must be 5 to 16 bytes of hex',
      },
      {
        path: '$.applications[0].records[0].tlvs[0]',
        severity: 'error',
        code: 'schema',
        message: 'Unrecognized key: "colour"',
      },
      {
        path: '$.card.constants.serviceCode',
        severity: 'error',
        code: 'schema',
        message: 'must be 3 digits (ISO/IEC 7813)',
      },
    ]);
  });

  it('rejects text that is not JSON', () => {
    expect(checkProfileJson('{ "format": ')).toEqual([
      expect.objectContaining({
        path: '$',
        code: 'schema',
        message: expect.stringMatching(/^not valid JSON: /),
      }),
    ]);
  });

  it('runs the checks on a well-formed profile', () => {
    expect(checkProfileJson(JSON.stringify(demo('debit')))).toEqual(checks(demo('debit')));
  });
});
