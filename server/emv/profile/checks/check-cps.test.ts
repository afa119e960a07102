import { describe, expect, it } from 'vitest';
import { defaultCpsMapping } from '../cps-defaults';
import { demo, issuesOf } from '../testing';

type Profile = ReturnType<typeof demo>;
const messages = (profile: Profile, code: string) => issuesOf(profile, code).map((i) => [i.path, i.message]);
const open = (which: 'credit' | 'debit' | 'cpa') => {
  const profile = demo(which);
  return { profile, app: profile.applications[0]!, dgis: profile.applications[0]!.cps.dgis };
};
const indexOf = (dgis: ReturnType<typeof open>['dgis'], dgi: string) =>
  dgis.findIndex((spec) => spec.dgi === dgi);

describe('CPS mapping checks', () => {
  it('dgi-duplicate', () => {
    const { profile, dgis } = open('credit');
    dgis.push(structuredClone(dgis[indexOf(dgis, '9102')]!));
    expect(messages(profile, 'dgi-duplicate')).toEqual([
      ['$.applications[0].cps.dgis[16].dgi', 'DGI 9102 is mapped twice (also at dgis[5])'],
    ]);
    expect(issuesOf(demo('credit'), 'dgi-duplicate')).toEqual([]);
  });

  it('dgi-not-encrypted: secrets travel encrypted', () => {
    const { profile, dgis } = open('credit');
    dgis[indexOf(dgis, '8000')]!.encrypted = false;
    dgis[indexOf(dgis, '8203')]!.encrypted = false;
    expect(issuesOf(profile, 'dgi-not-encrypted')).toEqual([
      {
        path: '$.applications[0].cps.dgis[9].encrypted',
        severity: 'error',
        code: 'dgi-not-encrypted',
        message: 'DGI 8000 carries secret data (card-master-keys) and must be marked encrypted',
      },
      {
        path: '$.applications[0].cps.dgis[13].encrypted',
        severity: 'error',
        code: 'dgi-not-encrypted',
        message: 'DGI 8203 carries secret data (icc-private-key) and must be marked encrypted',
      },
    ]);
    expect(issuesOf(demo('credit'), 'dgi-not-encrypted')).toEqual([]);
  });

  it('dgi-not-encrypted: also for application DGIs holding a secret data element', () => {
    const { profile, dgis } = open('credit');
    dgis.push({
      dgi: 'B002',
      encrypted: false,
      content: { kind: 'data', tlvs: [{ tag: '99', source: { from: 'constant', value: '0123' } }] },
    });
    expect(messages(profile, 'dgi-not-encrypted')).toEqual([
      [
        '$.applications[0].cps.dgis[16].encrypted',
        'DGI B002 carries secret data (data) and must be marked encrypted',
      ],
    ]);
    dgis.at(-1)!.encrypted = true;
    expect(issuesOf(profile, 'dgi-not-encrypted')).toEqual([]);
  });

  it('dgi-record-number: records go in DGI SFI ‖ record', () => {
    const { profile, dgis } = open('credit');
    dgis[1]!.dgi = '0210';
    expect(messages(profile, 'dgi-record-number')).toEqual([
      [
        '$.applications[0].cps.dgis[1].dgi',
        'record 1 of SFI 2 goes in DGI 0201 (SFI ‖ record number), not 0210',
      ],
    ]);
    expect(issuesOf(demo('credit'), 'dgi-record-number')).toEqual([]);
  });

  it('dgi-record-unknown and dgi-record-unmapped', () => {
    const { profile, dgis } = open('credit');
    dgis[0] = { dgi: '0501', encrypted: false, content: { kind: 'record', sfi: 5, number: 1 } };
    expect(messages(profile, 'dgi-record-unknown')).toEqual([
      [
        '$.applications[0].cps.dgis[0].content',
        'DGI 0501 maps record 1 of SFI 5, which the template does not have',
      ],
    ]);
    expect(messages(profile, 'dgi-record-unmapped')).toEqual([
      ['$.applications[0].records[0]', 'record 1 of SFI 1 is in no DGI; map it to DGI 0101'],
    ]);
    expect(issuesOf(demo('credit'), 'dgi-record-unknown')).toEqual([]);
    expect(issuesOf(demo('credit'), 'dgi-record-unmapped')).toEqual([]);
  });

  it('dgi-interface', () => {
    const { profile, dgis } = open('credit');
    dgis.push({
      dgi: '9103',
      encrypted: false,
      content: { kind: 'select-response', interface: 'contactless' },
    });
    expect(messages(profile, 'dgi-interface')).toEqual([
      [
        '$.applications[0].cps.dgis[16].content.interface',
        'DGI 9103 holds contactless data, but the application does not have that interface',
      ],
    ]);
    expect(issuesOf(demo('cpa'), 'dgi-interface')).toEqual([]);
  });

  it('dgi-key-unknown', () => {
    const { profile, dgis } = open('credit');
    const keys = dgis[indexOf(dgis, '8000')]!.content;
    if (keys.kind === 'card-master-keys') keys.usages = ['E0', 'E3'];
    expect(messages(profile, 'dgi-key-unknown')).toEqual([
      [
        '$.applications[0].cps.dgis[9].content.usages',
        'DGI 8000 holds a E3 key, which keys.masterKeys does not list',
      ],
    ]);
    expect(issuesOf(demo('credit'), 'dgi-key-unknown')).toEqual([]);
  });

  it('dgi-missing: responses, keys, PIN and ICC key DGIs the template needs', () => {
    const { profile, app } = open('debit');
    app.cps.dgis = app.cps.dgis.filter(
      (spec) => !['9102', '9104', '8000', '9000', '8010', '9010', '8201'].includes(spec.dgi),
    );
    expect(messages(profile, 'dgi-missing')).toEqual([
      ['$.applications[0].cps.dgis', 'no DGI holds the contact SELECT response data (CPS: 9102)'],
      [
        '$.applications[0].cps.dgis',
        'no DGI holds the contact GET PROCESSING OPTIONS response data (CPS: 9104)',
      ],
      [
        '$.applications[0].cps.dgis',
        'no DGI holds the card master key for application cryptograms (CPS: 8000)',
      ],
      ['$.applications[0].cps.dgis', 'offline PIN is on but no DGI holds the PIN block (CPS: 8010)'],
      [
        '$.applications[0].cps.dgis',
        'offline PIN is on but no DGI holds the PIN Try Counter and Limit (CPS: 9010)',
      ],
      [
        '$.applications[0].cps.dgis',
        'the ICC key is configured but no DGI holds its CRT constant q-inverse-mod-p (CPS: 8201–8205)',
      ],
    ]);
    expect(issuesOf(demo('debit'), 'dgi-missing')).toEqual([]);
  });

  it('dgi-missing: contactless needs its own GPO DGI when its AIP or AFL differ', () => {
    const { profile, app } = open('cpa');
    app.cps.dgis = app.cps.dgis.filter((spec) => spec.dgi !== '9207');
    expect(messages(profile, 'dgi-missing')).toEqual([
      [
        '$.applications[0].cps.dgis',
        'no DGI holds the contactless GET PROCESSING OPTIONS response data (CPS: 9104)',
      ],
    ]);
    expect(issuesOf(demo('cpa'), 'dgi-missing')).toEqual([]);
  });

  it('dgi-unneeded', () => {
    const { profile, app } = open('credit');
    app.cps.dgis.push({ dgi: '8010', encrypted: true, content: { kind: 'offline-pin-block' } });
    expect(messages(profile, 'dgi-unneeded')).toEqual([
      ['$.applications[0].cps.dgis', 'a DGI holds an offline PIN block but the PIN option is "none"'],
    ]);
    expect(issuesOf(demo('credit'), 'dgi-unneeded')).toEqual([]);
  });

  it('the ICC private key DGIs follow keys.iccKey.privateKeyForm', () => {
    const { profile, app } = open('credit');
    app.keys.iccKey!.privateKeyForm = 'modulus-exponent';
    const crtAt = app.cps.dgis
      .map((spec, i) => [spec.dgi, i] as const)
      .filter(([dgi]) => dgi >= '8201' && dgi <= '8205');
    expect(messages(profile, 'dgi-missing')).toEqual([
      [
        '$.applications[0].cps.dgis',
        'the ICC key is configured in modulus-exponent form but no DGI holds its modulus (CPS: 8101, 8103)',
      ],
      [
        '$.applications[0].cps.dgis',
        'the ICC key is configured in modulus-exponent form but no DGI holds its private-exponent (CPS: 8101, 8103)',
      ],
    ]);
    expect(messages(profile, 'dgi-unneeded').map(([path]) => path)).toEqual(
      crtAt.map(([, i]) => `$.applications[0].cps.dgis[${i}].content.component`),
    );
    expect(messages(profile, 'dgi-unneeded')[0]![1]).toBe(
      "DGI 8201 holds the ICC private key's q-inverse-mod-p, which the modulus-exponent form (keys.iccKey.privateKeyForm) does not use: map the DGIs of that form in cps.dgis (CPS: 8201–8205 for CRT, 8101 and 8103 for modulus-exponent) or change the form",
    );
    app.cps.dgis = defaultCpsMapping(app);
    expect(issuesOf(profile, 'dgi-missing')).toEqual([]);
    expect(issuesOf(profile, 'dgi-unneeded')).toEqual([]);
    expect(app.cps.dgis.filter((spec) => spec.content.kind === 'icc-private-key')).toEqual([
      { dgi: '8101', encrypted: true, content: { kind: 'icc-private-key', component: 'private-exponent' } },
      { dgi: '8103', encrypted: true, content: { kind: 'icc-private-key', component: 'modulus' } },
    ]);
  });
});
