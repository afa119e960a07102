/**
 * buildDgis: the personalization data of one application for one card, as the DGIs of the CPS mapping
 * in send order (EMV CPS v1.1 section 2), each as bytes and as a decoded TLV tree with tag names.
 * Secret DGIs carry the caller's descriptor ("encrypted (KCV …)") and, in a real run, the caller's
 * ciphertext; the core never handles a clear key or PIN.
 */
import { toHex } from '../bytes';
import { dataGrouping } from '../dictionary';
import { tagName } from '../dictionary/dictionary';
import type { CardData, SecretItem } from './card-data';
import { aflFor, aipFor, processingFor, selectionFor } from './interfaces';
import type { ApplicationTemplate, DgiContent, DgiSpec } from './schema/application';
import type { CardTemplate } from './schema/card';
import type { InterfaceName } from './schema/common';
import { encodeDol, templateValue } from './template-values';
import { constructedNode, encodeNodes, placedNodes, valueNode, type PreviewNode } from './tree';
import { familyOf, type ResolveContext } from './values';

export interface BuiltDgi {
  dgi: string;
  name: string;
  encrypted: boolean;
  kind: DgiContent['kind'];
  /** Decoded content with names; empty for DGIs that are not TLV data (keys, PIN, KCVs). */
  tree: PreviewNode[];
  /** Readable content of a non-TLV DGI, or a secret's descriptor. */
  summary?: string;
  /** The DGI's data field, hex, when every value is known. */
  data?: string;
  /** DGI ‖ length ‖ data, hex, as sent in STORE DATA. */
  bytes?: string;
  complete: boolean;
  problems: string[];
}

/** CPS: a DGI is its 2-byte number, a length (1 byte, or 'FF' and 2 bytes from 255), and the data. */
export function encodeDgi(dgi: string, data: Uint8Array): Buffer {
  const length =
    data.length < 255
      ? Buffer.from([data.length])
      : Buffer.from([0xff, data.length >> 8, data.length & 0xff]);
  return Buffer.concat([Buffer.from(dgi, 'hex'), length, data]);
}

export function selectResponseNodes(ctx: ResolveContext, name: InterfaceName): PreviewNode[] {
  const { app } = ctx;
  const family = familyOf(app);
  const selection = selectionFor(app, name);
  const children: PreviewNode[] = [];
  for (const tag of ['50', '87']) {
    const built = templateValue(tag, app).value;
    if (built) children.push(valueNode(tag, built, family));
  }
  if (selection?.pdol?.length) children.push(valueNode('9F38', encodeDol(selection.pdol), family));
  for (const tag of ['5F2D', '9F11', '9F12']) {
    const built = templateValue(tag, app).value;
    if (built) children.push(valueNode(tag, built, family));
  }
  children.push(...placedNodes(selection?.proprietary ?? [], ctx));
  if (selection?.issuerDiscretionary.length) {
    children.push(constructedNode('BF0C', placedNodes(selection.issuerDiscretionary, ctx), family));
  }
  return [constructedNode('A5', children, family)];
}

export function gpoResponseNodes(ctx: ResolveContext, name: InterfaceName): PreviewNode[] {
  const { app } = ctx;
  const family = familyOf(app);
  const aip = aipFor(app, name);
  const nodes: PreviewNode[] = [];
  if (aip) nodes.push(valueNode('82', aip, family));
  nodes.push(valueNode('94', aflFor(app, name), family));
  nodes.push(...placedNodes(processingFor(app, name)?.responseData ?? [], ctx));
  return nodes;
}

const SECRET_OF: Partial<Record<DgiContent['kind'], SecretItem>> = {
  'card-master-keys': 'card-master-keys',
  'offline-pin-block': 'offline-pin-block',
  'icc-private-key': 'icc-private-key',
};

function finish(
  spec: DgiSpec,
  base: Omit<BuiltDgi, 'complete' | 'data' | 'bytes'>,
  data: Buffer | undefined,
): BuiltDgi {
  return {
    ...base,
    complete: data !== undefined,
    ...(data !== undefined ? { data: toHex(data), bytes: toHex(encodeDgi(spec.dgi, data)) } : {}),
  };
}

function buildOne(spec: DgiSpec, ctx: ResolveContext & { cardData: CardData }): BuiltDgi {
  const { app, cardData } = ctx;
  const family = familyOf(app);
  const content = spec.content;
  const base = {
    dgi: spec.dgi,
    name: dataGrouping(spec.dgi)?.name ?? 'Application data',
    encrypted: spec.encrypted,
    kind: content.kind,
    tree: [] as PreviewNode[],
    problems: [] as string[],
  };
  const tlvDgi = (tree: PreviewNode[]) => {
    base.tree = tree;
    collectErrors(tree, base.problems);
    return finish(spec, base, encodeNodes(tree));
  };
  switch (content.kind) {
    case 'record': {
      const record = app.records.find((r) => r.sfi === content.sfi && r.number === content.number);
      if (!record) {
        base.problems.push(
          `DGI ${spec.dgi} maps record ${content.number} of SFI ${content.sfi}, which the template does not have`,
        );
        return finish(spec, base, undefined);
      }
      return tlvDgi([constructedNode('70', placedNodes(record.tlvs, ctx), family)]);
    }
    case 'select-response':
      return tlvDgi(selectResponseNodes(ctx, content.interface));
    case 'gpo-response':
      return tlvDgi(gpoResponseNodes(ctx, content.interface));
    case 'data':
      return tlvDgi(placedNodes(content.tlvs, ctx));
    case 'pin-try-counter-and-limit': {
      const limit = app.keys.pin.tryLimit;
      // At issuance the PIN Try Counter (9F17) starts at the PIN Try Limit.
      return finish(
        spec,
        { ...base, summary: `${tagName('9F17')} ${limit}, PIN Try Limit ${limit}` },
        Buffer.from([limit, limit]),
      );
    }
    case 'key-check-values': {
      const kcvs = cardData.generated?.['key-check-values'];
      const summary = `KCVs of ${content.usages.join(', ')}${kcvs ? `: ${kcvs}` : ' (generated at preparation)'}`;
      return finish(spec, { ...base, summary }, kcvs ? Buffer.from(kcvs, 'hex') : undefined);
    }
    default: {
      const secret = cardData.secrets?.[SECRET_OF[content.kind]!];
      const what = content.kind === 'icc-private-key' ? `ICC private key (${content.component})` : base.name;
      const summary = secret ? `${what}: ${secret.descriptor}` : `${what}: encrypted at preparation`;
      const ciphertext =
        content.kind === 'icc-private-key' ? secret?.components?.[content.component] : secret?.ciphertext;
      const data = ciphertext ? Buffer.from(ciphertext, 'hex') : undefined;
      return finish(spec, { ...base, summary }, data);
    }
  }
}

function collectErrors(nodes: readonly PreviewNode[], into: string[]): void {
  for (const node of nodes) {
    if (node.error) into.push(node.error);
    if (node.children) collectErrors(node.children, into);
  }
}

/** buildDgis(template, cardData): the application's DGIs in send order. */
export function buildDgis(
  template: ApplicationTemplate,
  cardData: CardData,
  options: { card?: CardTemplate } = {},
): BuiltDgi[] {
  const ctx = { app: template, card: options.card, cardData };
  return template.cps.dgis.map((spec) => buildOne(spec, ctx));
}
