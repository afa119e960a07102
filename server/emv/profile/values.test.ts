import { describe, expect, it } from 'vitest';
import { toHex } from '../bytes';
import { defaultCpsMapping } from './cps-defaults';
import { aipFor, computedAfl, interfacesOf, recordsFor, selectionFor } from './interfaces';
import { templateOwnedTags, templateValue } from './template-values';
import { demo, MADE_UP_CARDHOLDER } from './testing';
import { describeSource, resolveValue } from './values';

describe('template values', () => {
  const app = demo('debit').applications[0]!;
  const hex = (tag: string) => toHex(templateValue(tag, app).value!);

  it('builds owned tags from the structured sections', () => {
    expect(hex('8E')).toBe('0000000000000000' + '0201' + '4403' + '4103' + '4203' + '5E03' + '1F03');
    // ODA not performed, exception file, CDA failed | expired | CV failed, PTL exceeded | floor limit
    expect(hex('9F0D')).toBe('9440A08000');
    expect(hex('9F0E')).toBe('0030000000');
    expect(hex('9F07')).toBe('FF80');
    expect(hex('8D')).toBe('910A8A0295059F37049F4C08');
    expect(hex('9F42')).toBe('0978');
    expect(hex('9F44')).toBe('02');
    expect(hex('9F4A')).toBe('82');
    expect(hex('9F47')).toBe('03');
    expect(hex('87')).toBe('01');
    expect(hex('5F2D')).toBe(toHex(Buffer.from('ende')));
    expect(hex('CB')).toBe('000000020000');
    expect(hex('C6')).toBe('03');
  });

  it('knows which section fills a tag, per family', () => {
    expect(templateValue('9F54', app)).toEqual({});
    expect(templateValue('9F54', demo('credit').applications[0]!).section).toBe(
      'risk.cumulativeOfflineLowerLimit',
    );
    expect(templateOwnedTags('mchip-style')).toContain('CA');
    expect(templateOwnedTags('cpa')).not.toContain('CA');
  });
});

describe('resolveValue', () => {
  const profile = demo('credit');
  const app = profile.applications[0]!;

  it('encodes constants in the element format', () => {
    expect(resolveValue('9F42', { from: 'constant', value: '840' }, { app })).toEqual({
      state: 'value',
      bytes: Buffer.from('0840', 'hex'),
    });
  });

  it('says where per-card values will come from when there is no card', () => {
    expect(resolveValue('5A', { from: 'cardholder', column: 'pan' }, { app })).toEqual({
      state: 'placeholder',
      text: 'from the cardholder file: column pan',
    });
    expect(resolveValue('5F24', { from: 'card', field: 'expiry-date' }, { app, card: profile.card })).toEqual(
      {
        state: 'placeholder',
        text: 'from the card template: expiry-date rule',
      },
    );
  });

  it('resolves per-card values with card data', () => {
    const ctx = { app, card: profile.card, cardData: MADE_UP_CARDHOLDER };
    expect(
      toHex((resolveValue('5A', { from: 'cardholder', column: 'pan' }, ctx) as { bytes: Buffer }).bytes),
    ).toBe('9999010000000011');
    expect(
      toHex((resolveValue('5F24', { from: 'card', field: 'expiry-date' }, ctx) as { bytes: Buffer }).bytes),
    ).toBe('290331');
    expect(
      toHex(
        (resolveValue('9F44', { from: 'card', field: 'currency-exponent' }, ctx) as { bytes: Buffer }).bytes,
      ),
    ).toBe('02');
  });

  it('describes sources for reviews', () => {
    expect(describeSource({ from: 'generated', item: 'icc-public-key-certificate' })).toBe(
      'generated at preparation (icc-public-key-certificate)',
    );
    expect(describeSource({ from: 'cardholder', column: 'pan' })).toBe('from cardholder column pan');
  });
});

describe('interfaces and the default CPS mapping', () => {
  it('gives each interface its records, its own data or the other’s', () => {
    const app = demo('cpa').applications[0]!;
    expect(interfacesOf(app)).toEqual(['contact', 'contactless']);
    expect(recordsFor(app, 'contactless').map((r) => `${r.sfi}.${r.number}`)).toEqual([
      '1.1',
      '2.1',
      '2.2',
      '3.1',
      '3.2',
    ]);
    expect(toHex(computedAfl(app, 'contactless'))).toBe('080101001001020218010200');
    expect(toHex(aipFor(app, 'contactless')!)).toBe('1100');
    delete app.contactless!.selection;
    expect(selectionFor(app, 'contactless')).toBe(app.contact!.selection);
  });

  it('maps records, responses, keys, PIN and ICC key DGIs following CPS', () => {
    const app = demo('debit').applications[0]!;
    expect(defaultCpsMapping(app).map((spec) => `${spec.dgi}${spec.encrypted ? '*' : ''}`)).toEqual([
      '0101',
      '0201',
      '0202',
      '0301',
      '0302',
      '9102',
      '9104',
      '8000*',
      '9000',
      '8010*',
      '9010',
      '8201*',
      '8202*',
      '8203*',
      '8204*',
      '8205*',
    ]);
    const cpa = demo('cpa').applications[0]!;
    expect(defaultCpsMapping(cpa).map((spec) => spec.dgi)).toContain('9207');
  });
});
