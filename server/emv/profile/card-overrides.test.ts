import { describe, expect, it } from 'vitest';
import { demo } from './testing';
import { withAccountFile } from './testing-inputs';

import { cardholderRulesOf, checkCardholderValues } from './input-rows';
import { buildDgis } from './dgis';
import { serviceCodeOf } from './card-overrides';
import { expiryDateOf } from './dates';
import { resolveValue } from './values';

const multiInputProfile = () => withAccountFile(demo('credit'), 'Demo credit with accounts');

/** 15 May 2026: May 2026 (2605) is still valid, April 2026 (2604) is in the past. */
const now = new Date(Date.UTC(2026, 4, 15, 12));
const profile = multiInputProfile();
const app = profile.applications[0]!;
const rules = cardholderRulesOf(profile.card, profile.applications);
const row = (cells: Record<string, string>) => ({
  pan: '9999010000000011',
  psn: '00',
  name: 'ALICE EXAMPLE',
  customer: 'C-1',
  svc: '',
  lcol: '',
  ...cells,
});
const problemsOf = (cells: Record<string, string>) =>
  checkCardholderValues(rules, row(cells), 7, now).problems;

describe('per-card overrides', () => {
  it('an empty cell keeps the template value; a valid one passes the import checks', () => {
    expect(problemsOf({})).toEqual([]);
    expect(problemsOf({ svc: '221', lcol: '05' })).toEqual([]);
  });

  it('an override is checked as the template value would be, with row, field and reason', () => {
    expect(problemsOf({ svc: '2O1', lcol: '5' })).toEqual([
      { row: 7, field: 'svc', value: '2O1', reason: 'Service code override must be 3 digits (ISO/IEC 7813)' },
      {
        row: 7,
        field: 'lcol',
        value: '5',
        reason:
          '9F14 Lower Consecutive Offline Limit must be upper-case hexadecimal bytes (format b), got "5"',
      },
    ]);
    expect(problemsOf({ lcol: '0505' })).toEqual([
      {
        row: 7,
        field: 'lcol',
        value: '0505',
        reason: '9F14 Lower Consecutive Offline Limit must be 1 byte, got 2',
      },
    ]);
  });

  it('an expiry override must be a month, not in the past', () => {
    const card = structuredClone(profile.card);
    card.overrides = [{ column: 'svc', target: { kind: 'card', field: 'expiry-date' } }];
    const expiryRules = cardholderRulesOf(card, profile.applications);
    const check = (svc: string) => checkCardholderValues(expiryRules, row({ svc }), 3, now).problems;
    expect(check('2613')[0]?.reason).toBe('Expiry override must be YYMM with a month from 01 to 12');
    expect(check('2604')[0]?.reason).toBe('Expiry override is in the past');
    expect(check('2912')).toEqual([]);
    expect(expiryDateOf(card, '2026-05-15', row({ svc: '2912' }))).toEqual({ year: 2029, month: 12 });
    expect(expiryDateOf(card, '2026-05-15', row({}))).toEqual({ year: 2029, month: 5 });
    card.constants.effectiveDate = { rule: 'from-file', column: 'lcol' };
    const withEffective = cardholderRulesOf(card, profile.applications);
    expect(checkCardholderValues(withEffective, row({ svc: '2703', lcol: '2801' }), 3, now).problems).toEqual(
      [
        {
          row: 3,
          field: 'lcol',
          value: '2801',
          reason: 'Effective date is after the expiry date (2703 in column svc)',
        },
      ],
    );
  });

  it('at preparation the row value replaces the template value, in the tag and on the tracks', () => {
    const cardData = (cells: Record<string, string>) => ({
      preparationDate: '2026-05-15',
      cardholder: { ...row(cells), 'accounts.customer_id': 'C-1', 'accounts.iban': 'DE89370400440532013000' },
      verificationValues: { cvv: '123', icvv: '456', pvv: '0000', pvki: '1' },
    });
    const ctx = (cells: Record<string, string>) => ({ app, card: profile.card, cardData: cardData(cells) });
    const hex = (tag: string, cells: Record<string, string>) => {
      const resolved = resolveValue(tag, { from: 'template' }, ctx(cells));
      return resolved.state === 'value' ? resolved.bytes.toString('hex').toUpperCase() : resolved;
    };
    // 9F14 from the template's risk section unless the row overrides it (b 1).
    expect(hex('9F14', {})).not.toBe('05');
    expect(hex('9F14', { lcol: '05' })).toBe('05');
    expect(serviceCodeOf(profile.card, row({}))).toBe('201');
    expect(serviceCodeOf(profile.card, row({ svc: '221' }))).toBe('221');
    const dgis = buildDgis(app, cardData({ svc: '221' }), { card: profile.card });
    const record0202 = dgis.find((d) => d.dgi === '0202')!.data!;
    expect(record0202).toContain('5F30020221');
    const record0101 = dgis.find((d) => d.dgi === '0101')!.data!;
    // Track 2 Equivalent Data: PAN, separator D, YYMM, then the service code 221 (ISO/IEC 7813).
    expect(record0101).toMatch(/9999010000000011D2905221/);
    const record0203 = dgis.find((d) => d.dgi === '0203')!.data!;
    expect(record0203).toBe(
      `7019${'5F5316'}${Buffer.from('DE89370400440532013000').toString('hex').toUpperCase()}`,
    );
  });
});
