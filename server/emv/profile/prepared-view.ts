/**
 * A prepared application as a person may read it: each DGI as its TLV tree with tag names, and every
 * encrypted DGI only as what protects it ("encrypted under KEK … (KCV …)"), never its bytes. The
 * caller masks the PAN everywhere in the result.
 */
import { fromHex } from '../bytes';
import { dataGrouping } from '../dictionary';
import { decodeTlv, type TlvNode } from '../tlv/ber-tlv';
import type { BuiltDgi } from './dgis';
import type { ApplicationTemplate } from './schema/application';
import { constructedNode, valueNode, type PreviewNode } from './tree';
import { familyOf } from './values';

function nodesOf(tlvs: readonly TlvNode[], app: ApplicationTemplate | undefined): PreviewNode[] {
  const family = app ? familyOf(app) : 'emv';
  return tlvs.map((tlv) =>
    tlv.children
      ? constructedNode(tlv.tag, nodesOf(tlv.children, app), family)
      : valueNode(tlv.tag, tlv.value, family),
  );
}

export function describePreparedDgis(
  app: ApplicationTemplate | undefined,
  dgis: readonly { dgi: string; data: string; encrypted: boolean }[],
  protection: string,
): BuiltDgi[] {
  return dgis.map(({ dgi, data, encrypted }) => {
    const spec = app?.cps.dgis.find((d) => d.dgi === dgi);
    const name = dataGrouping(dgi)?.name ?? 'Application data';
    const kind = spec?.content.kind ?? 'data';
    const base = {
      dgi,
      name,
      encrypted,
      kind,
      tree: [] as PreviewNode[],
      complete: true,
      problems: [] as string[],
    };
    const length = data.length / 2;
    if (encrypted) return { ...base, summary: `${length} bytes, ${protection}` };
    if (kind === 'key-check-values') return { ...base, summary: `Key check values ${data}` };
    if (kind === 'pin-try-counter-and-limit') {
      const bytes = fromHex(data);
      return { ...base, summary: `PIN Try Counter ${bytes[0]}, PIN Try Limit ${bytes[1]}` };
    }
    try {
      return { ...base, tree: nodesOf(decodeTlv(fromHex(data)), app), data };
    } catch (error) {
      return { ...base, data, problems: [`not valid TLV: ${(error as Error).message}`] };
    }
  });
}
