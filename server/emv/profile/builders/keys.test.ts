import { describe, expect, it } from 'vitest';
import { checks } from '../checks';
import { SCRATCH } from '../testing';
import { blankProfile } from './blank';
import { cvnImplies, iccKeyFit, ridOf, setIccKey, setIssuerKey, setMasterKey, setOfflinePin } from './keys';
import { addRecord, placeElement } from './records';

const scratch = () => {
  const profile = blankProfile(SCRATCH);
  return { profile, app: profile.applications[0]! };
};
const dgis = (app: ReturnType<typeof scratch>['app']) => app.cps.dgis.map((dgi) => dgi.dgi);

describe('keys builder', () => {
  it('lists master keys in the usage table order and keeps DGI 8000/9000 on the card keys', () => {
    const { app } = scratch();
    expect(dgis(app)).toEqual(['9102', '9104', '8000', '9000']);
    setMasterKey(app, 'C0', 'none');
    setMasterKey(app, 'E1', undefined);
    expect(app.keys.masterKeys).toEqual([
      { usage: 'E0', derivation: 'option-a' },
      { usage: 'E2', derivation: 'option-a' },
      { usage: 'C0', derivation: 'none' },
    ]);
    // CPS v1.1: DGI 8000 holds the AC, SMI and SMC keys only; the CVK is not a card key.
    expect(app.cps.dgis.find((d) => d.dgi === '8000')!.content).toEqual({
      kind: 'card-master-keys',
      usages: ['E0', 'E2'],
    });
    setMasterKey(app, 'E0', 'option-b');
    expect(app.keys.masterKeys[0]).toEqual({ usage: 'E0', derivation: 'option-b' });
  });

  it('drops the card key DGIs with the last card key, and the AC key is then an error', () => {
    const { profile, app } = scratch();
    for (const usage of ['E0', 'E1', 'E2'] as const) setMasterKey(app, usage, undefined);
    expect(dgis(app)).toEqual(['9102', '9104']);
    expect(checks(profile).find((issue) => issue.code === 'ac-key-missing')?.message).toBe(
      'the application needs an issuer master key for application cryptograms (E0)',
    );
  });

  it('adds and removes the offline PIN DGIs 8010/9010 and the ICC key DGIs 8201–8205', () => {
    const { profile, app } = scratch();
    // In either order, the DGIs follow the default send order (CPS v1.1: keys, PIN, ICC key).
    setIccKey(app, { modulusBits: 1024, exponent: 65537 });
    setOfflinePin(app, 'enciphered');
    expect(dgis(app)).toEqual([
      '9102',
      '9104',
      '8000',
      '9000',
      '8010',
      '9010',
      '8201',
      '8202',
      '8203',
      '8204',
      '8205',
    ]);
    expect(checks(profile).filter((issue) => issue.code.startsWith('dgi-'))).toEqual([]);
    setOfflinePin(app, 'none');
    setIccKey(app, undefined);
    expect(dgis(app)).toEqual(['9102', '9104', '8000', '9000']);
    expect(app.keys.iccKey).toBeUndefined();
    setMasterKey(app, 'E0', undefined);
    setMasterKey(app, 'E1', undefined);
    setMasterKey(app, 'E2', undefined);
    setOfflinePin(app, 'plaintext');
    setMasterKey(app, 'E0', 'option-a');
    expect(dgis(app)).toEqual(['9102', '9104', '8000', '9000', '8010', '9010']);
    expect(checks(profile).filter((issue) => issue.code.startsWith('dgi-'))).toEqual([]);
  });

  it('keeps the issuer key and its CA index; the RID is the first 5 bytes of the AID', () => {
    const { app } = scratch();
    setIssuerKey(app, { keyLabel: 'issuer-1152', caIndex: '92', modulusBits: 1152 });
    expect(app.keys.issuerPublicKey).toEqual({ keyLabel: 'issuer-1152', caIndex: '92', modulusBits: 1152 });
    setIssuerKey(app, undefined);
    expect('issuerPublicKey' in app.keys).toBe(false);
    expect(ridOf('F0000000011010')).toBe('F000000001');
    expect(ridOf('F000')).toBeUndefined();
  });

  it('says how the ICC key fits the issuer key and the records (Book 2 6.1, Table 14)', () => {
    const { app } = scratch();
    addRecord(app, 1, 1);
    placeElement(app, 0, '9F46', { from: 'generated', item: 'icc-public-key-certificate' });
    setIssuerKey(app, { keyLabel: 'issuer', caIndex: '92', modulusBits: 1024 });
    setIccKey(app, { modulusBits: 1024, exponent: 3 });
    const fit = iccKeyFit(app);
    expect(fit.maxBits).toBe(1024);
    // 128 − (128 − 42) = 42 bytes of the ICC modulus go in 9F48.
    expect(fit.remainderBytes).toBe(42);
    expect(fit.remainderPlaced).toBe(false);
    expect(fit.problems).toEqual([
      'a 1024-bit ICC key leaves 42 bytes outside a certificate signed with a 1024-bit issuer key; place 9F48 ICC Public Key Remainder',
    ]);
    expect(fit.records).toEqual([{ sfi: 1, number: 1, bytes: 132 }]);
    setIccKey(app, { modulusBits: 1152, exponent: 3 });
    expect(iccKeyFit(app).problems[0]).toBe(
      'the ICC key (1152 bits) must not be longer than the issuer key (1024 bits), Book 2 6.1',
    );
    setIssuerKey(app, { keyLabel: 'issuer', caIndex: '92', modulusBits: 1984 });
    setIccKey(app, { modulusBits: 768, exponent: 3 });
    placeElement(app, 0, '90', { from: 'generated', item: 'issuer-public-key-certificate' });
    const big = iccKeyFit(app);
    expect(big.remainderBytes).toBe(0);
    expect(big.problems).toEqual([
      "record 1 of SFI 1 would hold about 503 bytes with these keys; a '70' template holds at most 252",
    ]);
  });

  it('says what the CVN implies', () => {
    expect(cvnImplies({ family: 'vsdc-style', cryptogram: { cvn: '12' } })).toBe(
      'CVN 18: EMV common session key: EMV common session key derivation (Book 2 A1.3), ARPC method 2',
    );
    expect(cvnImplies({ family: 'generic', cryptogram: { cvn: '99' } })).toBe(
      'CVN 99 is not one the workbench knows for generic applications',
    );
  });
});
