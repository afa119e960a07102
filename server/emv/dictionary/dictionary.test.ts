import { describe, expect, it } from 'vitest';
import * as interim from '../data-dictionary';
import {
  allDataElements,
  dataElement,
  dataElementMeanings,
  searchDataElements,
  tagLabel,
  tagName,
} from './dictionary';
import { BOOK3_ROWS } from './book3-elements';

describe('dataElement', () => {
  it('finds a Book 3 element by tag, case-insensitively, with its full definition', () => {
    expect(dataElement('9f08')).toEqual({
      tag: '9F08',
      name: 'Application Version Number',
      format: 'b',
      length: 2,
      constructed: false,
      source: 'card',
      templates: ['70', '77'],
      family: 'emv',
      spec: 'EMV 4.4 Book 3 Annex A',
    });
  });

  it('returns undefined for a tag nobody defines', () => {
    expect(dataElement('DF7F')).toBeUndefined();
    expect(tagName('DF7F')).toBe('Unknown tag DF7F');
  });

  it('marks constructed tags from bit 6 of the first byte', () => {
    expect(dataElement('70')?.constructed).toBe(true);
    expect(dataElement('BF0C')?.constructed).toBe(true);
    expect(dataElement('80')?.constructed).toBe(false);
  });

  it('answers with the meaning of the family asked for', () => {
    expect(tagName('9F66')).toBe('Terminal Transaction Qualifiers (TTQ)');
    expect(tagName('9F66', 'mchip-style')).toBe('Track 2 Bit Map for UN and ATC (PUNATCTRACK2)');
    expect(tagName('9F6C', 'vsdc-style')).toBe('Card Transaction Qualifiers (CTQ)');
    expect(tagName('9F6C', 'mchip-style')).toBe('Mag-stripe Application Version Number (Card)');
    expect(tagName('9F50', 'cpa')).toBe('Offline Balance');
    expect(tagName('C3', 'vsdc-style')).toBe('Unknown tag C3');
    expect(tagName('5A', 'cpa')).toBe('Application Primary Account Number (PAN)');
  });

  it('lists every meaning of an overloaded tag, the common one first', () => {
    expect(dataElementMeanings('9F6C').map((element) => element.family)).toEqual([
      'contactless',
      'mchip-style',
    ]);
  });

  it('labels a tag for messages', () => {
    expect(tagLabel('8e')).toBe('8E Cardholder Verification Method (CVM) List');
  });

  it('marks cardholder data and secrets', () => {
    expect(dataElement('5A')?.cardholderData).toBe(true);
    expect(dataElement('99')?.secret).toBe(true);
    expect(dataElement('9F08')?.cardholderData).toBeUndefined();
  });
});

describe('the Book 3 table', () => {
  it('has no duplicate tag and only well-formed tags', () => {
    const tags = BOOK3_ROWS.map((row) => row[0]);
    expect(new Set(tags).size).toBe(tags.length);
    for (const tag of tags) expect(tag).toMatch(/^([0-9A-F]{2}){1,2}$/);
    expect(tags.length).toBe(126);
  });

  it('is a superset of the interim dictionary with the same formats and lengths', () => {
    for (const old of interim.allDataElements()) {
      const element = dataElement(old.tag);
      expect(element, old.tag).toBeDefined();
      expect(element?.format, old.tag).toBe(old.format);
    }
  });

  it('has a length range whose minimum does not exceed its maximum', () => {
    for (const element of allDataElements()) {
      if (typeof element.length !== 'number') {
        expect(element.length[0], element.tag).toBeLessThanOrEqual(element.length[1]);
      }
    }
  });
});

describe('searchDataElements', () => {
  it('puts the exact tag first, then tags that start with the query', () => {
    const found = searchDataElements('9f4').map((element) => element.tag);
    expect(found.slice(0, 3)).toEqual(['9F40', '9F41', '9F42']);
  });

  it('finds names by substring, case-insensitively', () => {
    expect(searchDataElements('issuer action code', { family: 'emv' }).map((element) => element.tag)).toEqual(
      ['9F0D', '9F0E', '9F0F'],
    );
  });

  it('searches one family and honours the limit', () => {
    expect(
      searchDataElements('card issuer action code', { family: 'mchip-style' }).map((e) => e.tag),
    ).toEqual(['C3', 'C4', 'C5', 'CD', 'CE', 'CF']);
    expect(searchDataElements('', { limit: 3 })).toHaveLength(3);
  });

  it('returns nothing for a query that matches nothing', () => {
    expect(searchDataElements('no such element')).toEqual([]);
  });
});
