import { describe, expect, it } from 'vitest';
import { addMonths, effectiveDateOf, expiryDateOf, expiryYymmdd, isValidYymmdd } from './dates';
import { longestRendering, previewSurface, renderEmbossing, unknownPlaceholders } from './surface';
import { demo, MADE_UP_CARDHOLDER } from './testing';
import {
  buildTrack1,
  buildTrack2,
  buildTrack2Equivalent,
  trackLayoutProblems,
  type TrackInputs,
} from './tracks';

const inputs: TrackInputs = {
  pan: '9999010000000011',
  expiry: '2903',
  serviceCode: '201',
  name: 'Doe/Jane',
  row: { discretionary: '42' },
  verificationValues: { cvv: '123', icvv: '456', pvv: '7890', pvki: '1' },
};

describe('dates', () => {
  it('effective date is the preparation month, expiry N months later, on its last day', () => {
    const card = demo('credit').card;
    expect(effectiveDateOf(card, '2026-03-15', {})).toEqual({ year: 2026, month: 3 });
    expect(expiryDateOf(card, '2026-03-15', {})).toEqual({ year: 2029, month: 3 });
    expect(expiryYymmdd({ year: 2028, month: 2 })).toBe('280229');
    expect(addMonths({ year: 2026, month: 11 }, 3)).toEqual({ year: 2027, month: 2 });
  });

  it('reads YYMM from the file and refuses a bad month', () => {
    const card = demo('debit').card;
    expect(expiryDateOf(card, '2026-03-15', { expiry: '2903' })).toEqual({ year: 2029, month: 3 });
    expect(() => expiryDateOf(card, '2026-03-15', { expiry: '2913' })).toThrow(
      'column expiry has month 13, which is not 01 to 12',
    );
    expect(() => effectiveDateOf(card, '15/03/2026', {})).toThrow(
      'preparation date must be YYYY-MM-DD, got "15/03/2026"',
    );
  });

  it('validates YYMMDD', () => {
    expect(isValidYymmdd('280229')).toBe(true);
    expect(isValidYymmdd('270229')).toBe(false);
    expect(isValidYymmdd('2702')).toBe(false);
  });
});

describe('tracks (ISO/IEC 7813)', () => {
  // The debit demo places PVKI and PVV (it has PIN blocks); the credit demo has no PINs, so no PVV.
  const card = demo('debit').card;

  it('lays out track 2, track 1 and the chip equivalent with CVV, PVV and iCVV where the template says', () => {
    expect(buildTrack2(card, inputs)).toEqual({
      text: '9999010000000011=29032011789012300000',
      complete: true,
    });
    expect(buildTrack1(card, inputs)).toEqual({
      text: 'B9999010000000011^DOE/JANE^290320117890123000000',
      complete: true,
    });
    expect(buildTrack2Equivalent(card, inputs)).toEqual({
      text: '9999010000000011D29032011789045600000F',
      complete: true,
    });
  });

  it('marks missing generated values with *', () => {
    expect(buildTrack2(card, { ...inputs, verificationValues: { pvki: '1', pvv: '7890' } })).toEqual({
      text: '9999010000000011=290320117890***00000',
      complete: false,
    });
  });

  it('reports layouts that overflow a track', () => {
    expect(trackLayoutProblems(card)).toEqual([]);
    const long = demo('debit').card;
    long.constants.panLength = 19;
    long.surface.track1.discretionary.push({ field: 'column', length: 10 });
    expect(trackLayoutProblems(long)).toEqual([
      {
        track: 'track2',
        message: 'Track 2 would be 40 characters with a 19-digit PAN; ISO/IEC 7813 allows 37',
      },
      {
        track: 'track1',
        message:
          'Track 1 would be 79 characters with a 19-digit PAN and a 26-character name; ISO/IEC 7813 allows 76',
      },
      {
        track: 'chipTrack2',
        message: '57 Track 2 Equivalent Data would be 20 bytes with a 19-digit PAN; EMV allows 19',
      },
      { track: 'track1', message: 'discretionary field 5 takes a column but names none' },
    ]);
  });
});

describe('previewSurface', () => {
  it('reports a bad row instead of throwing', () => {
    const card = demo('debit').card;
    const row = { ...MADE_UP_CARDHOLDER, cardholder: { ...MADE_UP_CARDHOLDER.cardholder, expiry: '29-3' } };
    expect(previewSurface(card, row)).toEqual({
      embossing: [],
      problems: ['column expiry must be YYMM, got "29-3"'],
    });
    expect(previewSurface(card, MADE_UP_CARDHOLDER).track2).toEqual({
      text: '9999010000000011=29032211789012300000',
      complete: true,
    });
  });
});

describe('embossing', () => {
  it('renders the placeholders', () => {
    expect(renderEmbossing(demo('credit').card, MADE_UP_CARDHOLDER)).toEqual([
      { name: 'PAN', text: '9999 0100 0000 0011' },
      { name: 'Validity', text: 'VALID THRU 03/29' },
      { name: 'Cardholder', text: 'DOE/JANE' },
    ]);
  });

  it('knows its placeholders and the longest text a line can take', () => {
    expect(unknownPlaceholders('{pan4} {name} {column:branch} {PAN}')).toEqual(['{PAN}']);
    expect(longestRendering('{pan4}', 16)).toBe(19);
    expect(longestRendering('{pan4}', 19)).toBe(23);
    expect(longestRendering('VALID THRU {expiry}', 16)).toBe(16);
  });
});
