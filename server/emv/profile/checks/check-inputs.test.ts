import { describe, expect, it } from 'vitest';
import { demo } from '../testing';
import { withAccountFile } from '../testing-inputs';
import { checks } from './index';

const multiInputProfile = () => withAccountFile(demo('credit'), 'Demo credit with accounts');

const errors = (profile = multiInputProfile()) =>
  checks(profile)
    .filter((issue) => issue.severity === 'error')
    .map(({ code, path, message }) => ({ code, path, message }));

describe('additional inputs and per-card overrides in the designer', () => {
  it('a profile with a joined account file and two overrides has no error (positive control)', () => {
    expect(errors()).toEqual([]);
  });

  it('old profiles without additional inputs or overrides stay valid', () => {
    const profile = multiInputProfile();
    delete profile.card.additionalInputs;
    delete profile.card.overrides;
    profile.applications[0]!.records.at(-1)!.tlvs[0]!.source = {
      from: 'constant',
      value: 'DE89370400440532013000',
    };
    expect(errors(profile)).toEqual([]);
  });

  it('the join column must exist on both sides', () => {
    const profile = multiInputProfile();
    profile.card.additionalInputs![0]!.joinColumn = 'member';
    profile.card.additionalInputs![0]!.joinsTo = 'client';
    expect(errors(profile)).toEqual([
      {
        code: 'join-column-unknown',
        path: '$.card.additionalInputs[0].joinColumn',
        message: 'join column "member" is not in the layout of additional input "accounts"',
      },
      {
        code: 'join-column-unknown',
        path: '$.card.additionalInputs[0].joinsTo',
        message:
          'additional input "accounts" joins to column "client", which the cardholder file\'s input layout does not have',
      },
    ]);
  });

  it('input names are unique and an additional input carries no PIN block', () => {
    const profile = multiInputProfile();
    const second = structuredClone(profile.card.additionalInputs![0]!);
    if (second.layout.kind !== 'csv') throw new Error('the account file is CSV');
    second.layout.columns.push({ name: 'pin', role: 'pin-block' });
    profile.card.additionalInputs!.push(second);
    expect(errors(profile).map((e) => [e.code, e.path])).toEqual([
      ['input-name-duplicate', '$.card.additionalInputs[1].name'],
      ['input-column-role', '$.card.additionalInputs[1].layout.columns[2].role'],
    ]);
  });

  it('a value source names an input and a column that exist', () => {
    const profile = multiInputProfile();
    const tlv = profile.applications[0]!.records.at(-1)!.tlvs[0]!;
    tlv.source = { from: 'cardholder', input: 'accounts', column: 'points' };
    expect(errors(profile)).toEqual([
      {
        code: 'cardholder-source',
        path: '$.applications[0].records[5].tlvs[0].source.column',
        message:
          '5F53 International Bank Account Number (IBAN) comes from column "points" of input "accounts", whose layout does not have it',
      },
    ]);
    tlv.source = { from: 'cardholder', input: 'transit', column: 'iban' };
    expect(errors(profile)).toEqual([
      {
        code: 'cardholder-source',
        path: '$.applications[0].records[5].tlvs[0].source.input',
        message:
          '5F53 International Bank Account Number (IBAN) comes from input "transit", which card template demo-credit-card does not define in additionalInputs',
      },
    ]);
  });

  it('overrides: only elements the applications place with a replaceable value, never the PAN or a generated value', () => {
    const profile = multiInputProfile();
    profile.card.overrides!.push(
      { column: 'lcol', target: { kind: 'element', application: 'credit-dda', tag: '5A' } },
      { column: 'lcol', target: { kind: 'element', application: 'credit-dda', tag: '9F46' } },
      { column: 'lcol', target: { kind: 'element', application: 'credit-dda', tag: '9F13' } },
      { column: 'nope', target: { kind: 'card', field: 'service-code' } },
      { column: 'name', target: { kind: 'element', application: 'debit', tag: '9F14' } },
    );
    expect(errors(profile).map((e) => [e.code, e.path])).toEqual([
      ['override-not-allowed', '$.card.overrides[2].target.tag'],
      ['override-not-allowed', '$.card.overrides[3].target.tag'],
      ['override-not-allowed', '$.card.overrides[4].target.tag'],
      ['column-unknown', '$.card.overrides[5].column'],
      ['override-duplicate', '$.card.overrides[5].target'],
      ['override-column-role', '$.card.overrides[6].column'],
      ['override-application', '$.card.overrides[6].target.application'],
    ]);
  });
});
