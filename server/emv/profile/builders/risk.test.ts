import { describe, expect, it } from 'vitest';
import { checks } from '../checks';
import { SCRATCH } from '../testing';
import { blankProfile } from './blank';
import { addRecord } from './records';
import { riskTags, setRiskLimit } from './risk';

const scratch = (family: 'generic' | 'vsdc-style' | 'mchip-style') => {
  const profile = blankProfile({ ...SCRATCH, application: { ...SCRATCH.application, family } });
  return { profile, app: profile.applications[0]! };
};

describe('offline risk parameters', () => {
  it('knows which tags carry each limit in each family', () => {
    expect(riskTags({ family: 'generic' }, 'lowerConsecutiveOfflineLimit')).toEqual(['9F14']);
    expect(riskTags({ family: 'vsdc-style' }, 'lowerConsecutiveOfflineLimit')).toEqual(['9F14', '9F58']);
    expect(riskTags({ family: 'vsdc-style' }, 'cumulativeOfflineUpperLimit')).toEqual(['9F5C']);
    expect(riskTags({ family: 'mchip-style' }, 'cumulativeOfflineLowerLimit')).toEqual(['CA']);
    expect(riskTags({ family: 'generic' }, 'cumulativeOfflineLowerLimit')).toEqual([]);
  });

  it('places 9F14 in a record and the VSDC-style counter in DGI 0D01, and takes them out again', () => {
    const { profile, app } = scratch('vsdc-style');
    addRecord(app, 1, 1);
    addRecord(app, 1, 2);
    setRiskLimit(app, 'lowerConsecutiveOfflineLimit', 5);
    setRiskLimit(app, 'upperConsecutiveOfflineLimit', 10);
    setRiskLimit(app, 'cumulativeOfflineUpperLimit', 50000);
    expect(app.risk).toMatchObject({
      lowerConsecutiveOfflineLimit: 5,
      upperConsecutiveOfflineLimit: 10,
      cumulativeOfflineUpperLimit: 50000,
    });
    expect(app.records[1]!.tlvs).toEqual([
      { tag: '9F14', source: { from: 'template' } },
      { tag: '9F23', source: { from: 'template' } },
    ]);
    expect(app.cps.dgis.map((dgi) => dgi.dgi)).toEqual([
      '0101',
      '0102',
      '9102',
      '9104',
      '0D01',
      '8000',
      '9000',
    ]);
    const internal = app.cps.dgis[4]!.content;
    expect(internal.kind === 'data' && internal.tlvs.map((tlv) => tlv.tag)).toEqual(['9F58', '9F59', '9F5C']);
    expect(
      checks(profile).filter((issue) => issue.code.startsWith('risk') || issue.code === 'template-source'),
    ).toEqual([]);

    setRiskLimit(app, 'lowerConsecutiveOfflineLimit', undefined);
    expect(app.risk.lowerConsecutiveOfflineLimit).toBeUndefined();
    expect(app.records[1]!.tlvs.map((tlv) => tlv.tag)).toEqual(['9F23']);
    expect(internal.kind === 'data' && internal.tlvs.map((tlv) => tlv.tag)).toEqual(['9F59', '9F5C']);
  });

  it('warns when a limit is set but nothing carries it', () => {
    const { profile, app } = scratch('generic');
    setRiskLimit(app, 'lowerConsecutiveOfflineLimit', 3);
    setRiskLimit(app, 'cumulativeOfflineLowerLimit', 100);
    const risk = checks(profile).filter((issue) => issue.code === 'risk-not-placed');
    expect(risk.map((issue) => [issue.path, issue.message])).toEqual([
      [
        '$.applications[0].risk.lowerConsecutiveOfflineLimit',
        'Lower consecutive offline limit is set, but no record or DGI holds 9F14 Lower Consecutive Offline Limit, so the card never gets it; place 9F14 with the source "template"',
      ],
      [
        '$.applications[0].risk.cumulativeOfflineLowerLimit',
        'Lower cumulative offline amount is set, but no data element of generic applications carries it; it is not personalized',
      ],
    ]);
  });

  it('reports limits in the wrong order', () => {
    const { profile, app } = scratch('mchip-style');
    addRecord(app, 1, 1);
    setRiskLimit(app, 'lowerConsecutiveOfflineLimit', 9);
    setRiskLimit(app, 'upperConsecutiveOfflineLimit', 4);
    expect(checks(profile).find((issue) => issue.code === 'offline-limits')?.message).toBe(
      'the lower consecutive offline limit (9) is above the upper one (4)',
    );
  });
});

describe('M/Chip-style risk data', () => {
  it('puts the cumulative amounts CA and CB in DGI A001', () => {
    const { app } = scratch('mchip-style');
    setRiskLimit(app, 'cumulativeOfflineLowerLimit', 1000);
    setRiskLimit(app, 'cumulativeOfflineUpperLimit', 5000);
    const spec = app.cps.dgis.find((dgi) => dgi.dgi === 'A001')!;
    expect(spec.encrypted).toBe(false);
    expect(spec.content).toEqual({
      kind: 'data',
      tlvs: [
        { tag: 'CA', source: { from: 'template' } },
        { tag: 'CB', source: { from: 'template' } },
      ],
    });
  });
});
