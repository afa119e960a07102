import { describe, expect, it } from 'vitest';
import { checks } from '../checks';
import { parseProfile, type ProfileDocument } from '../schema/document';
import { addApplication, moveApplication, removeApplication } from './applications';
import { SCRATCH } from '../testing';
import { applicationId, blankProfile } from './blank';
import { setFamily, setInterfaces } from './identity';

const codes = (profile: ProfileDocument) =>
  checks(profile).map(
    (issue) => `${issue.severity} ${issue.code} ${issue.path}${issue.tag ? ` ${issue.tag}` : ''}`,
  );

describe('blankProfile', () => {
  it('is a valid profile document whose checks say what the application lacks', () => {
    const profile = blankProfile(SCRATCH);
    expect(parseProfile(profile).ok).toBe(true);
    expect(codes(profile)).toEqual([
      'error afl-empty $.applications[0].records',
      'error cdol-missing $.applications[0].dols 8C',
      'error cdol-missing $.applications[0].dols 8D',
    ]);
  });

  it('follows ISO/IEC 7813 and the CPS default mapping at card level', () => {
    const profile = blankProfile(SCRATCH);
    expect(profile.card.constants).toMatchObject({
      binRange: { low: '99990100', high: '99990100' },
      issuerIdentificationNumber: '999901',
      serviceCode: '201',
    });
    expect(profile.card.directories).toEqual({ pse: true, ppse: false });
    const app = profile.applications[0]!;
    expect(app.id).toBe('scratch-credit');
    expect(app.identity).toEqual({
      aid: 'F0000000011010',
      label: 'SCRATCH CREDIT',
      applicationVersion: '0001',
    });
    expect(app.cryptogram.cvn).toBe('A5');
    expect(app.cps.dgis.map((dgi) => dgi.dgi)).toEqual(['9102', '9104', '8000', '9000']);
  });

  it('makes ids unique slugs and labels that format ans allows', () => {
    expect(applicationId('Débit / ATM 2027', [])).toBe('d-bit-atm-2027');
    expect(applicationId('Credit', ['credit', 'credit-2'])).toBe('credit-3');
    const profile = blankProfile({
      ...SCRATCH,
      application: { ...SCRATCH.application, name: 'Crédit+Visa-style application' },
    });
    expect(profile.applications[0]!.identity.label).toBe('CR DIT VISA STYL');
  });
});

describe('the applications of a card', () => {
  it('adds a blank application; a duplicated AID is an error until the identity changes', () => {
    const profile = blankProfile(SCRATCH);
    const second = addApplication(profile, {
      name: 'Scratch credit',
      aid: 'F0000000011010',
      family: 'mchip-style',
      interfaces: 'contactless',
    });
    expect(second.id).toBe('scratch-credit-2');
    expect(profile.card.applications).toEqual(['scratch-credit', 'scratch-credit-2']);
    expect(profile.card.directories).toEqual({ pse: true, ppse: true });
    expect(profile.applications.map((app) => app.identity.priority?.value)).toEqual([1, 2]);
    expect(second.cryptogram.cvn).toBe('10');
    expect(second.contactless?.processing).toBeDefined();
    expect(codes(profile)).toContain('error aid-duplicate $.applications[1].identity.aid 4F');
    second.identity.aid = 'F0000000041010';
    expect(codes(profile).filter((code) => code.includes('aid-duplicate'))).toEqual([]);
  });

  it('reorders the card and renumbers the priorities; the last application stays', () => {
    const profile = blankProfile(SCRATCH);
    addApplication(profile, {
      name: 'Debit',
      aid: 'F0000000041010',
      family: 'generic',
      interfaces: 'contact',
    });
    profile.applications[0]!.identity.priority!.cardholderConfirmation = true;
    moveApplication(profile, 1, 0);
    expect(profile.card.applications).toEqual(['debit', 'scratch-credit']);
    expect(profile.applications.map((app) => app.identity.priority)).toEqual([
      { value: 1, cardholderConfirmation: false },
      { value: 2, cardholderConfirmation: true },
    ]);
    removeApplication(profile, 0);
    expect(profile.card.applications).toEqual(['scratch-credit']);
    expect(profile.applications[0]!.identity.priority?.value).toBe(1);
    removeApplication(profile, 0);
    expect(profile.applications).toHaveLength(1);
  });

  it('moves an application to contactless with its data and its response DGIs', () => {
    const profile = blankProfile(SCRATCH);
    setInterfaces(profile, 0, 'contactless');
    const app = profile.applications[0]!;
    expect(app.contact).toBeUndefined();
    expect(app.contactless?.processing?.terminalRiskManagement).toBe(true);
    expect(app.cps.dgis.slice(0, 2).map((dgi) => [dgi.dgi, dgi.content])).toEqual([
      ['9102', { kind: 'select-response', interface: 'contactless' }],
      ['9104', { kind: 'gpo-response', interface: 'contactless' }],
    ]);
    expect(profile.card.directories.ppse).toBe(true);
    expect(codes(profile)).toEqual(['error afl-empty $.applications[0].records']);
  });

  it('keeps the cryptogram version when the new family knows it, else takes the family’s first', () => {
    const app = blankProfile(SCRATCH).applications[0]!;
    setFamily(app, 'cpa');
    expect(app.cryptogram.cvn).toBe('A5');
    setFamily(app, 'vsdc-style');
    expect(app.cryptogram.cvn).toBe('0A');
  });
});
