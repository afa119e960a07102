import { describe, expect, it } from 'vitest';
import { prepareTestCard, sdaCreditProfile } from '../terminal/testing';
import { checkPreparedApplication } from './prepared-checks';
import { staticDataToSign } from './static-data';
import { demo } from './testing';

const profiles = {
  'credit DDA': () => demo('credit'),
  'debit CDA': () => demo('debit'),
  'CPA contact and contactless': () => demo('cpa'),
  'credit SDA': sdaCreditProfile,
};

describe('checks of a prepared application', () => {
  for (const [name, profile] of Object.entries(profiles)) {
    it(`finds nothing wrong with a well prepared card (${name})`, () => {
      const card = prepareTestCard(profile());
      expect(checkPreparedApplication(card.app, card.built)).toEqual([]);
    });
  }

  it('names the record an AFL points at when its DGI is missing', () => {
    const card = prepareTestCard(demo('credit'));
    const built = card.built.filter((d) => d.dgi !== '0202');
    const problems = checkPreparedApplication(card.app, built);
    expect(problems).toContain(
      'the AFL in DGI 9104 points at record 2 of SFI 2, which the card does not get (DGI 0202)',
    );
    expect(problems[0]).toMatch(/^the DGIs are 0101, 0201, 0301/);
  });

  it('refuses an encrypted DGI that is not whole 8-byte blocks', () => {
    const card = prepareTestCard(demo('credit'));
    const built = card.built.map((d) => (d.dgi === '8000' ? { ...d, data: d.data!.slice(0, -2) } : d));
    expect(checkPreparedApplication(card.app, built)).toEqual([
      expect.stringMatching(
        /^DGI 8000 .* is encrypted but holds 47 bytes, not a whole number of 8-byte blocks$/,
      ),
    ]);
  });

  it('reports a DGI without data', () => {
    const card = prepareTestCard(demo('credit'));
    const built = card.built.map((d) =>
      d.dgi === '9000' ? { ...d, complete: false, data: undefined, problems: [] } : d,
    );
    expect(checkPreparedApplication(card.app, built)).toEqual([
      expect.stringMatching(/^DGI 9000 .* has no data$/),
    ]);
  });
});

describe('the static data to be authenticated (Book 3 10.3)', () => {
  it('is the ODA records of the AFL, then the AIP when 9F4A lists it', () => {
    const card = prepareTestCard(demo('credit'));
    const signed = staticDataToSign(card.built);
    expect(signed.records.length).toBeGreaterThan(0);
    expect(signed.bytes.subarray(-2).toString('hex').toUpperCase()).toBe(signed.aip);
  });

  it('says which record is missing', () => {
    const card = prepareTestCard(demo('credit'));
    const first = staticDataToSign(card.built).records[0]!;
    const dgi = `${first.sfi.toString(16).padStart(2, '0')}${first.record.toString(16).padStart(2, '0')}`;
    expect(() => staticDataToSign(card.built.filter((d) => d.dgi !== dgi.toUpperCase()))).toThrow(
      `the AFL signs record ${first.record} of SFI ${first.sfi}, but DGI ${dgi.toUpperCase()} is missing or incomplete`,
    );
  });
});
