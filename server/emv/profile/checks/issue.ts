/** What a check reports, and the walk over every data element an application places. */
import { tagName } from '../../dictionary';
import type { ElementFamily } from '../../dictionary/types';
import type { ApplicationTemplate } from '../schema/application';
import type { InterfaceName, PlacedTlv } from '../schema/common';

export type Severity = 'error' | 'warning';

export interface ProfileIssue {
  /** JSON path of the offending value, e.g. "$.applications[0].records[1].tlvs[2]". */
  path: string;
  tag?: string;
  tagName?: string;
  severity: Severity;
  /** Stable identifier of the check, e.g. "cdol1-cvn". */
  code: string;
  message: string;
}

export class IssueList {
  readonly issues: ProfileIssue[] = [];

  constructor(private readonly family?: ElementFamily) {}

  add(severity: Severity, code: string, path: string, message: string, tag?: string): void {
    this.issues.push({
      path,
      ...(tag ? { tag, tagName: tagName(tag, this.family) } : {}),
      severity,
      code,
      message,
    });
  }

  error(code: string, path: string, message: string, tag?: string): void {
    this.add('error', code, path, message, tag);
  }

  warning(code: string, path: string, message: string, tag?: string): void {
    this.add('warning', code, path, message, tag);
  }
}

export interface PlacedAt {
  tlv: PlacedTlv;
  path: string;
  /** Where it sits: a record, a response, an internal DGI. */
  where: 'record' | 'selection' | 'processing' | 'dgi';
  /** Interfaces that read it (records and responses); empty for internal DGIs. */
  interfaces: InterfaceName[];
  record?: { sfi: number; number: number };
}

function walk(
  tlvs: readonly PlacedTlv[],
  path: string,
  base: Omit<PlacedAt, 'tlv' | 'path'>,
  out: PlacedAt[],
): void {
  tlvs.forEach((tlv, i) => {
    const here = `${path}[${i}]`;
    out.push({ ...base, tlv, path: here });
    if (tlv.children) walk(tlv.children, `${here}.children`, base, out);
  });
}

/** Every placed data element of an application, with its JSON path, top-level and nested. */
export function placedElements(
  app: ApplicationTemplate,
  appPath: string,
  allInterfaces: InterfaceName[],
): PlacedAt[] {
  const out: PlacedAt[] = [];
  app.records.forEach((record, i) => {
    walk(
      record.tlvs,
      `${appPath}.records[${i}].tlvs`,
      {
        where: 'record',
        interfaces: record.interfaces ?? allInterfaces,
        record: { sfi: record.sfi, number: record.number },
      },
      out,
    );
  });
  for (const name of ['contact', 'contactless'] as const) {
    const spec = app[name];
    if (spec?.selection) {
      walk(
        spec.selection.proprietary,
        `${appPath}.${name}.selection.proprietary`,
        { where: 'selection', interfaces: [name] },
        out,
      );
      walk(
        spec.selection.issuerDiscretionary,
        `${appPath}.${name}.selection.issuerDiscretionary`,
        { where: 'selection', interfaces: [name] },
        out,
      );
    }
    if (spec?.processing?.responseData) {
      walk(
        spec.processing.responseData,
        `${appPath}.${name}.processing.responseData`,
        { where: 'processing', interfaces: [name] },
        out,
      );
    }
  }
  app.cps.dgis.forEach((dgi, i) => {
    if (dgi.content.kind === 'data')
      walk(dgi.content.tlvs, `${appPath}.cps.dgis[${i}].content.tlvs`, { where: 'dgi', interfaces: [] }, out);
  });
  return out;
}
