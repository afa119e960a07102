import { describe, expect, it } from 'vitest';
import { checks } from '../checks';
import { defaultCpsMapping } from '../cps-defaults';
import { demo, issuesOf } from '../testing';
import {
  addOwnDgi,
  cpsDefaultChanges,
  describeDgiContent,
  moveDgi,
  placeDgiElement,
  removeDgiElement,
  removeOwnDgi,
  renumberDgi,
  resetCpsMapping,
  setDgiEncrypted,
} from './cps-mapping';

function credit() {
  const profile = demo('credit');
  return { profile, app: profile.applications[0]! };
}
const numbers = (app: ReturnType<typeof credit>['app']) => app.cps.dgis.map((spec) => spec.dgi);
const at = (app: ReturnType<typeof credit>['app'], dgi: string) =>
  app.cps.dgis.findIndex((spec) => spec.dgi === dgi);

describe('CPS mapping builder', () => {
  it('names what each DGI of the demo credit application carries', () => {
    const { app } = credit();
    expect(app.cps.dgis.map((spec) => `${spec.dgi} ${describeDgiContent(spec, app)}`)).toEqual([
      '0101 Record 1 of SFI 1',
      '0201 Record 1 of SFI 2',
      '0202 Record 2 of SFI 2',
      '0301 Record 1 of SFI 3',
      '0302 Record 2 of SFI 3',
      '9102 SELECT response data (contact)',
      '9104 GET PROCESSING OPTIONS response data (contact)',
      expect.stringMatching(/^0D01 The application's own data: /),
      expect.stringMatching(/^0E01 The application's own data: /),
      '8000 Card master keys: MK-AC, MK-SMI, MK-SMC',
      '9000 Key check values of MK-AC, MK-SMI, MK-SMC',
      '8201 ICC private key: CRT constant q⁻¹ mod p',
      '8202 ICC private key: CRT constant d mod (q − 1)',
      '8203 ICC private key: CRT constant d mod (p − 1)',
      '8204 ICC private key: prime factor q',
      '8205 ICC private key: prime factor p',
    ]);
  });

  it('moves a DGI in the send order and refuses to move past either end', () => {
    const { app } = credit();
    expect(moveDgi(app, at(app, '9000'), at(app, '8000'))).toBeUndefined();
    expect(numbers(app).slice(9, 11)).toEqual(['9000', '8000']);
    expect(moveDgi(app, 0, -1)).toBe('DGI 0101 is sent first already.');
    expect(moveDgi(app, app.cps.dgis.length - 1, app.cps.dgis.length)).toBe('DGI 8205 is sent last already.');
    expect(moveDgi(app, 99, 0)).toBe('There is no such DGI.');
    expect(numbers(app)[0]).toBe('0101');
  });

  it('refuses to unencrypt a secret-carrying DGI, with the reason; others toggle', () => {
    const { app } = credit();
    const keys = at(app, '8000');
    expect(setDgiEncrypted(app, keys, false)).toBe(
      'DGI 8000 carries card master keys, a secret: CPS sends secret data only encrypted under the DEK session key, so it cannot be unencrypted.',
    );
    expect(app.cps.dgis[keys]!.encrypted).toBe(true);
    expect(setDgiEncrypted(app, at(app, '8201'), false)).toMatch(/a component of the ICC private key/);
    const kcv = at(app, '9000');
    expect(setDgiEncrypted(app, kcv, true)).toBeUndefined();
    expect(app.cps.dgis[kcv]!.encrypted).toBe(true);
    expect(setDgiEncrypted(app, kcv, false)).toBeUndefined();
    expect(app.cps.dgis[kcv]!.encrypted).toBe(false);
  });

  it('refuses to unencrypt an own DGI that holds a secret data element', () => {
    const { app } = credit();
    expect(addOwnDgi(app, 'a001')).toBeUndefined();
    const own = at(app, 'A001');
    expect(placeDgiElement(app, own, '9F4D', { from: 'constant', value: '0B0A' })).toBeUndefined();
    expect(app.cps.dgis[own]!.encrypted).toBe(false);
    // 99 Transaction PIN Data is the dictionary's secret element (Book 3 Annex A).
    expect(placeDgiElement(app, own, '99', { from: 'template' })).toBeUndefined();
    expect(app.cps.dgis[own]!.encrypted).toBe(true);
    expect(setDgiEncrypted(app, own, false)).toMatch(/^DGI A001 carries data element 99, a secret/);
  });

  it('renumbers key and own DGIs but not records or responses, nor onto a used number', () => {
    const { app } = credit();
    expect(renumberDgi(app, at(app, '0D01'), 'a001')).toBeUndefined();
    expect(numbers(app)).toContain('A001');
    expect(renumberDgi(app, at(app, '0101'), '0199')).toBe(
      'Record 1 of SFI 1 goes in DGI 0101 (CPS: SFI ‖ record number); change the record in the Records section.',
    );
    expect(renumberDgi(app, at(app, '9102'), '9103')).toMatch(/keeps the SELECT and GET PROCESSING OPTIONS/);
    expect(renumberDgi(app, at(app, '8000'), '9000')).toBe(
      'DGI 9000 is used already (Key check values of MK-AC, MK-SMI, MK-SMC); every DGI number is used once.',
    );
    expect(renumberDgi(app, at(app, '8000'), '0202')).toMatch(/^DGI 0202 is used already/);
    expect(renumberDgi(app, at(app, '8000'), '8G00')).toBe('A DGI number is 4 hex digits, e.g. 0D01.');
    expect(renumberDgi(app, at(app, '8000'), '8001')).toBeUndefined();
    expect(renumberDgi(app, at(app, '8001'), '8001')).toBeUndefined();
    expect(numbers(app)).toContain('8001');
    expect(renumberDgi(app, 99, '8002')).toBe('There is no such DGI.');
  });

  it('refuses a new DGI on the number of a record the template has, even when unmapped', () => {
    const { app } = credit();
    app.cps.dgis.splice(at(app, '0302'), 1);
    expect(addOwnDgi(app, '0302')).toBe(
      'DGI 0302 is the DGI of record 2 of SFI 3 (CPS: SFI ‖ record number); pick another number.',
    );
  });

  it('adds, fills and removes own DGIs; template DGIs cannot be removed', () => {
    const { profile, app } = credit();
    expect(addOwnDgi(app, 'B010')).toBeUndefined();
    expect(numbers(app).at(-1)).toBe('B010');
    expect(addOwnDgi(app, 'B010')).toMatch(/^DGI B010 is used already/);
    const own = at(app, 'B010');
    expect(placeDgiElement(app, own, '9F4D', { from: 'constant', value: '0B0A' })).toBeUndefined();
    expect(describeDgiContent(app.cps.dgis[own]!, app)).toBe("The application's own data: 9F4D Log Entry");
    expect(issuesOf(profile, 'dgi-duplicate')).toEqual([]);
    removeDgiElement(app, own, 0);
    expect(app.cps.dgis[own]!.content).toEqual({ kind: 'data', tlvs: [] });
    expect(placeDgiElement(app, at(app, '9102'), '9F4D', { from: 'template' })).toBe(
      'Data elements go only in the application’s own data DGIs.',
    );
    expect(removeOwnDgi(app, at(app, '9000'))).toBe(
      "DGI 9000 holds Key check values of MK-AC, MK-SMI, MK-SMC, which the template needs; only the application's own data DGIs are removed here.",
    );
    expect(removeOwnDgi(app, own)).toBeUndefined();
    expect(numbers(app)).not.toContain('B010');
  });

  it('says what a reset to the CPS defaults changes, then resets with no check failing', () => {
    const { profile, app } = credit();
    expect(moveDgi(app, at(app, '9000'), at(app, '8000'))).toBeUndefined();
    expect(renumberDgi(app, at(app, '8000'), '8001')).toBeUndefined();
    expect(setDgiEncrypted(app, at(app, '9000'), true)).toBeUndefined();
    const changes = cpsDefaultChanges(app);
    expect(changes).toEqual([
      expect.stringMatching(/^DGI 0D01 \(The application's own data: .*\) is removed$/),
      expect.stringMatching(/^DGI 0E01 \(The application's own data: .*\) is removed$/),
      'DGI 8001 (Card master keys: MK-AC, MK-SMI, MK-SMC) is removed',
      'DGI 8000 (Card master keys: MK-AC, MK-SMI, MK-SMC) is added',
      'DGI 9000 is sent in clear',
      'send order: 0101 0201 0202 0301 0302 9102 9104 0D01 0E01 9000 8001 8201 8202 8203 8204 8205 → 0101 0201 0202 0301 0302 9102 9104 8000 9000 8201 8202 8203 8204 8205',
    ]);
    resetCpsMapping(app);
    expect(app.cps.dgis).toEqual(defaultCpsMapping(app));
    expect(cpsDefaultChanges(app)).toEqual([]);
    expect(checks(profile).filter((issue) => issue.severity === 'error')).toEqual([]);
  });
});
