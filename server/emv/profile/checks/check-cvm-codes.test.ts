import { describe, expect, it } from 'vitest';
import { demo, issuesOf } from '../testing';

type Profile = ReturnType<typeof demo>;
const messages = (profile: Profile, code: string) => issuesOf(profile, code).map((i) => [i.path, i.message]);
const open = (which: 'credit' | 'debit' | 'cpa') => {
  const profile = demo(which);
  return { profile, app: profile.applications[0]! };
};

describe('CVM checks', () => {
  it('cvm-not-placed', () => {
    const { profile, app } = open('credit');
    app.records[1]!.tlvs = app.records[1]!.tlvs.filter((tlv) => tlv.tag !== '8E');
    expect(messages(profile, 'cvm-not-placed')).toEqual([
      ['$.applications[0].cvm.rules', 'the CVM list has rules but 8E is not placed in any record'],
    ]);
    expect(issuesOf(demo('credit'), 'cvm-not-placed')).toEqual([]);
  });

  it('cvm-empty', () => {
    const { profile, app } = open('credit');
    app.cvm.rules = [];
    expect(messages(profile, 'cvm-empty')).toEqual([
      [
        '$.applications[0].cvm.rules',
        '8E CVM List is placed but has no rule; a CVM list needs at least one (Book 3 Annex C3)',
      ],
    ]);
    expect(issuesOf(demo('credit'), 'cvm-empty')).toEqual([]);
  });

  it('cvm-duplicate and cvm-unreachable', () => {
    const { profile, app } = open('credit');
    app.cvm.rules = [
      { method: 'no-cvm-required', condition: 'always', applyNextIfUnsuccessful: false },
      { method: 'signature', condition: 'always', applyNextIfUnsuccessful: false },
      { method: 'signature', condition: 'always', applyNextIfUnsuccessful: false },
    ];
    expect(messages(profile, 'cvm-duplicate')).toEqual([
      ['$.applications[0].cvm.rules[2]', 'rule 3 repeats signature if always'],
    ]);
    expect(messages(profile, 'cvm-unreachable')).toEqual([
      [
        '$.applications[0].cvm.rules[1]',
        'rule 2 is never reached: rule 1 always applies and does not fall through',
      ],
      [
        '$.applications[0].cvm.rules[2]',
        'rule 3 is never reached: rule 1 always applies and does not fall through',
      ],
    ]);
    expect(issuesOf(demo('credit'), 'cvm-duplicate')).toEqual([]);
    expect(issuesOf(demo('credit'), 'cvm-unreachable')).toEqual([]);
  });

  it('cvm-amount: a condition on X or Y needs the amount', () => {
    const { profile, app } = open('credit');
    app.cvm.rules.unshift({
      method: 'enciphered-pin-online',
      condition: 'application-currency-over-x',
      applyNextIfUnsuccessful: false,
    });
    expect(messages(profile, 'cvm-amount')).toEqual([
      ['$.applications[0].cvm.rules[0]', 'rule 1 compares with amount X, which is 0'],
    ]);
    app.cvm.amountX = 5000;
    expect(issuesOf(profile, 'cvm-amount')).toEqual([]);
  });

  it('cvm-last-apply-next', () => {
    const { profile, app } = open('credit');
    app.cvm.rules.at(-1)!.applyNextIfUnsuccessful = true;
    expect(messages(profile, 'cvm-last-apply-next')).toEqual([
      [
        '$.applications[0].cvm.rules[2]',
        'the last rule says "apply next if unsuccessful", but there is no next rule: cardholder verification fails',
      ],
    ]);
    expect(issuesOf(demo('credit'), 'cvm-last-apply-next')).toEqual([]);
  });

  it('cvm-offline-pin: the PIN options allow the CVMs used', () => {
    const { profile, app } = open('credit');
    app.cvm.rules.unshift({
      method: 'plaintext-pin-by-icc',
      condition: 'terminal-supports-cvm',
      applyNextIfUnsuccessful: true,
    });
    expect(messages(profile, 'cvm-offline-pin')).toEqual([
      [
        '$.applications[0].keys.pin.offline',
        'the CVM list uses plaintext offline PIN but the PIN option is "none"',
      ],
    ]);
    expect(issuesOf(demo('debit'), 'cvm-offline-pin')).toEqual([]);
  });

  it('cvm-enciphered-key: enciphered offline PIN needs an ICC key', () => {
    const { profile, app } = open('debit');
    delete app.keys.iccKey;
    expect(messages(profile, 'cvm-enciphered-key')).toEqual([
      [
        '$.applications[0].keys.iccKey',
        'enciphered offline PIN needs an ICC RSA key to encipher the PIN (Book 2 7.1)',
      ],
    ]);
    expect(issuesOf(demo('debit'), 'cvm-enciphered-key')).toEqual([]);
  });

  it('pin-unused', () => {
    const { profile, app } = open('credit');
    app.keys.pin.offline = 'plaintext';
    expect(messages(profile, 'pin-unused')).toEqual([
      [
        '$.applications[0].keys.pin.offline',
        'offline PIN is "plaintext" but no CVM rule verifies an offline PIN',
      ],
    ]);
    expect(issuesOf(demo('debit'), 'pin-unused')).toEqual([]);
  });
});

describe('code and date checks', () => {
  it('currency-code and country-code: ISO 4217 and ISO 3166', () => {
    const { profile, app } = open('credit');
    app.risk.currency = '999';
    app.risk.country = '999';
    expect(issuesOf(profile, 'currency-code')).toEqual([
      {
        path: '$.applications[0].risk.currency',
        tag: '9F42',
        tagName: 'Application Currency Code',
        severity: 'error',
        code: 'currency-code',
        message: 'currency 999 is not an ISO 4217 numeric code',
      },
    ]);
    expect(messages(profile, 'country-code')).toEqual([
      ['$.applications[0].risk.country', 'country 999 is not an ISO 3166 numeric code'],
    ]);
    profile.card.constants.currency = '000';
    expect(messages(profile, 'currency-code')[1]).toEqual([
      '$.card.constants.currency',
      'currency 000 is not an ISO 4217 numeric code',
    ]);
    expect(issuesOf(demo('credit'), 'currency-code')).toEqual([]);
    expect(issuesOf(demo('credit'), 'country-code')).toEqual([]);
  });

  it('currency-exponent', () => {
    const { profile, app } = open('credit');
    app.risk.currencyExponent = 3;
    expect(messages(profile, 'currency-exponent')).toEqual([
      [
        '$.applications[0].risk.currencyExponent',
        'EUR has 2 minor units, but 9F44 Application Currency Exponent is 3',
      ],
    ]);
    expect(issuesOf(demo('credit'), 'currency-exponent')).toEqual([]);
  });

  it('currency-mismatch and country-mismatch with the card', () => {
    const { profile, app } = open('credit');
    app.risk.currency = '840';
    app.risk.currencyExponent = 2;
    app.risk.country = '840';
    expect(messages(profile, 'currency-mismatch')).toEqual([
      ['$.applications[0].risk.currency', "the application currency 840 differs from the card's 978"],
    ]);
    expect(messages(profile, 'country-mismatch')).toEqual([
      ['$.applications[0].risk.country', "the issuer country 840 differs from the card's 276"],
    ]);
    expect(issuesOf(demo('credit'), 'currency-mismatch')).toEqual([]);
  });

  it('offline-limits: lower not above upper', () => {
    const { profile, app } = open('credit');
    app.risk.lowerConsecutiveOfflineLimit = 7;
    app.risk.cumulativeOfflineLowerLimit = 200000;
    expect(messages(profile, 'offline-limits')).toEqual([
      [
        '$.applications[0].risk.lowerConsecutiveOfflineLimit',
        'the lower consecutive offline limit (7) is above the upper one (6)',
      ],
      [
        '$.applications[0].risk.cumulativeOfflineLowerLimit',
        'the lower cumulative offline amount (200000) is above the upper one (100000)',
      ],
    ]);
    expect(issuesOf(demo('credit'), 'offline-limits')).toEqual([]);
  });

  it('value-format of the identity: Application Label limits special characters to space', () => {
    const { profile, app } = open('credit');
    app.identity.label = 'DEMO-CREDIT';
    expect(messages(profile, 'value-format')).toEqual([
      [
        '$.applications[0].identity.label',
        '50 Application Label must hold letters, digits and spaces only (format ans, special characters limited to space), got "DEMO-CREDIT"',
      ],
    ]);
    expect(issuesOf(demo('credit'), 'value-format')).toEqual([]);
  });

  it('date-invalid and date-order for dates typed as constants', () => {
    const { profile, app } = open('credit');
    app.records[1]!.tlvs[1] = { tag: '5F24', source: { from: 'constant', value: '291331' } };
    expect(messages(profile, 'date-invalid')).toEqual([
      [
        '$.applications[0].records[1].tlvs[1].source.value',
        '5F24 Application Expiration Date must be a date YYMMDD, got "291331"',
      ],
    ]);
    app.records[1]!.tlvs[1] = { tag: '5F24', source: { from: 'constant', value: '251231' } };
    app.records[1]!.tlvs[2] = { tag: '5F25', source: { from: 'constant', value: '260101' } };
    expect(issuesOf(profile, 'date-invalid')).toEqual([]);
    expect(messages(profile, 'date-order')).toEqual([
      [
        '$.applications[0].records[1].tlvs[1].source.value',
        '5F24 Application Expiration Date 251231 is not after 5F25 Application Effective Date 260101',
      ],
    ]);
    app.records[1]!.tlvs[1] = { tag: '5F24', source: { from: 'constant', value: '291231' } };
    expect(issuesOf(profile, 'date-order')).toEqual([]);
  });
});
