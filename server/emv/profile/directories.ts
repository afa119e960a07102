/**
 * Directory data built from the card template's applications: the PSE '1PAY.SYS.DDF01' for the contact
 * interface (EMV 4.4 Book 1 12.2.3: FCI with the SFI of the directory file, records of Application
 * Templates '61') and the PPSE '2PAY.SYS.DDF01' for contactless (EMV Contactless Book B 3.3: FCI whose
 * Issuer Discretionary Data lists the Directory Entries '61'). Each entry holds the ADF Name (4F),
 * the Application Label (50), the Application Preferred Name (9F12, PSE only) and the Application
 * Priority Indicator (87). As DGIs, the PSE record is DGI 0101 and each FCI is DGI 9102.
 */
import { toHex } from '../bytes';
import { interfacesOf } from './interfaces';
import type { ApplicationTemplate } from './schema/application';
import type { InterfaceName } from './schema/common';
import { templateValue } from './template-values';
import { constructedNode, encodeNodes, valueNode, type PreviewNode } from './tree';
import { encodeDgi, type BuiltDgi } from './dgis';

export const PSE_NAME = '1PAY.SYS.DDF01';
export const PPSE_NAME = '2PAY.SYS.DDF01';
export const PSE_SFI = 1;

function entry(app: ApplicationTemplate, withPreferredName: boolean): PreviewNode {
  const children = [
    valueNode('4F', Buffer.from(app.identity.aid, 'hex'), 'emv'),
    valueNode('50', templateValue('50', app).value!, 'emv'),
  ];
  const preferred = templateValue('9F12', app).value;
  if (withPreferredName && preferred) children.push(valueNode('9F12', preferred, 'emv'));
  const priority = templateValue('87', app).value;
  if (priority) children.push(valueNode('87', priority, 'emv'));
  return constructedNode('61', children, 'emv');
}

export function directoryApplications(
  apps: readonly ApplicationTemplate[],
  name: InterfaceName,
): ApplicationTemplate[] {
  return apps.filter((app) => interfacesOf(app).includes(name));
}

/** The PSE: its FCI (A5 with the SFI of the directory) and its one record of directory entries. */
export function buildPse(apps: readonly ApplicationTemplate[]): {
  fci: PreviewNode[];
  record: PreviewNode[];
} {
  const fci = [
    constructedNode(
      '6F',
      [
        valueNode('84', Buffer.from(PSE_NAME, 'ascii'), 'emv'),
        constructedNode('A5', [valueNode('88', Buffer.from([PSE_SFI]), 'emv')], 'emv'),
      ],
      'emv',
    ),
  ];
  const record = [
    constructedNode(
      '70',
      directoryApplications(apps, 'contact').map((app) => entry(app, true)),
      'emv',
    ),
  ];
  return { fci, record };
}

/** The PPSE: its FCI, whose BF0C lists the contactless applications. */
export function buildPpse(apps: readonly ApplicationTemplate[]): { fci: PreviewNode[] } {
  const entries = directoryApplications(apps, 'contactless').map((app) => entry(app, false));
  return {
    fci: [
      constructedNode(
        '6F',
        [
          valueNode('84', Buffer.from(PPSE_NAME, 'ascii'), 'emv'),
          constructedNode('A5', [constructedNode('BF0C', entries, 'emv')], 'emv'),
        ],
        'emv',
      ),
    ],
  };
}

function tlvDgi(dgi: string, name: string, tree: PreviewNode[]): BuiltDgi {
  const data = encodeNodes(tree)!;
  return {
    dgi,
    name,
    encrypted: false,
    kind: 'data',
    tree,
    data: toHex(data),
    bytes: toHex(encodeDgi(dgi, data)),
    complete: true,
    problems: [],
  };
}

/** The PSE as DGIs: 0101 (the directory record) and 9102 (the A5 of its FCI). */
export function pseDgis(apps: readonly ApplicationTemplate[]): BuiltDgi[] {
  const pse = buildPse(apps);
  return [
    tlvDgi('0101', 'PSE directory record (SFI 1, record 1)', pse.record),
    tlvDgi(
      '9102',
      'PSE SELECT response data',
      pse.fci[0]!.children!.filter((node) => node.tag === 'A5'),
    ),
  ];
}

/** The PPSE as a DGI: 9102 (the A5 of its FCI). */
export function ppseDgis(apps: readonly ApplicationTemplate[]): BuiltDgi[] {
  return [
    tlvDgi(
      '9102',
      'PPSE SELECT response data',
      buildPpse(apps).fci[0]!.children!.filter((node) => node.tag === 'A5'),
    ),
  ];
}
