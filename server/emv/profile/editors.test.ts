import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toHex } from '../bytes';
import { AUC_BITS, TVR_BITS, encodeBits } from './bits';
import { CVM_CONDITION_NAMES, CVM_METHOD_NAMES, encodeCvmList } from './cvm';
import { CVM_CONDITIONS, CVM_METHODS } from './schema/application';
import {
  COUNTRY_OPTIONS,
  CURRENCY_OPTIONS,
  bitStringHex,
  countryLabel,
  currencyLabel,
  cvmListHex,
  editProfileText,
  moveItem,
  readEditableProfile,
  searchCodes,
  withBit,
  withIccPrivateKeyForm,
} from './editors';
import { checks } from './checks';
import { exportProfile, parseProfile } from './schema/document';

// The text the designer shows: the demo as the workbench stores it (exportProfile's canonical layout).
const parsed = parseProfile(
  readFileSync(path.join(import.meta.dirname, 'demo-profiles', 'generic-credit-vsdc-style-dda.json'), 'utf8'),
);
if (!parsed.ok) throw new Error('the demo profile does not parse');
const demoText = exportProfile(parsed.profile);

describe('encoded values shown by the editors', () => {
  it('shows 8E as Book 3 Annex C3 lays it out: amounts X and Y, then method|b7 and condition', () => {
    const list = {
      amountX: 1000,
      amountY: 0x01020304,
      rules: [
        { method: 'enciphered-pin-online', condition: 'unattended-cash', applyNextIfUnsuccessful: false },
        { method: 'signature', condition: 'terminal-supports-cvm', applyNextIfUnsuccessful: true },
        { method: 'no-cvm-required', condition: 'always', applyNextIfUnsuccessful: false },
      ],
    } as const;
    expect(cvmListHex(list)).toBe('000003E801020304' + '0201' + '5E03' + '1F00');
    expect(cvmListHex(list)).toBe(toHex(encodeCvmList(list)));
    expect(cvmListHex({ amountX: 0, amountY: 0, rules: [] })).toBe('0000000000000000');
  });

  it('shows IACs (5 bytes of TVR bits) and AUC (2 bytes) as the template builds them', () => {
    expect(bitStringHex(TVR_BITS, 5, ['service-not-allowed'])).toBe('0010000000');
    expect(bitStringHex(TVR_BITS, 5, ['oda-not-performed', 'script-failed-after-final-generate-ac'])).toBe(
      '8000000010',
    );
    expect(bitStringHex(AUC_BITS, 2, ['atms', 'international-cashback'])).toBe('0240');
    const all = TVR_BITS.map((bit) => bit.id);
    expect(bitStringHex(TVR_BITS, 5, all)).toBe(toHex(encodeBits(TVR_BITS, 5, all)));
    expect(() => bitStringHex(AUC_BITS, 2, ['nope'])).toThrow('unknown bit "nope"');
  });
});

describe('withBit', () => {
  it('adds a bit in table order and removes it again', () => {
    const on = withBit(TVR_BITS, ['service-not-allowed'], 'expired-application', true);
    expect(on).toEqual(['expired-application', 'service-not-allowed']);
    expect(withBit(TVR_BITS, on, 'expired-application', false)).toEqual(['service-not-allowed']);
    expect(withBit(TVR_BITS, on, 'expired-application', true)).toEqual(on);
  });

  it('keeps ids the table does not know at the end, and refuses to set one', () => {
    expect(withBit(AUC_BITS, ['bogus', 'atms'], 'domestic-cash', true)).toEqual([
      'domestic-cash',
      'atms',
      'bogus',
    ]);
    expect(() => withBit(AUC_BITS, [], 'bogus', true)).toThrow('unknown bit "bogus"');
  });
});

describe('moveItem', () => {
  it('moves up and down and ignores moves off the ends', () => {
    expect(moveItem(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 2)).toEqual(['b', 'c', 'a']);
    expect(moveItem(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveItem(['a', 'b', 'c'], 2, 3)).toEqual(['a', 'b', 'c']);
  });
});

describe('currency and country options', () => {
  it('labels codes as "978 EUR Euro" and "276 DE Germany"', () => {
    expect(currencyLabel('978')).toBe('978 EUR Euro');
    expect(countryLabel('276')).toBe('276 DE Germany');
    expect(currencyLabel('999')).toBe('999 (not an ISO 4217 code)');
    expect(countryLabel('999')).toBe('999 (not an ISO 3166 code)');
    expect(CURRENCY_OPTIONS.find((o) => o.code === '840')?.label).toBe('840 USD US Dollar');
  });

  it('finds an option by numeric code, alphabetic code or words of the name', () => {
    expect(searchCodes(CURRENCY_OPTIONS, '978').map((o) => o.label)).toEqual(['978 EUR Euro']);
    expect(searchCodes(CURRENCY_OPTIONS, 'usd').map((o) => o.code)).toEqual(['840']);
    expect(searchCodes(COUNTRY_OPTIONS, 'germ').map((o) => o.label)).toEqual(['276 DE Germany']);
    expect(searchCodes(CURRENCY_OPTIONS, '  ')).toHaveLength(CURRENCY_OPTIONS.length);
    expect(searchCodes(COUNTRY_OPTIONS, 'zz no such')).toEqual([]);
  });
});

describe('editProfileText', () => {
  it('changes only what the edit changes, in the canonical layout', () => {
    const edited = editProfileText(demoText, (profile) => {
      profile.applications[0]!.risk.currency = '840';
    });
    const before = demoText.split('\n');
    const after = edited.split('\n');
    expect(after).toHaveLength(before.length);
    const changed = after.filter((line, i) => line !== before[i]);
    expect(changed).toEqual(['        "currency": "840",']);
  });

  it('gives back the same text when an edit is undone', () => {
    const once = editProfileText(demoText, (p) => {
      p.applications[0]!.actionCodes.denial = withBit(
        TVR_BITS,
        p.applications[0]!.actionCodes.denial,
        'new-card',
        true,
      );
    });
    expect(once).not.toBe(demoText);
    const back = editProfileText(once, (p) => {
      p.applications[0]!.actionCodes.denial = withBit(
        TVR_BITS,
        p.applications[0]!.actionCodes.denial,
        'new-card',
        false,
      );
    });
    expect(back).toBe(demoText);
  });

  it('says where the document stops the editors', () => {
    expect(readEditableProfile('{')).toEqual({
      ok: false,
      problem: expect.stringMatching(/^\$: not valid JSON: /),
    });
    const doc = JSON.parse(demoText);
    doc.applications[0].cvm.rules[1].method = 'retina-scan';
    const read = readEditableProfile(JSON.stringify(doc));
    expect(read.ok).toBe(false);
    expect(!read.ok && read.problem).toMatch(/^\$\.applications\[0\]\.cvm\.rules\[1\]\.method: /);
    expect(() => editProfileText('[]', () => {})).toThrow(
      'the visual editors cannot change this profile: $: ',
    );
  });

  it('leaves other parts of the document as they are, even ones the profile format would refuse', () => {
    const doc = JSON.parse(demoText);
    doc.applications[0].identity.aid = 'F000';
    const edited = editProfileText(`${JSON.stringify(doc, null, 2)}\n`, (p) => {
      p.card.constants.country = '040';
    });
    const out = JSON.parse(edited);
    expect(out.applications[0].identity.aid).toBe('F000');
    expect(out.card.constants.country).toBe('040');
  });
});

describe('CVM names', () => {
  it('names every method and condition the tables code', () => {
    expect(Object.keys(CVM_METHOD_NAMES).sort()).toEqual(Object.keys(CVM_METHODS).sort());
    expect(Object.keys(CVM_CONDITION_NAMES).sort()).toEqual(Object.keys(CVM_CONDITIONS).sort());
    expect(CVM_METHOD_NAMES['enciphered-pin-online']).toBe('Enciphered PIN verified online');
    expect(CVM_CONDITION_NAMES['terminal-supports-cvm']).toBe('If terminal supports the CVM');
  });
});

describe('withIccPrivateKeyForm', () => {
  const keyDgis = (text: string) =>
    (
      JSON.parse(text) as { applications: { cps: { dgis: { dgi: string; content: { kind: string } }[] } }[] }
    ).applications[0]!.cps.dgis.map((spec) => spec.dgi);

  it('sets the form and maps its DGIs where the CRT ones were; the checks stay clean; back again gives the demo', () => {
    const before = keyDgis(demoText);
    const edited = editProfileText(demoText, (p) =>
      withIccPrivateKeyForm(p.applications[0]!, 'modulus-exponent'),
    );
    const at = before.indexOf('8201');
    expect(keyDgis(edited)).toEqual([...before.slice(0, at), '8101', '8103', ...before.slice(at + 5)]);
    const reparsed = parseProfile(edited);
    if (!reparsed.ok) throw new Error('the edited profile does not parse');
    expect(reparsed.profile.applications[0]!.keys.iccKey!.privateKeyForm).toBe('modulus-exponent');
    expect(checks(reparsed.profile).filter((issue) => issue.severity === 'error')).toEqual([]);

    const back = editProfileText(edited, (p) => withIccPrivateKeyForm(p.applications[0]!, 'crt'));
    expect(keyDgis(back)).toEqual(before);
    expect(JSON.parse(back).applications[0].keys.iccKey.privateKeyForm).toBe('crt');
  });

  it('does nothing to an application without an ICC key', () => {
    const doc = JSON.parse(demoText);
    delete doc.applications[0].keys.iccKey;
    const text = `${JSON.stringify(doc, null, 2)}\n`;
    expect(editProfileText(text, (p) => withIccPrivateKeyForm(p.applications[0]!, 'modulus-exponent'))).toBe(
      text,
    );
  });
});
