import { describe, expect, it } from 'vitest';
import { checks } from '../checks';
import { demo, SCRATCH } from '../testing';
import { blankProfile } from './blank';
import { binRangeProblem, decodeServiceCode, serviceCodeProblem } from './card-constants';
import {
  addAdditionalInput,
  addOverride,
  newAdditionalInput,
  overrideTargets,
  removeOverride,
} from './extra-inputs';
import { addColumn, moveColumn, parseSampleRow, removeColumn, withLayoutKind } from './input-layout';
import { madeUpPan } from './made-up-card';
import { renameInputColumn } from './column-rename';
import { discretionaryRoom, sampleSurface, trackLayout } from './surface-layout';

const NOW = new Date('2026-03-15T00:00:00Z');

describe('card constants', () => {
  it('decodes a service code digit by digit (ISO/IEC 7813)', () => {
    expect(decodeServiceCode('201').map((d) => d.meaning)).toEqual([
      'international interchange, integrated circuit (chip) used where feasible',
      'transactions are authorized following the normal rules',
      'no restrictions',
    ]);
    expect(decodeServiceCode('381')[0]).toEqual({
      position: 1,
      digit: '3',
      what: 'Interchange and technology',
      problem: '3 is not defined in position 1 (1, 2, 5, 6, 7, 9)',
    });
    expect(serviceCodeProblem('231')).toBe('Service code digit 3 is not defined in position 2 (0, 2, 4)');
    expect(serviceCodeProblem('20')).toBe('The service code must be 3 digits (ISO/IEC 7813)');
    expect(serviceCodeProblem('620')).toBeUndefined();
  });

  it('checks a BIN range', () => {
    expect(binRangeProblem('999901', '999999')).toBeUndefined();
    expect(binRangeProblem('99990100', '999999')).toBe('The two BINs must have the same number of digits');
    expect(binRangeProblem('999999', '999901')).toBe('The low BIN must not be above the high BIN');
    expect(binRangeProblem('9999', '999901')).toBe('The low BIN must be 6 to 8 digits');
  });
});

describe('surface', () => {
  it('lays the tracks out part by part at the longest PAN', () => {
    // The debit demo places a PVV (the credit demo has a constant there: it takes no PIN blocks).
    const card = demo('debit').card;
    const track2 = trackLayout(card, 'track2');
    expect(track2.parts.map((p) => [p.label, p.start, p.length])).toEqual([
      ['PAN', 1, 16],
      ['=', 17, 1],
      ['Expiry YYMM', 18, 4],
      ['Service code', 22, 3],
      // ISO/IEC 7813 discretionary data: PVKI, PVV, CVV, then the issuer's constant.
      ['PVKI', 25, 1],
      ['PVV', 26, 4],
      ['CVV', 30, 3],
      ['Constant 00000', 33, 5],
    ]);
    expect(track2.max).toBe(37);
    expect(track2).toMatchObject({ length: 37, size: 37, unit: 'characters' });
    expect(trackLayout(card, 'chipTrack2').parts.at(-1)).toEqual({
      label: 'F',
      start: 38,
      length: 1,
      fixed: true,
    });
    const blank = blankProfile(SCRATCH).card;
    // 16 + 1 + 4 + 3 = 24 characters of track 2 at most 37: 13 discretionary characters are left.
    expect(discretionaryRoom(blank, 'track2')).toBe(13);
    expect(trackLayout(blank, 'track1').length).toBe(1 + 16 + 1 + 26 + 1 + 4 + 3);
    // 57: 24 nibbles are 12 bytes of 19; 38 − 24 = 14 nibbles left.
    expect(trackLayout(blank, 'chipTrack2')).toMatchObject({ size: 12, max: 19, unit: 'bytes' });
    expect(discretionaryRoom(blank, 'chipTrack2')).toBe(14);
  });

  it('draws the surface of a made-up card from the template', () => {
    const card = blankProfile(SCRATCH).card;
    card.surface.embossing.push({ name: 'Member', template: 'NO {column:member}', maxLength: 20 });
    card.input = addColumn(card.input, 'member', 'other');
    const { surface, card: data } = sampleSurface(card, NOW);
    expect(data.cardholder.pan).toBe(madeUpPan(card));
    expect(madeUpPan(card)).toMatch(/^99990100\d{8}$/);
    expect(surface.embossing).toEqual([
      { name: 'PAN', text: madeUpPan(card).replace(/(\d{4})(?=\d)/g, '$1 ') },
      { name: 'Validity', text: 'VALID THRU 03/29' },
      { name: 'Cardholder', text: 'DOE/JANE' },
      { name: 'Member', text: 'NO 00' },
    ]);
    expect(surface.track2?.text).toBe(`${madeUpPan(card)}=2903201`);
  });
});

describe('input layout', () => {
  it('switches between CSV and fixed width, adds, moves and removes columns', () => {
    const card = blankProfile(SCRATCH).card;
    const fixed = withLayoutKind(card.input, 'fixed-width');
    expect(fixed).toEqual({
      kind: 'fixed-width',
      recordLength: 47,
      columns: [
        { name: 'pan', role: 'pan', start: 1, length: 19 },
        { name: 'psn', role: 'pan-sequence-number', start: 20, length: 2 },
        { name: 'name', role: 'cardholder-name', start: 22, length: 26 },
      ],
    });
    const more = addColumn(fixed, 'expiry', 'expiry-date');
    expect(more.columns.at(-1)).toEqual({ name: 'expiry', role: 'expiry-date', start: 48, length: 4 });
    expect(more.kind === 'fixed-width' && more.recordLength).toBe(51);
    expect(moveColumn(more, 3, 0).columns.map((c) => c.name)).toEqual(['expiry', 'pan', 'psn', 'name']);
    expect(removeColumn(more, 1).columns.map((c) => c.name)).toEqual(['pan', 'name', 'expiry']);
    expect(withLayoutKind(more, 'csv')).toEqual({
      kind: 'csv',
      delimiter: ',',
      header: true,
      columns: more.columns.map(({ name, role }) => ({ name, role })),
    });
  });

  it('parses a sample CSV row: each column with its value (PAN masked) or its problem', () => {
    const card = blankProfile(SCRATCH).card;
    const pan = madeUpPan(card);
    expect(parseSampleRow(card, card.input, [pan, '01', 'DOE/JANE'], NOW)).toEqual({
      columns: [
        { name: 'pan', role: 'pan', value: `999901******${pan.slice(-4)}` },
        { name: 'psn', role: 'pan-sequence-number', value: '01' },
        { name: 'name', role: 'cardholder-name', value: 'DOE/JANE' },
      ],
    });
    const bad = parseSampleRow(card, card.input, ['9999010000000012', '1'], NOW);
    expect(bad.rowProblem).toBe('the row has 2 fields; the layout has 3 columns');
    expect(bad.columns.map((c) => c.problem)).toEqual([
      'PAN fails the Luhn check (ISO/IEC 7812): check the last digit',
      'PSN must be 2 digits, 00 to 99',
      'Name must be 2 to 26 characters (ISO/IEC 7813 track 1)',
    ]);
  });

  it('checks an additional input without the cardholder file overrides', () => {
    const card = blankProfile(SCRATCH).card;
    addOverride(card, 'svc', { kind: 'card', field: 'service-code' });
    const layout = newAdditionalInput(card, 'loyalty', 'Loyalty file').layout;
    expect(parseSampleRow(card, layout, ['C-1'], NOW, { additional: true })).toEqual({
      columns: [{ name: 'key', role: 'other', value: 'C-1' }],
    });
  });

  it('parses a sample fixed-width line and hides a PIN block', () => {
    const card = blankProfile(SCRATCH).card;
    card.input = addColumn(withLayoutKind(card.input, 'fixed-width'), 'pin', 'pin-block');
    const pan = madeUpPan(card);
    const line = `${pan.padEnd(19)}01${'DOE/JANE'.padEnd(26)}0412AC89ABCDEF67`;
    const parsed = parseSampleRow(card, card.input, line, NOW);
    expect(parsed.rowProblem).toBeUndefined();
    expect(parsed.columns.map((c) => [c.name, c.value, c.problem])).toEqual([
      ['pan', `999901******${pan.slice(-4)}`, undefined],
      ['psn', '01', undefined],
      ['name', 'DOE/JANE', undefined],
      ['pin', '(hidden)', undefined],
    ]);
    const short = parseSampleRow(card, card.input, line.slice(0, 40), NOW);
    expect(short.rowProblem).toBe('the line has 40 characters; the record length is 63');
    expect(short.columns[3]!.problem).toBe(
      'PIN block must be 16 hexadecimal digits (ISO 9564 format 0 or 3) or 32 (format 4)',
    );
  });
});

describe('additional inputs and overrides', () => {
  it('offers what may be overridden: card fields and placed template or constant elements only', () => {
    const profile = demo('credit');
    const targets = overrideTargets(profile.applications, profile.card.applications);
    const keys = targets.map((t) => t.key);
    expect(keys.slice(0, 2)).toEqual(['card/service-code', 'card/expiry-date']);
    // The PAN, the expiry date element and generated certificates are never offered.
    for (const key of ['credit-dda/5A', 'credit-dda/5F24', 'credit-dda/9F46', 'credit-dda/90']) {
      expect(keys).not.toContain(key);
    }
    for (const target of targets.filter((t) => t.target.kind === 'element')) {
      const copy = structuredClone(profile);
      addOverride(copy.card, 'ovr', target.target);
      expect(checks(copy).filter((i) => i.path.startsWith('$.card.overrides'))).toEqual([]);
    }
  });

  it('adds an override with its column (role other) and an additional input joined on the PAN', () => {
    const profile = blankProfile(SCRATCH);
    addOverride(profile.card, 'svc', { kind: 'card', field: 'service-code' });
    expect(profile.card.input.columns.at(-1)).toEqual({ name: 'svc', role: 'other' });
    expect(checks(profile).filter((i) => i.path.startsWith('$.card'))).toEqual([]);
    addOverride(profile.card, 'name', { kind: 'card', field: 'expiry-date' });
    expect(checks(profile).find((i) => i.code === 'override-column-role')?.message).toBe(
      'column "name" has role "cardholder-name"; an override column must have role "other"',
    );
    removeOverride(profile.card, 1);
    const input = newAdditionalInput(profile.card, 'loyalty', 'Loyalty file');
    expect(input).toMatchObject({ joinColumn: 'key', joinsTo: 'pan' });
    addAdditionalInput(profile.card, input);
    addAdditionalInput(profile.card, { ...input, joinsTo: 'client' });
    expect(
      checks(profile)
        .filter((i) => i.path.startsWith('$.card'))
        .map((i) => i.message),
    ).toEqual([
      'additional input "loyalty" is also the name of additionalInputs[0]',
      'additional input "loyalty" joins to column "client", which the cardholder file\'s input layout does not have',
    ]);
  });
});

describe('renaming a column', () => {
  it('carries sources, date rules, tracks, embossing, overrides and joins along', () => {
    const profile = demo('credit');
    const card = profile.card;
    card.constants.expiryDate = { rule: 'from-file', column: 'pan' };
    card.surface.embossing.push({ name: 'Account', template: 'ACC {column:pan}', maxLength: 40 });
    card.surface.track2.discretionary.push({ field: 'column', column: 'pan', length: 1 });
    addAdditionalInput(card, newAdditionalInput(card, 'loyalty', 'Loyalty file'));
    renameInputColumn(profile, undefined, 'pan', 'account');
    expect(card.input.columns[0]).toEqual({ name: 'account', role: 'pan' });
    expect(card.constants.expiryDate).toEqual({ rule: 'from-file', column: 'account' });
    expect(card.surface.embossing.at(-1)!.template).toBe('ACC {column:account}');
    expect(card.surface.track2.discretionary.at(-1)!.column).toBe('account');
    expect(card.additionalInputs![0]!.joinsTo).toBe('account');
    expect(JSON.stringify(profile.applications)).not.toContain('"column":"pan"');
    expect(
      checks(profile).filter((i) => i.code === 'cardholder-source' || i.code === 'column-unknown'),
    ).toEqual([]);
    renameInputColumn(profile, 'loyalty', 'key', 'customer');
    expect(card.additionalInputs![0]).toMatchObject({ joinColumn: 'customer', joinsTo: 'account' });
    expect(card.additionalInputs![0]!.layout.columns[0]!.name).toBe('customer');
  });
});
