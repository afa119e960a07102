/**
 * Records and the AFL (EMV 4.4 Book 3 10.2): each record exists once and fits its '70' template; each
 * interface reads at least one record; an AFL typed by hand lists exactly the records that exist, with
 * the same ones for offline data authentication; no primitive data object is read twice on one
 * interface (Book 3 10.2: the terminal terminates on a redundant object); the mandatory data objects
 * are present (Book 3 7.2: 5F24, 5A, 8C, 8D); the SDA Tag List holds only '82' (Book 3 10.3).
 */
import { dataElement, lengthRange, tagLabel } from '../../dictionary';
import { decodeAfl, recordsOfAfl } from '../afl';
import { computedAfl, interfacesOf, processingFor, recordsFor } from '../interfaces';
import type { ApplicationTemplate, RecordSpec } from '../schema/application';
import type { InterfaceName } from '../schema/common';
import { placedNodes, type PreviewNode } from '../tree';
import { encodeTlvTree } from '../../tlv/ber-tlv';
import { familyOf } from '../values';
import { placedElements, type IssueList } from './issue';

export const MAX_RECORD_CONTENT = 252;

/** Book 3 7.2 Table 26: data objects every application must hold in its records. */
const MANDATORY_ALL = ['5A', '5F24'];
/** Book 3 7.2: also mandatory for the contact interface, where GENERATE AC uses them. */
const MANDATORY_CONTACT = ['8C', '8D'];

export function checkRecords(app: ApplicationTemplate, appPath: string, issues: IssueList): void {
  const interfaces = interfacesOf(app);
  const seen = new Map<string, number>();
  app.records.forEach((record, i) => {
    const path = `${appPath}.records[${i}]`;
    const key = `${record.sfi}:${record.number}`;
    if (seen.has(key)) {
      issues.error(
        'duplicate-record',
        path,
        `record ${record.number} of SFI ${record.sfi} is defined twice (also at records[${seen.get(key)}])`,
      );
    }
    seen.set(key, i);
    if (record.tlvs.length === 0)
      issues.error(
        'empty-record',
        `${path}.tlvs`,
        `record ${record.number} of SFI ${record.sfi} holds no data`,
      );
    for (const name of record.interfaces ?? []) {
      if (!interfaces.includes(name)) {
        issues.error(
          'record-interface',
          `${path}.interfaces`,
          `record ${record.number} of SFI ${record.sfi} is read on the ${name} interface, which the application does not have`,
        );
      }
    }
    const length = recordSize(record.tlvs, app);
    if (length !== undefined && length > MAX_RECORD_CONTENT) {
      issues.error(
        'record-too-long',
        path,
        `record ${record.number} of SFI ${record.sfi} holds about ${length} bytes; a '70' template holds at most ${MAX_RECORD_CONTENT}`,
      );
    }
  });

  for (const name of interfaces) checkInterface(app, appPath, name, issues);

  for (const { tlv, path } of placedElements(app, appPath, interfaces)) {
    if (tlv.tag === '9F4A' && tlv.source?.from === 'constant' && tlv.source.value !== '82') {
      issues.error(
        'sda-tag-list',
        `${path}.source.value`,
        `9F4A Static Data Authentication Tag List may only contain '82' (Book 3 10.3), got ${tlv.source.value}`,
        '9F4A',
      );
    }
  }
}

/** The expected size of a record's content; `undefined` when it cannot be encoded (another check says why). */
export function recordSize(tlvs: RecordSpec['tlvs'], app: ApplicationTemplate): number | undefined {
  try {
    return encodeTlvTree(placedNodes(tlvs, { app }).map((node) => sizedInput(node, app))).length;
  } catch {
    return undefined;
  }
}

interface SizedInput {
  tag: string;
  value?: Buffer;
  children?: SizedInput[];
}

/**
 * A value not known until preparation is counted at its expected size: certificates from the key
 * sizes (Book 2 Tables 13 and 14: 9F46 and 93 are as long as the issuer modulus, 9F48 holds what the
 * ICC modulus does not fit; the CA modulus is unknown here, so 90 is counted as long as the issuer's),
 * other values at the dictionary's maximum.
 */
function sizedInput(node: PreviewNode, app: ApplicationTemplate): SizedInput {
  if (node.children) return { tag: node.tag, children: node.children.map((child) => sizedInput(child, app)) };
  if (node.value !== undefined) return { tag: node.tag, value: Buffer.from(node.value, 'hex') };
  const issuer = (app.keys.issuerPublicKey?.modulusBits ?? 1024) / 8;
  const icc = (app.keys.iccKey?.modulusBits ?? 1024) / 8;
  const expected: Record<string, number> = {
    '90': issuer,
    '93': issuer,
    '9F46': issuer,
    '92': 36,
    '9F48': Math.max(0, icc - issuer + 42),
    '9F32': 3,
  };
  const element = dataElement(node.tag, familyOf(app));
  const length = expected[node.tag] ?? (element ? lengthRange(element)[1] : 0);
  return { tag: node.tag, value: Buffer.alloc(length) };
}

function checkInterface(
  app: ApplicationTemplate,
  appPath: string,
  name: InterfaceName,
  issues: IssueList,
): void {
  const family = familyOf(app);
  const records = recordsFor(app, name);
  if (records.length === 0) {
    issues.error(
      'afl-empty',
      `${appPath}.records`,
      `no record is read on the ${name} interface, so its AFL would be empty`,
    );
    return;
  }
  const override = processingFor(app, name)?.aflOverride;
  if (override !== undefined) {
    const path = `${appPath}.${app[name]?.processing?.aflOverride !== undefined ? name : name === 'contact' ? 'contactless' : 'contact'}.processing.aflOverride`;
    const { entries, problems } = decodeAfl(Buffer.from(override, 'hex'));
    for (const message of problems) issues.error('afl-invalid', path, message, '94');
    const listed = recordsOfAfl(entries)
      .map((r) => `${r.sfi}:${r.number}:${r.oda}`)
      .sort();
    const actual = records.map((r) => `${r.sfi}:${r.number}:${r.oda}`).sort();
    if (problems.length === 0 && listed.join() !== actual.join()) {
      issues.error(
        'afl-mismatch',
        path,
        `94 AFL ${override} does not list exactly the ${name} records and their ODA flags; the records give ${computedAfl(app, name).toString('hex').toUpperCase()}`,
        '94',
      );
    }
  }

  const where = new Map<string, string>();
  for (const { tlv, path, interfaces, where: kind } of placedElements(app, appPath, interfacesOf(app))) {
    if (kind !== 'record' || !interfaces.includes(name) || tlv.children || path.includes('.children['))
      continue;
    const first = where.get(tlv.tag);
    if (first) {
      issues.error(
        'duplicate-tag',
        path,
        `${tagLabel(tlv.tag, family)} is read twice on the ${name} interface (also at ${first})`,
        tlv.tag,
      );
    } else {
      where.set(tlv.tag, path);
    }
  }
  const mandatory = name === 'contact' ? [...MANDATORY_ALL, ...MANDATORY_CONTACT] : MANDATORY_ALL;
  for (const tag of mandatory) {
    if (!where.has(tag)) {
      issues.error(
        'mandatory-missing',
        `${appPath}.records`,
        `${tagLabel(tag, family)} is mandatory (Book 3 7.2) but no record read on the ${name} interface holds it`,
        tag,
      );
    }
  }
}
