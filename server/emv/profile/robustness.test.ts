import { describe, expect, it } from 'vitest';
import { checks } from './checks';
import { previewCard } from './preview';
import type { ValueSource } from './schema/common';
import { demo, MADE_UP_CARDHOLDER } from './testing';

/** Sources that are wrong for most tags: every check and the preview must report, never throw. */
const AWKWARD: ValueSource[] = [
  { from: 'constant', value: '' },
  { from: 'constant', value: 'ZZ' },
  { from: 'constant', value: '1'.repeat(600) },
  { from: 'template' },
  { from: 'card', field: 'expiry-date' },
  { from: 'cardholder', column: 'name' },
  { from: 'generated', item: 'track2-equivalent-data' },
];

describe('checks and preview on awkward input', () => {
  it.each(['credit', 'debit', 'cpa'] as const)(
    'never throw for the %s demo with any source on any placed tag',
    (which) => {
      const base = demo(which);
      let reported = 0;
      base.applications[0]!.records.forEach((record, r) => {
        record.tlvs.forEach((_, t) => {
          for (const source of AWKWARD) {
            const profile = demo(which);
            profile.applications[0]!.records[r]!.tlvs[t] = { tag: record.tlvs[t]!.tag, source };
            const issues = checks(profile);
            reported += issues.length;
            expect(() => previewCard(profile, MADE_UP_CARDHOLDER)).not.toThrow();
          }
        });
      });
      expect(reported).toBeGreaterThan(0);
    },
  );
});
