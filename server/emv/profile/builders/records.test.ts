import { describe, expect, it } from 'vitest';
import { checks } from '../checks';
import { parseProfile } from '../schema/document';
import { demo, SCRATCH } from '../testing';
import { blankProfile } from './blank';
import { addCvnNeeds, addDolEntry, cvnNeeds, readDol, writeDol } from './dols';
import {
  addRecord,
  moveElement,
  nextRecord,
  placeElement,
  removeElement,
  removeRecord,
  setRecordInterfaces,
  setConstantValue,
  setRecordOda,
  sourceOptions,
  syncCpsMapping,
} from './records';
import { describeAflEntry, interfaceSummaries, setOdaMethods } from './summary';

function scratchApp() {
  const profile = blankProfile(SCRATCH);
  return { profile, app: profile.applications[0]! };
}

describe('records builder', () => {
  it('maps each new record to DGI SFI ‖ record, before the responses, and drops it again', () => {
    const { app } = scratchApp();
    expect(addRecord(app, 2, 1)).toBeUndefined();
    expect(addRecord(app, 1, 1)).toBeUndefined();
    expect(addRecord(app, 1, 1)).toBe('Record 1 of SFI 1 exists already.');
    expect(addRecord(app, 31, 1)).toBe('The SFI must be a number from 1 to 30.');
    expect(addRecord(app, 1, 0)).toBe('The record number must be a number from 1 to 254.');
    expect(app.cps.dgis.map((dgi) => dgi.dgi)).toEqual(['0101', '0201', '9102', '9104', '8000', '9000']);
    expect(nextRecord(app)).toEqual({ sfi: 1, number: 2 });
    expect(nextRecord(app, 3)).toEqual({ sfi: 3, number: 1 });
    removeRecord(app, 0);
    expect(app.records.map((r) => `${r.sfi}.${r.number}`)).toEqual(['2.1']);
    expect(app.cps.dgis.map((dgi) => dgi.dgi)).toEqual(['0201', '9102', '9104', '8000', '9000']);
  });

  it('offers the sources that can fill a tag', () => {
    expect(sourceOptions('5F24', { family: 'generic' })).toEqual({
      kinds: ['card', 'cardholder', 'constant'],
      cardFields: ['expiry-date'],
      generated: [],
    });
    expect(sourceOptions('8C', { family: 'generic' }).kinds).toEqual(['template', 'cardholder', 'constant']);
    expect(sourceOptions('8C', { family: 'generic' }).section).toBe('dols.cdol1');
    expect(sourceOptions('57', { family: 'generic' }).generated).toEqual(['track2-equivalent-data']);
    expect(sourceOptions('9F54', { family: 'vsdc-style' }).section).toBe('risk.cumulativeOfflineLowerLimit');
    expect(sourceOptions('9F54', { family: 'generic' }).section).toBeUndefined();
  });

  it('computes the AFL and AIP from the records placed, the ODA marks and the ODA methods', () => {
    const { app } = scratchApp();
    addRecord(app, 1, 1);
    addRecord(app, 1, 2);
    addRecord(app, 2, 1);
    setRecordOda(app, 0, true);
    setRecordOda(app, 2, true);
    setOdaMethods(app, 'contact', ['dda', 'sda']);
    const [contact] = interfaceSummaries(app);
    // Book 3 10.2: SFI 1 records 1-2 with the first for ODA; SFI 2 record 1 for ODA.
    expect(contact!.afl).toBe('0801020110010101');
    expect(contact!.entries.map(describeAflEntry)).toEqual([
      'SFI 1, records 1–2, 1 for ODA',
      'SFI 2, record 1, 1 for ODA',
    ]);
    // Book 3 Annex C1, byte 1: b7 SDA, b6 DDA, b4 terminal risk management, b3 issuer authentication.
    expect(contact!.aip).toBe('6C00');
    expect(contact!.aipBits).toEqual([
      'SDA supported',
      'DDA supported',
      'Terminal risk management is to be performed',
      'Issuer authentication is supported',
    ]);
    expect(app.contact!.processing!.oda).toEqual(['sda', 'dda']);
  });

  it('places, moves and removes data elements', () => {
    const { app } = scratchApp();
    addRecord(app, 1, 1);
    addRecord(app, 2, 1);
    placeElement(app, 0, '5A', { from: 'cardholder', column: 'pan' });
    placeElement(app, 0, '5F24', { from: 'card', field: 'expiry-date' });
    moveElement(app, { record: 0, tlv: 1 }, 1);
    expect(app.records.map((r) => r.tlvs.map((tlv) => tlv.tag))).toEqual([['5A'], ['5F24']]);
    removeElement(app, 1, 0);
    expect(app.records[1]!.tlvs).toEqual([]);
  });

  it('changes a constant in place; the value checks report a wrong one', () => {
    const { profile, app } = scratchApp();
    addRecord(app, 1, 1);
    placeElement(app, 0, '5F34', { from: 'constant', value: '1234' });
    expect(checks(profile).find((issue) => issue.code === 'value-length')).toMatchObject({
      path: '$.applications[0].records[0].tlvs[0].source.value',
      message: '5F34 Application Primary Account Number (PAN) Sequence Number must be 1 byte, got 2',
    });
    setConstantValue(app, { record: 0, tlv: 0 }, '01');
    expect(app.records[0]!.tlvs[0]).toEqual({ tag: '5F34', source: { from: 'constant', value: '01' } });
    expect(checks(profile).filter((issue) => issue.code.startsWith('value-'))).toEqual([]);
    placeElement(app, 0, '5A', { from: 'cardholder', column: 'pan' });
    setConstantValue(app, { record: 0, tlv: 1 }, '99');
    expect(app.records[0]!.tlvs[1]!.source).toEqual({ from: 'cardholder', column: 'pan' });
  });

  it('builds a contact application the checks pass, from scratch', () => {
    const { profile, app } = scratchApp();
    addRecord(app, 1, 1);
    addRecord(app, 2, 1);
    placeElement(app, 0, '5A', { from: 'cardholder', column: 'pan' });
    placeElement(app, 0, '5F24', { from: 'card', field: 'expiry-date' });
    placeElement(app, 1, '8C', { from: 'template' });
    placeElement(app, 1, '8D', { from: 'template' });
    expect(cvnNeeds(app).filter((need) => !need.asked)).toHaveLength(8);
    addCvnNeeds(app);
    expect(readDol(app, 'cdol1')).toEqual([
      { tag: '9F02', length: 6 },
      { tag: '9F03', length: 6 },
      { tag: '9F1A', length: 2 },
      { tag: '95', length: 5 },
      { tag: '5F2A', length: 2 },
      { tag: '9A', length: 3 },
      { tag: '9C', length: 1 },
      { tag: '9F37', length: 4 },
    ]);
    addDolEntry(app, 'cdol2', '8A');
    addDolEntry(app, 'cdol2', '8A');
    expect(readDol(app, 'cdol2')).toEqual([{ tag: '8A', length: 2 }]);
    expect(parseProfile(profile).ok).toBe(true);
    expect(checks(profile)).toEqual([]);
  });

  it('reports a DOL length the dictionary does not allow, and an empty DOL is no DOL', () => {
    const { profile, app } = scratchApp();
    writeDol(app, 'cdol2', [{ tag: '8A', length: 4 }]);
    expect(checks(profile).find((issue) => issue.code === 'dol-length')).toMatchObject({
      path: '$.applications[0].dols.cdol2[0].length',
      message:
        '8D CDOL2 asks for 8A Authorisation Response Code with length 4; the element is 2 bytes, so the terminal pads or truncates it',
    });
    writeDol(app, 'cdol2', []);
    expect(app.dols).toEqual({});
  });
});

describe('syncCpsMapping', () => {
  it('leaves the mapping of every demo profile as it is', () => {
    for (const which of ['credit', 'debit', 'cpa'] as const) {
      for (const app of demo(which).applications) {
        const before = structuredClone(app.cps.dgis);
        syncCpsMapping(app);
        expect(app.cps.dgis).toEqual(before);
      }
    }
  });
});

describe('records per interface', () => {
  it('gives the contactless GPO response its own DGI once the AFLs differ', () => {
    const profile = blankProfile({ ...SCRATCH, application: { ...SCRATCH.application, interfaces: 'both' } });
    const app = profile.applications[0]!;
    addRecord(app, 1, 1);
    addRecord(app, 1, 2);
    expect(app.cps.dgis.map((dgi) => dgi.dgi)).toEqual(['0101', '0102', '9102', '9104', '8000', '9000']);
    setRecordInterfaces(app, 1, 'contact');
    expect(interfaceSummaries(app).map((s) => [s.name, s.afl])).toEqual([
      ['contact', '08010200'],
      ['contactless', '08010100'],
    ]);
    expect(app.cps.dgis.map((dgi) => dgi.dgi)).toEqual([
      '0101',
      '0102',
      '9102',
      '9104',
      '9207',
      '8000',
      '9000',
    ]);
    expect(checks(profile).filter((issue) => issue.code.startsWith('dgi-'))).toEqual([]);
    setRecordInterfaces(app, 1, undefined);
    expect(app.records[1]!.interfaces).toBeUndefined();
    expect(app.cps.dgis.map((dgi) => dgi.dgi)).toEqual(['0101', '0102', '9102', '9104', '8000', '9000']);
  });
});
