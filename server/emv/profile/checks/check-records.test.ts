import { describe, expect, it } from 'vitest';
import { demo, issuesOf } from '../testing';

const messages = (profile: ReturnType<typeof demo>, code: string) =>
  issuesOf(profile, code).map((i) => [i.path, i.message]);

describe('record and AFL checks', () => {
  it('duplicate-record', () => {
    const profile = demo('credit');
    const app = profile.applications[0]!;
    app.records.push(structuredClone(app.records[0]!));
    expect(messages(profile, 'duplicate-record')).toEqual([
      ['$.applications[0].records[5]', 'record 1 of SFI 1 is defined twice (also at records[0])'],
    ]);
    expect(issuesOf(demo('credit'), 'duplicate-record')).toEqual([]);
  });

  it('empty-record', () => {
    const profile = demo('credit');
    profile.applications[0]!.records[0]!.tlvs = [];
    expect(messages(profile, 'empty-record')).toEqual([
      ['$.applications[0].records[0].tlvs', 'record 1 of SFI 1 holds no data'],
    ]);
    expect(issuesOf(demo('credit'), 'empty-record')).toEqual([]);
  });

  it('record-interface', () => {
    const profile = demo('credit');
    profile.applications[0]!.records[0]!.interfaces = ['contact', 'contactless'];
    expect(messages(profile, 'record-interface')).toEqual([
      [
        '$.applications[0].records[0].interfaces',
        'record 1 of SFI 1 is read on the contactless interface, which the application does not have',
      ],
    ]);
    expect(issuesOf(demo('credit'), 'record-interface')).toEqual([]);
  });

  it('record-too-long counts certificates at their expected size', () => {
    const profile = demo('credit');
    const records = profile.applications[0]!.records;
    // 90 (as long as the 1152-bit issuer key: 144 bytes) and 9F46 (144 bytes) do not fit one record.
    records[3]!.tlvs.push(...records[4]!.tlvs);
    expect(messages(profile, 'record-too-long')).toEqual([
      [
        '$.applications[0].records[3]',
        "record 1 of SFI 3 holds about 375 bytes; a '70' template holds at most 252",
      ],
    ]);
    expect(issuesOf(demo('credit'), 'record-too-long')).toEqual([]);
  });

  it('afl-empty: every interface reads a record', () => {
    const profile = demo('cpa');
    for (const record of profile.applications[0]!.records) record.interfaces = ['contact'];
    expect(messages(profile, 'afl-empty')).toEqual([
      [
        '$.applications[0].records',
        'no record is read on the contactless interface, so its AFL would be empty',
      ],
    ]);
    expect(issuesOf(demo('cpa'), 'afl-empty')).toEqual([]);
  });

  it('afl-mismatch: a typed AFL must list exactly the records', () => {
    const profile = demo('credit');
    profile.applications[0]!.contact!.processing!.aflOverride = '0801010010010202';
    expect(issuesOf(profile, 'afl-mismatch')).toEqual([
      {
        path: '$.applications[0].contact.processing.aflOverride',
        tag: '94',
        tagName: 'Application File Locator (AFL)',
        severity: 'error',
        code: 'afl-mismatch',
        message:
          '94 AFL 0801010010010202 does not list exactly the contact records and their ODA flags; the records give 080101001001020218010200',
      },
    ]);
    profile.applications[0]!.contact!.processing!.aflOverride = '080101001001020218010200';
    expect(issuesOf(profile, 'afl-mismatch')).toEqual([]);
  });

  it('afl-invalid: a typed AFL must be well formed', () => {
    const profile = demo('credit');
    profile.applications[0]!.contact!.processing!.aflOverride = '09010100';
    expect(messages(profile, 'afl-invalid')).toEqual([
      [
        '$.applications[0].contact.processing.aflOverride',
        "AFL entry 1: first byte '09' is not an SFI from 1 to 30 shifted left by 3",
      ],
    ]);
    expect(issuesOf(demo('credit'), 'afl-invalid')).toEqual([]);
  });

  it('duplicate-tag: no primitive object read twice on an interface', () => {
    const profile = demo('credit');
    profile.applications[0]!.records[0]!.tlvs.push({
      tag: '5A',
      source: { from: 'cardholder', column: 'pan' },
    });
    expect(messages(profile, 'duplicate-tag')).toEqual([
      [
        '$.applications[0].records[1].tlvs[0]',
        '5A Application Primary Account Number (PAN) is read twice on the contact interface (also at $.applications[0].records[0].tlvs[3])',
      ],
    ]);
    // Read on different interfaces, the same tag is fine.
    const cpa = demo('cpa');
    cpa.applications[0]!.records[5]!.tlvs.push({ tag: '9F42', source: { from: 'template' } });
    cpa.applications[0]!.records[2]!.interfaces = ['contactless'];
    expect(issuesOf(cpa, 'duplicate-tag')).toEqual([]);
  });

  it('mandatory-missing: 5A, 5F24, 8C and 8D on contact (Book 3 7.2)', () => {
    const profile = demo('credit');
    profile.applications[0]!.records[2]!.tlvs.splice(1, 1);
    expect(messages(profile, 'mandatory-missing')).toEqual([
      [
        '$.applications[0].records',
        '8D Card Risk Management Data Object List 2 (CDOL2) is mandatory (Book 3 7.2) but no record read on the contact interface holds it',
      ],
    ]);
    expect(issuesOf(demo('credit'), 'mandatory-missing')).toEqual([]);
  });

  it("sda-tag-list: only '82'", () => {
    const profile = demo('credit');
    profile.applications[0]!.records[1]!.tlvs[10] = {
      tag: '9F4A',
      source: { from: 'constant', value: '829F37' },
    };
    expect(messages(profile, 'sda-tag-list')).toEqual([
      [
        '$.applications[0].records[1].tlvs[10].source.value',
        "9F4A Static Data Authentication Tag List may only contain '82' (Book 3 10.3), got 829F37",
      ],
    ]);
    profile.applications[0]!.records[1]!.tlvs[10] = {
      tag: '9F4A',
      source: { from: 'constant', value: '82' },
    };
    expect(issuesOf(profile, 'sda-tag-list')).toEqual([]);
  });
});
