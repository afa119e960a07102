import { describe, expect, it } from 'vitest';
import { exportProfile, jsonPath, parseProfile } from './schema/document';
import { demo } from './testing';

describe('the profile JSON format', () => {
  it('parses a valid profile and exports it in schema key order', () => {
    const profile = demo('cpa');
    const parsed = parseProfile(exportProfile(profile));
    expect(parsed).toEqual({ ok: true, profile });
    expect(Object.keys(JSON.parse(exportProfile(profile)))).toEqual([
      'format',
      'version',
      'name',
      'description',
      'environment',
      'applications',
      'card',
    ]);
  });

  it('points every problem at its JSON path', () => {
    const json = JSON.parse(exportProfile(demo('credit')));
    json.version = 2;
    json.applications[0].records[1].sfi = 31;
    json.applications[0].records[0].tlvs[1] = { tag: '5F20' };
    json.applications[0].records[0].tlvs[2] = {
      tag: '9F1F',
      source: { from: 'constant', value: 'X' },
      children: [],
    };
    json.applications[0].dols.cdol1[0].tag = '9F';
    json.applications[0].records[2].tlvs[0] = { tag: '5A', children: [] };
    json.applications[0].cvm.rules[0].method = 'retina-scan';
    expect(parseProfile(json)).toEqual({
      ok: false,
      problems: [
        { path: '$.version', message: 'Invalid input: expected 1' },
        {
          path: '$.applications[0].records[0].tlvs[1]',
          message: 'give either a source or children, not both',
        },
        {
          path: '$.applications[0].records[0].tlvs[2]',
          message: 'give either a source or children, not both',
        },
        {
          path: '$.applications[0].records[0].tlvs[2].children',
          message:
            'only a constructed tag (bit 6 of its first byte set, e.g. 70, A5, BF0C) can have children',
        },
        { path: '$.applications[0].records[1].sfi', message: 'Too big: expected number to be <=30' },
        {
          path: '$.applications[0].records[2].tlvs[0].children',
          message:
            'only a constructed tag (bit 6 of its first byte set, e.g. 70, A5, BF0C) can have children',
        },
        {
          path: '$.applications[0].dols.cdol1[0].tag',
          message: 'is not a valid BER-TLV tag (EMV Book 3 Annex B1)',
        },
        {
          path: '$.applications[0].cvm.rules[0].method',
          message: expect.stringMatching(
            /^Invalid option: expected one of "fail-cvm"\|"plaintext-pin-by-icc"/,
          ),
        },
      ],
    });
  });

  it('writes keys that are not identifiers in brackets', () => {
    expect(jsonPath(['card', 'constants', 0, 'a-b'])).toBe('$.card.constants[0]["a-b"]');
  });
});
