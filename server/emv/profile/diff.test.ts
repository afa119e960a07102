import { describe, expect, it } from 'vitest';
import { diffProfiles } from './diff';
import { demo } from './testing';

describe('diffProfiles', () => {
  it('reports no change between equal profiles, nor for reordered records and tags', () => {
    const b = demo('credit');
    b.applications[0]!.records.reverse();
    b.applications[0]!.records[0]!.tlvs.reverse();
    expect(diffProfiles(demo('credit'), b)).toEqual([]);
  });

  it('names changes by tag, bit and record, not by hex or index', () => {
    const a = demo('credit');
    const b = demo('credit');
    const app = b.applications[0]!;
    app.identity.label = 'DEMO GOLD';
    app.actionCodes.denial.push('expired-application');
    app.actionCodes.online = app.actionCodes.online.filter((bit) => bit !== 'merchant-forced-online');
    app.records[2]!.tlvs[3] = { tag: '5F30', source: { from: 'constant', value: '201' } };
    app.dols.cdol1!.push({ tag: '9F35', length: 1 });
    app.records.push({
      sfi: 4,
      number: 1,
      oda: false,
      tlvs: [{ tag: '9F05', source: { from: 'constant', value: '01' } }],
    });
    app.cps.dgis.splice(0, 0, app.cps.dgis.splice(5, 1)[0]!);
    b.card.constants.serviceCode = '221';
    const app0 = 'Demo credit (VSDC-style, DDA) (credit-dda)';
    expect(diffProfiles(a, b).map((change) => change.message)).toEqual([
      `${app0} › Application Label (50): DEMO CREDIT → DEMO GOLD`,
      `${app0} › record 2 of SFI 2 › Service Code (5F30): from card template field service-code → constant "201"`,
      `${app0} › Issuer Action Code - Online (9F0F): removed (Merchant forced transaction online)`,
      `${app0} › send order: 0101 0201 0202 0301 0302 9102 9104 0D01 0E01 8000 9000 8201 8202 8203 8204 8205 → 9102 0101 0201 0202 0301 0302 9104 0D01 0E01 8000 9000 8201 8202 8203 8204 8205`,
      'card › constants › Service Code (5F30): 201 → 221',
      `${app0} › record 1 of SFI 4: added (1 data objects)`,
      `${app0} › Card Risk Management Data Object List 1 (CDOL1) (8C) › Terminal Type (9F35): added (length 1)`,
      `${app0} › Issuer Action Code - Denial (9F0E): added (Expired application)`,
    ]);
  });

  it('gives before and after for a changed value, and one change for a removed DGI', () => {
    const b = demo('debit');
    b.applications[0]!.keys.pin.tryLimit = 5;
    b.applications[0]!.cps.dgis = b.applications[0]!.cps.dgis.filter((dgi) => dgi.dgi !== '8010');
    expect(diffProfiles(demo('debit'), b)).toEqual([
      {
        kind: 'changed',
        where: 'Demo debit (M/Chip-style, CDA, offline PIN) (debit-cda) › keys › pin › tryLimit',
        before: '3',
        after: '5',
        message: 'Demo debit (M/Chip-style, CDA, offline PIN) (debit-cda) › keys › pin › tryLimit: 3 → 5',
      },
      {
        kind: 'removed',
        where: 'Demo debit (M/Chip-style, CDA, offline PIN) (debit-cda) › DGI 8010',
        before: 'offline-pin-block, encrypted',
        message:
          'Demo debit (M/Chip-style, CDA, offline PIN) (debit-cda) › DGI 8010: removed (offline-pin-block, encrypted)',
      },
      expect.objectContaining({
        kind: 'changed',
        where: 'Demo debit (M/Chip-style, CDA, offline PIN) (debit-cda) › send order',
      }),
    ]);
  });
});
