import { describe, expect, it } from 'vitest';
import { checks } from '../checks';
import { encodeNodes, type PreviewNode } from '../tree';
import { demo } from '../testing';
import {
  interfaceDataViews,
  partElements,
  partPath,
  placeInterfaceElement,
  removeInterfaceElement,
  setInterfaceConstant,
  setOwn,
} from './interface-data';

const hex = (nodes: PreviewNode[]) => encodeNodes(nodes)?.toString('hex').toUpperCase();
const cpa = () => {
  const profile = demo('cpa');
  return { profile, app: profile.applications[0]! };
};
const responseDgis = (dgis: Array<{ dgi: string; content: { kind: string } }>) =>
  dgis.filter((d) => d.content.kind.endsWith('-response')).map((d) => d.dgi);

// EMV Book 1 section 11.3.4, Table 43: A5 holds 50, 87, 9F38, 5F2D, 9F11, 9F12 and BF0C, in that order.
const LABEL = '50 08 44454D4F20435041'; // 'DEMO CPA'
const PRIORITY = '87 01 01';
const PDOL = '9F38 09 9F1A02 5F2A02 9F3501';
const LANGUAGES = '5F2D 04 656E6672'; // 'enfr'
const CODE_TABLE = '9F11 01 01';
const PREFERRED = '9F12 08 44454D4F20435041';
const fci = (...parts: string[]) => {
  const body = parts.join('').replace(/ /g, '');
  return `A5${(body.length / 2).toString(16).toUpperCase().padStart(2, '0')}${body}`;
};

describe('interface data builder (FCI and GPO response per interface)', () => {
  it('shows the FCI of each interface of the CPA demo as the card answers SELECT', () => {
    const { app, profile } = cpa();
    const [contact, contactless] = interfaceDataViews(app, profile.card);
    expect(contact).toMatchObject({ name: 'contact', ownSelection: true, ownProcessing: true });
    expect(hex(contact!.fci)).toBe(
      fci(LABEL, PRIORITY, LANGUAGES, CODE_TABLE, PREFERRED, 'BF0C 05 9F4D020B0A'),
    );
    expect(hex(contactless!.fci)).toBe(
      fci(LABEL, PRIORITY, PDOL, LANGUAGES, CODE_TABLE, PREFERRED, 'BF0C 05 9F4D020B0A'),
    );
    expect(contact!.fci[0]!.name).toBe('File Control Information (FCI) Proprietary Template');
    expect(contact!.gpo.map((node) => node.tag)).toEqual(['82', '94']);
  });

  it('changes a contactless BF0C constant without touching the contact FCI; a bad value is named at its path', () => {
    const { app, profile } = cpa();
    setInterfaceConstant(app, 'contactless', 'issuerDiscretionary', 0, '1405');
    const [contact, contactless] = interfaceDataViews(app, profile.card);
    expect(hex(contact!.fci)).toContain('BF0C059F4D020B0A');
    expect(hex(contactless!.fci)).toContain('BF0C059F4D021405');
    expect(checks(profile)).toEqual([]);

    setInterfaceConstant(app, 'contactless', 'issuerDiscretionary', 0, 'XYZ');
    const path = partPath('$.applications[0]', 'contactless', 'issuerDiscretionary');
    const issues = checks(profile).filter((issue) => issue.path.startsWith(path));
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]!.severity).toBe('error');
    expect(checks(profile).filter((issue) => issue.path.includes('.contact.'))).toEqual([]);
  });

  it('copies the shared data before an interface that used the other one changes, and maps 9103 again', () => {
    const { app } = cpa();
    expect(setOwn(app, 'contactless', 'selection', false)).toBeUndefined();
    expect(app.contactless!.selection).toBeUndefined();
    expect(responseDgis(app.cps.dgis)).toEqual(['9102', '9104', '9207']);
    expect(partElements(app, 'contactless', 'issuerDiscretionary').map((t) => t.tag)).toEqual(['9F4D']);

    expect(
      placeInterfaceElement(app, 'contactless', 'proprietary', '9F0A', { from: 'constant', value: '0001' }),
    ).toBeUndefined();
    expect(app.contact!.selection!.proprietary).toEqual([]);
    expect(app.contactless!.selection!.proprietary).toEqual([
      { tag: '9F0A', source: { from: 'constant', value: '0001' } },
    ]);
    expect(app.contactless!.selection!.issuerDiscretionary.map((t) => t.tag)).toEqual(['9F4D']);
    expect(responseDgis(app.cps.dgis)).toEqual(['9102', '9103', '9104', '9207']);
  });

  it('places and removes GPO response data of one interface only', () => {
    const { app, profile } = cpa();
    placeInterfaceElement(app, 'contactless', 'gpo', '9F6C', { from: 'constant', value: '0000' });
    expect(app.contact!.processing!.responseData).toBeUndefined();
    expect(interfaceDataViews(app, profile.card)[1]!.gpo.map((node) => node.tag)).toEqual([
      '82',
      '94',
      '9F6C',
    ]);
    removeInterfaceElement(app, 'contactless', 'gpo', 0);
    expect(app.contactless!.processing!.responseData).toBeUndefined();
  });

  it('refuses to share on a single-interface application or with an interface that has nothing', () => {
    const credit = demo('credit').applications[0]!;
    expect(setOwn(credit, 'contact', 'selection', false)).toBe(
      'Only an application on both interfaces can share its data.',
    );
    const { app } = cpa();
    setOwn(app, 'contactless', 'selection', false);
    expect(setOwn(app, 'contact', 'selection', false)).toBe(
      'The contactless interface has no selection data of its own to share.',
    );
    expect(app.contact!.selection).toBeDefined();
  });

  it('refuses GPO data where no interface has processing data, and changes nothing', () => {
    const { app } = cpa();
    delete app.contact!.processing;
    delete app.contactless!.processing;
    const before = structuredClone(app);
    expect(
      placeInterfaceElement(app, 'contactless', 'gpo', '9F6C', { from: 'constant', value: '0000' }),
    ).toBe('The contactless interface has no processing data: set its AIP in the Records editor first.');
    expect(app).toEqual(before);
  });
});
