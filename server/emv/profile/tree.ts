/**
 * The decoded view of personalization data: a TLV tree with tag names, where a value is either bytes
 * (with its readable form), a placeholder saying where it will come from, or an error. Encoding the
 * tree gives bytes only when every value is known.
 */
import { toHex } from '../bytes';
import { maskPan } from '../pan';
import { dataElement, tagName } from '../dictionary';
import type { ElementFamily } from '../dictionary/types';
import { decodeValue } from '../dictionary/value-format';
import { encodeTlvTree, type TlvInput } from '../tlv/ber-tlv';
import type { PlacedTlv } from './schema/common';
import { resolveValue, type ResolveContext, familyOf } from './values';

export interface PreviewNode {
  tag: string;
  name: string;
  /** Hex of the value when it is known. */
  value?: string;
  /** Readable form per the element's format: digits, text, or hex. */
  display?: string;
  /** Where the value will come from, or a secret's descriptor. */
  placeholder?: string;
  error?: string;
  children?: PreviewNode[];
}

export function valueNode(tag: string, bytes: Buffer, family: ElementFamily): PreviewNode {
  const element = dataElement(tag, family);
  const display = element ? decodeValue(element, bytes) : toHex(bytes);
  return { tag, name: tagName(tag, family), value: toHex(bytes), display: maskPans(tag, display) };
}

/** PCI DSS 3.4: a PAN is shown with at most its first six and last four digits. */
function maskPans(tag: string, display: string): string {
  if (tag === '5A') return maskPan(display);
  if (tag === '57' || tag === '9F6B')
    return display.replace(/^(\d+)D/, (_, pan: string) => `${maskPan(pan)}D`);
  return display;
}

export function constructedNode(tag: string, children: PreviewNode[], family: ElementFamily): PreviewNode {
  return { tag, name: tagName(tag, family), children };
}

/** The preview of placed data elements for one application and, optionally, one card. */
export function placedNodes(tlvs: readonly PlacedTlv[], ctx: ResolveContext): PreviewNode[] {
  const family = familyOf(ctx.app);
  return tlvs.map((tlv) => {
    if (tlv.children) return constructedNode(tlv.tag, placedNodes(tlv.children, ctx), family);
    const resolved = resolveValue(tlv.tag, tlv.source!, ctx);
    if (resolved.state === 'value') return valueNode(tlv.tag, resolved.bytes, family);
    if (resolved.state === 'placeholder')
      return { tag: tlv.tag, name: tagName(tlv.tag, family), placeholder: resolved.text };
    return { tag: tlv.tag, name: tagName(tlv.tag, family), error: resolved.message };
  });
}

export function isComplete(nodes: readonly PreviewNode[]): boolean {
  return nodes.every((node) => (node.children ? isComplete(node.children) : node.value !== undefined));
}

function toInput(node: PreviewNode): TlvInput {
  return node.children
    ? { tag: node.tag, children: node.children.map(toInput) }
    : { tag: node.tag, value: Buffer.from(node.value ?? '', 'hex') };
}

/** Bytes of the tree, or `undefined` while a value is still a placeholder or an error. */
export function encodeNodes(nodes: readonly PreviewNode[]): Buffer | undefined {
  if (!isComplete(nodes)) return undefined;
  try {
    return encodeTlvTree(nodes.map(toInput));
  } catch {
    // A primitive tag given children: the checks report it ("primitive-children").
    return undefined;
  }
}
