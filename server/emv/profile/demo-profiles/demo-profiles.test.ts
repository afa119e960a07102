import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLuhnValid } from '../../pan';
import { decodeTlv } from '../../tlv/ber-tlv';
import { checks, canSubmit } from '../checks';
import { previewCard } from '../preview';
import { exportProfile, parseProfile } from '../schema/document';
import { MADE_UP_CARDHOLDER } from '../testing';
import { DEMO_PROFILE_FILES } from '.';

const files = Object.keys(DEMO_PROFILE_FILES);

describe.each(files)('demo profile %s', (file) => {
  const text = readFileSync(join(__dirname, file), 'utf8');
  const parsed = parseProfile(text);

  it('matches the profile schema', () => {
    expect(parsed.ok ? [] : parsed.problems).toEqual([]);
  });

  it('round-trips: import then export gives identical JSON (same keys, order and values)', () => {
    // Whitespace is the repository formatter's business (prettier), so compare the JSON, not the layout.
    const compact = (json: string) => JSON.stringify(JSON.parse(json));
    expect(parsed.ok && compact(exportProfile(parsed.profile))).toBe(compact(text));
  });

  it('passes every check without an error or a warning', () => {
    const issues = parsed.ok ? checks(parsed.profile) : [];
    expect(issues).toEqual([]);
    expect(canSubmit(issues)).toBe(true);
  });

  it('claims no scheme certification and uses a proprietary AID', () => {
    const profile = parsed.ok ? parsed.profile : undefined;
    expect(profile?.description).toContain('not certified by any payment system');
    for (const app of profile?.applications ?? []) expect(app.identity.aid.startsWith('F')).toBe(true);
  });

  it('builds every DGI for a made-up cardholder; the complete ones decode to their tree', () => {
    if (!parsed.ok) throw new Error('schema');
    expect(isLuhnValid(MADE_UP_CARDHOLDER.cardholder.pan!)).toBe(true);
    const preview = previewCard(parsed.profile, MADE_UP_CARDHOLDER);
    for (const app of preview.applications) {
      for (const dgi of app.dgis) {
        expect(dgi.problems, `${app.id} ${dgi.dgi}`).toEqual([]);
        if (dgi.complete && dgi.tree.length > 0) {
          const decoded = decodeTlv(dgi.data!);
          expect(decoded.map((node) => node.tag)).toEqual(dgi.tree.map((node) => node.tag));
        }
        if (dgi.encrypted) {
          expect(dgi.summary).toMatch(/encrypted \(KCV [0-9A-F]{6}\)$/);
          expect(dgi.bytes).toBeUndefined();
        }
      }
      // Without certificates yet, only the records holding them wait for preparation.
      const incomplete = app.dgis.filter((dgi) => !dgi.complete && !dgi.encrypted).map((dgi) => dgi.dgi);
      expect(incomplete.every((dgi) => ['0301', '0302', '9000'].includes(dgi))).toBe(true);
    }
  });
});
