import { describe, expect, it } from 'vitest';
import { demo, issuesOf } from '../testing';

const app = (profile: ReturnType<typeof demo>) => profile.applications[0]!;

describe('value checks', () => {
  it('value-format: a constant must fit its format', () => {
    const profile = demo('credit');
    app(profile).records[1]!.tlvs[4] = { tag: '5F28', source: { from: 'constant', value: 'DE' } };
    expect(issuesOf(profile, 'value-format')).toEqual([
      {
        path: '$.applications[0].records[1].tlvs[4].source.value',
        tag: '5F28',
        tagName: 'Issuer Country Code',
        severity: 'error',
        code: 'value-format',
        message: '5F28 Issuer Country Code must be digits (format n), got "DE"',
      },
    ]);
    app(profile).records[1]!.tlvs[4] = { tag: '5F28', source: { from: 'constant', value: '276' } };
    expect(issuesOf(profile, 'value-format')).toEqual([]);
  });

  it('value-format: hex for binary elements', () => {
    const profile = demo('credit');
    app(profile).records[2]!.tlvs[4] = { tag: '9F08', source: { from: 'constant', value: '00g6' } };
    expect(issuesOf(profile, 'value-format').map((i) => i.message)).toEqual([
      '9F08 Application Version Number must be upper-case hexadecimal bytes (format b), got "00g6"',
    ]);
  });

  it('value-length: a constant must have the element length', () => {
    const profile = demo('credit');
    app(profile).records[2]!.tlvs[4] = { tag: '9F08', source: { from: 'constant', value: '000102' } };
    expect(issuesOf(profile, 'value-length')).toEqual([
      {
        path: '$.applications[0].records[2].tlvs[4].source.value',
        tag: '9F08',
        tagName: 'Application Version Number',
        severity: 'error',
        code: 'value-length',
        message: '9F08 Application Version Number must be 2 bytes, got 3',
      },
    ]);
    app(profile).records[2]!.tlvs[4] = { tag: '9F08', source: { from: 'constant', value: '0096' } };
    expect(issuesOf(profile, 'value-length')).toEqual([]);
  });

  it('unknown-tag: a tag outside the dictionary is a warning', () => {
    const profile = demo('credit');
    app(profile).records[2]!.tlvs.push({ tag: 'DF7F', source: { from: 'constant', value: '01' } });
    expect(issuesOf(profile, 'unknown-tag')).toEqual([
      {
        path: '$.applications[0].records[2].tlvs[9].tag',
        tag: 'DF7F',
        tagName: 'Unknown tag DF7F',
        severity: 'warning',
        code: 'unknown-tag',
        message:
          'DF7F is not in the data dictionary for vsdc-style applications; check its format and length by hand',
      },
    ]);
    expect(issuesOf(demo('credit'), 'unknown-tag')).toEqual([]);
  });

  it('terminal-tag: terminal data is not personalized', () => {
    const profile = demo('credit');
    app(profile).records[2]!.tlvs.push({ tag: '9F02', source: { from: 'constant', value: '1000' } });
    expect(issuesOf(profile, 'terminal-tag').map((i) => i.message)).toEqual([
      '9F02 Amount, Authorised (Numeric) is supplied by the terminal, not personalized in the card',
    ]);
    expect(issuesOf(demo('credit'), 'terminal-tag')).toEqual([]);
  });

  it('template-source: only tags a section builds come from the template', () => {
    const profile = demo('credit');
    app(profile).records[2]!.tlvs.push({ tag: '9F10', source: { from: 'template' } });
    expect(issuesOf(profile, 'template-source').map((i) => [i.path, i.message])).toEqual([
      [
        '$.applications[0].records[2].tlvs[9].source',
        '9F10 Issuer Application Data is not built by any section of the template; give it another source',
      ],
    ]);
    const empty = demo('credit');
    delete app(empty).dols.ddol;
    expect(issuesOf(empty, 'template-source').map((i) => i.message)).toEqual([
      '9F49 Dynamic Data Authentication Data Object List (DDOL) comes from dols.ddol, which is empty',
    ]);
    expect(issuesOf(demo('credit'), 'template-source')).toEqual([]);
  });

  it('card-source: a card template field fills only its tags', () => {
    const profile = demo('credit');
    app(profile).records[2]!.tlvs[3] = { tag: '5F30', source: { from: 'card', field: 'country-code' } };
    expect(issuesOf(profile, 'card-source').map((i) => i.message)).toEqual([
      '5F30 Service Code cannot take card template field country-code, which fills 5F28, 9F57, C8',
    ]);
    expect(issuesOf(demo('credit'), 'card-source')).toEqual([]);
  });

  it('cardholder-source: the column must exist in the input layout', () => {
    const profile = demo('credit');
    app(profile).records[1]!.tlvs[0] = { tag: '5A', source: { from: 'cardholder', column: 'account' } };
    expect(issuesOf(profile, 'cardholder-source')).toEqual([
      {
        path: '$.applications[0].records[1].tlvs[0].source.column',
        tag: '5A',
        tagName: 'Application Primary Account Number (PAN)',
        severity: 'error',
        code: 'cardholder-source',
        message:
          '5A Application Primary Account Number (PAN) comes from column "account", which the input layout of card template demo-credit-card does not have',
      },
    ]);
    expect(issuesOf(demo('credit'), 'cardholder-source')).toEqual([]);
  });

  it('generated-source: a generated item fills only its tag', () => {
    const profile = demo('credit');
    app(profile).records[3]!.tlvs[1] = {
      tag: '90',
      source: { from: 'generated', item: 'icc-public-key-certificate' },
    };
    expect(issuesOf(profile, 'generated-source').map((i) => i.message)).toEqual([
      '90 Issuer Public Key Certificate cannot take the generated icc-public-key-certificate, which fills 9F46',
    ]);
    expect(issuesOf(demo('credit'), 'generated-source')).toEqual([]);
  });

  it('primitive-children: only constructed tags hold children', () => {
    const profile = demo('credit');
    app(profile).records[2]!.tlvs.push({
      tag: '9F05',
      children: [{ tag: '9F08', source: { from: 'template' } }],
    });
    expect(issuesOf(profile, 'primitive-children').map((i) => [i.path, i.message])).toEqual([
      [
        '$.applications[0].records[2].tlvs[9].children',
        '9F05 Application Discretionary Data is primitive and cannot hold other data objects',
      ],
    ]);
    const fine = demo('credit');
    app(fine).contact!.selection!.issuerDiscretionary.push({
      tag: '73',
      children: [{ tag: '5F50', source: { from: 'constant', value: 'https://bank.example' } }],
    });
    expect(issuesOf(fine, 'primitive-children')).toEqual([]);
  });
});
