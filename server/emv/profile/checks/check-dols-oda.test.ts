import { describe, expect, it } from 'vitest';
import { demo, issuesOf } from '../testing';

type Profile = ReturnType<typeof demo>;
const messages = (profile: Profile, code: string) => issuesOf(profile, code).map((i) => [i.path, i.message]);
const credit = () => {
  const profile = demo('credit');
  return { profile, app: profile.applications[0]! };
};

describe('DOL checks', () => {
  it('dol-duplicate', () => {
    const { profile, app } = credit();
    app.dols.cdol1!.push({ tag: '9F37', length: 4 });
    expect(messages(profile, 'dol-duplicate')).toEqual([
      ['$.applications[0].dols.cdol1[8]', '8C CDOL1 asks for 9F37 Unpredictable Number twice'],
    ]);
    expect(issuesOf(demo('credit'), 'dol-duplicate')).toEqual([]);
  });

  it('dol-unknown-tag', () => {
    const { profile, app } = credit();
    app.dols.cdol2!.push({ tag: 'DF7F', length: 1 });
    expect(issuesOf(profile, 'dol-unknown-tag')).toEqual([
      {
        path: '$.applications[0].dols.cdol2[9].tag',
        tag: 'DF7F',
        tagName: 'Unknown tag DF7F',
        severity: 'error',
        code: 'dol-unknown-tag',
        message: '8D CDOL2 asks for DF7F, which is not in the data dictionary',
      },
    ]);
    expect(issuesOf(demo('credit'), 'dol-unknown-tag')).toEqual([]);
  });

  it('dol-constructed', () => {
    const { profile, app } = credit();
    app.dols.ddol!.push({ tag: '70', length: 2 });
    expect(messages(profile, 'dol-constructed')).toEqual([
      [
        '$.applications[0].dols.ddol[1].tag',
        '9F49 DDOL asks for 70 READ RECORD Response Message Template, a constructed object, for which the terminal sends zeroes (Book 3 5.4)',
      ],
    ]);
    expect(issuesOf(demo('credit'), 'dol-constructed')).toEqual([]);
  });

  it('dol-length', () => {
    const { profile, app } = credit();
    app.dols.cdol1![0]!.length = 4;
    expect(messages(profile, 'dol-length')).toEqual([
      [
        '$.applications[0].dols.cdol1[0].length',
        '8C CDOL1 asks for 9F02 Amount, Authorised (Numeric) with length 4; the element is 6 bytes, so the terminal pads or truncates it',
      ],
    ]);
    expect(issuesOf(demo('credit'), 'dol-length')).toEqual([]);
  });

  it('cvn-unknown', () => {
    const { profile, app } = credit();
    app.cryptogram.cvn = '99';
    expect(messages(profile, 'cvn-unknown')).toEqual([
      [
        '$.applications[0].cryptogram.cvn',
        'cryptogram version 99 is not one the workbench knows for vsdc-style applications',
      ],
    ]);
    expect(issuesOf(demo('credit'), 'cvn-unknown')).toEqual([]);
  });

  it('cdol-missing', () => {
    const { profile, app } = credit();
    delete app.dols.cdol2;
    expect(messages(profile, 'cdol-missing')).toEqual([
      ['$.applications[0].dols', 'the contact interface needs 8D CDOL2 for the second GENERATE AC'],
    ]);
    expect(issuesOf(demo('credit'), 'cdol-missing')).toEqual([]);
  });

  it('cdol1-cvn: CDOL1 holds what the CVN computes the AC over', () => {
    const { profile, app } = credit();
    app.dols.cdol1 = app.dols.cdol1!.filter((entry) => entry.tag !== '9F37' && entry.tag !== '95');
    expect(messages(profile, 'cdol1-cvn')).toEqual([
      [
        '$.applications[0].dols.cdol1',
        '8C CDOL1 lacks 95 Terminal Verification Results, which CVN 12 (CVN 18: EMV common session key) computes the cryptogram over',
      ],
      [
        '$.applications[0].dols.cdol1',
        '8C CDOL1 lacks 9F37 Unpredictable Number, which CVN 12 (CVN 18: EMV common session key) computes the cryptogram over',
      ],
    ]);
    expect(issuesOf(demo('credit'), 'cdol1-cvn')).toEqual([]);
    expect(issuesOf(demo('debit'), 'cdol1-cvn')).toEqual([]);
    expect(issuesOf(demo('cpa'), 'cdol1-cvn')).toEqual([]);
  });

  it('ddol-un and ddol-missing', () => {
    const { profile, app } = credit();
    app.dols.ddol = [{ tag: '9F02', length: 6 }];
    expect(messages(profile, 'ddol-un')).toEqual([
      ['$.applications[0].dols.ddol', '9F49 DDOL must ask for 9F37 Unpredictable Number (Book 2 6.5.1)'],
    ]);
    delete app.dols.ddol;
    expect(messages(profile, 'ddol-missing')).toEqual([
      [
        '$.applications[0].dols',
        'DDA is chosen but there is no 9F49 DDOL, so terminals use their default DDOL',
      ],
    ]);
    expect(issuesOf(demo('credit'), 'ddol-un')).toEqual([]);
    expect(issuesOf(demo('credit'), 'ddol-missing')).toEqual([]);
  });

  it('contactless-pdol: a VSDC-style contactless application asks for the TTQ', () => {
    const { profile, app } = credit();
    app.interfaces = 'both';
    expect(messages(profile, 'contactless-pdol')).toEqual([
      [
        '$.applications[0].contactless.selection.pdol',
        'a VSDC-style contactless application reads 9F66 Terminal Transaction Qualifiers (TTQ) through its PDOL',
      ],
    ]);
    app.contactless = {
      selection: { pdol: [{ tag: '9F66', length: 4 }], proprietary: [], issuerDiscretionary: [] },
    };
    expect(issuesOf(profile, 'contactless-pdol')).toEqual([]);
  });
});

describe('ODA and key checks', () => {
  it('aip-mismatch: a typed AIP must agree with the choices', () => {
    const { profile, app } = credit();
    app.contact!.processing!.aipOverride = '5C00';
    expect(messages(profile, 'aip-mismatch')).toEqual([
      [
        '$.applications[0].contact.processing.aipOverride',
        '82 AIP 5C00 on the contact interface disagrees with the choices (3C00); set but not chosen: SDA supported; chosen but not set: DDA supported',
      ],
    ]);
    app.contact!.processing!.aipOverride = '3C00';
    expect(issuesOf(profile, 'aip-mismatch')).toEqual([]);
  });

  it('sda-deprecated', () => {
    const { profile, app } = credit();
    app.contact!.processing!.oda = ['sda', 'dda'];
    expect(messages(profile, 'sda-deprecated')).toEqual([
      ['$.applications[0].contact.processing.oda', 'SDA does not protect against replay; prefer DDA or CDA'],
    ]);
    expect(issuesOf(demo('credit'), 'sda-deprecated')).toEqual([]);
  });

  it('oda-keys: ODA needs an issuer key, DDA and CDA an ICC key', () => {
    const { profile, app } = credit();
    delete app.keys.issuerPublicKey;
    delete app.keys.iccKey;
    expect(messages(profile, 'oda-keys')).toEqual([
      [
        '$.applications[0].keys.issuerPublicKey',
        'DDA on the contact interface needs an issuer RSA key and CA index',
      ],
      [
        '$.applications[0].keys.iccKey',
        'DDA/CDA on the contact interface needs an ICC RSA key (length and exponent)',
      ],
    ]);
    expect(issuesOf(demo('credit'), 'oda-keys')).toEqual([]);
  });

  it('oda-records: something must be signed', () => {
    const { profile, app } = credit();
    for (const record of app.records) record.oda = false;
    expect(messages(profile, 'oda-records')).toEqual([
      [
        '$.applications[0].records',
        'DDA on the contact interface, but no record read there is in the static data to be authenticated',
      ],
    ]);
    expect(issuesOf(demo('credit'), 'oda-records')).toEqual([]);
  });

  it('oda-data: certificates placed, remainder when the ICC key does not fit', () => {
    const { profile, app } = credit();
    app.records[4]!.tlvs = app.records[4]!.tlvs.filter((tlv) => tlv.tag === '9F47');
    expect(messages(profile, 'oda-data')).toEqual([
      [
        '$.applications[0].records',
        'DDA needs 9F46 ICC Public Key Certificate in a record read on the contact interface',
      ],
      [
        '$.applications[0].records',
        'a 1024-bit ICC key does not fit a certificate signed with a 1152-bit issuer key; place 9F48 ICC Public Key Remainder on the contact interface',
      ],
    ]);
    expect(issuesOf(demo('credit'), 'oda-data')).toEqual([]);
  });

  it('key-length: whole bytes, ICC key not longer than the issuer key', () => {
    const { profile, app } = credit();
    app.keys.iccKey!.modulusBits = 1156;
    expect(messages(profile, 'key-length')).toEqual([
      [
        '$.applications[0].keys.iccKey.modulusBits',
        'the ICC key length must be a whole number of bytes, got 1156 bits',
      ],
      [
        '$.applications[0].keys.iccKey.modulusBits',
        'the ICC key (1156 bits) must not be longer than the issuer key (1152 bits), Book 2 6.1',
      ],
    ]);
    expect(issuesOf(demo('credit'), 'key-length')).toEqual([]);
  });

  it('keys-unused', () => {
    const { profile, app } = credit();
    app.contact!.processing!.oda = [];
    expect(messages(profile, 'keys-unused')).toEqual([
      [
        '$.applications[0].keys.issuerPublicKey',
        'an issuer RSA key is configured but no interface uses offline data authentication or enciphered PIN',
      ],
    ]);
    expect(issuesOf(demo('credit'), 'keys-unused')).toEqual([]);
  });

  it('ac-key-missing', () => {
    const { profile, app } = credit();
    app.keys.masterKeys = app.keys.masterKeys.filter((key) => key.usage !== 'E0');
    expect(messages(profile, 'ac-key-missing')).toEqual([
      [
        '$.applications[0].keys.masterKeys',
        'the application needs an issuer master key for application cryptograms (E0)',
      ],
    ]);
    expect(issuesOf(demo('credit'), 'ac-key-missing')).toEqual([]);
  });
});
