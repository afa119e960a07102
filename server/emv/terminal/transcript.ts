/**
 * The APDU transcript of a validation: every command and response, named (EMV 4.4 Book 3 6.5, GP Card
 * Spec 2.3 11), decoded as TLV with tag names, or by the DOL that defined a command's data, with
 * secrets redacted (the PIN block of VERIFY, the data of encrypted DGIs) and PANs masked to first six
 * and last four digits (PCI DSS 3.4), so it can be shown in the job's page and downloaded.
 */
import { toHex } from '../bytes';
import { dataGrouping } from '../dictionary';
import { decodeTlv } from '../tlv/ber-tlv';
import type { DolEntry } from '../tlv/dol';
import { type PreviewNode, constructedNode, valueNode } from '../profile/tree';
import { describeStatusWord, responseDataOf, statusWordOf, swHex } from '../virtual-card/status-words';

export type DecodedNode = PreviewNode;

export interface TranscriptEntry {
  /** The report step the exchange belongs to. */
  step: string;
  command: {
    name: string;
    /** The command as sent, before secure messaging; redacted parts read "<redacted: …>". */
    hex: string;
    decoded?: DecodedNode[];
    /** What a reader should know: the DOL used, the secure messaging applied, a redaction. */
    note?: string;
  };
  response: {
    hex: string;
    /** "9000 (success)". */
    status: string;
    sw: string;
    decoded?: DecodedNode[];
  };
}

const COMMAND_NAMES: Readonly<Record<number, string>> = {
  0xa4: 'SELECT',
  0xb2: 'READ RECORD',
  0xa8: 'GET PROCESSING OPTIONS',
  0xca: 'GET DATA',
  0x20: 'VERIFY',
  0x88: 'INTERNAL AUTHENTICATE',
  0xae: 'GENERATE AC',
  0x82: 'EXTERNAL AUTHENTICATE',
  0x50: 'INITIALIZE UPDATE',
  0xe2: 'STORE DATA',
};

export function commandName(apdu: Uint8Array): string {
  return COMMAND_NAMES[apdu[1]!] ?? `INS ${toHex(apdu.subarray(1, 2))}`;
}

/** Decodes TLV data with names; undefined when the data is not TLV. */
export function decodeWithNames(data: Uint8Array): DecodedNode[] | undefined {
  if (data.length === 0) return undefined;
  try {
    const toNode = (node: ReturnType<typeof decodeTlv>[number]): DecodedNode =>
      node.children
        ? constructedNode(node.tag, node.children.map(toNode), 'emv')
        : valueNode(node.tag, node.value, 'emv');
    return decodeTlv(data).map(toNode);
  } catch {
    return undefined;
  }
}

/** Names the values of DOL-built data (PDOL, CDOL1, CDOL2, DDOL) entry by entry (Book 3 5.4). */
export function decodeByDol(dol: readonly DolEntry[], data: Uint8Array): DecodedNode[] {
  let offset = 0;
  return dol.map((entry) => {
    const value = Buffer.from(data.subarray(offset, offset + entry.length));
    offset += entry.length;
    return valueNode(entry.tag, value, 'emv');
  });
}

export type CommandView =
  | { kind: 'tlv' }
  | { kind: 'raw' }
  | { kind: 'dol'; dol: readonly DolEntry[]; name: string; offset?: number }
  | { kind: 'redacted'; what: string }
  | { kind: 'dgi'; dgi: string; encrypted: boolean };

function header(apdu: Buffer): string {
  return toHex(apdu.subarray(0, 4));
}

function commandData(apdu: Buffer): { data: Buffer; le: string } {
  if (apdu.length <= 5) return { data: Buffer.alloc(0), le: toHex(apdu.subarray(4)) };
  const lc = apdu[4]!;
  return { data: apdu.subarray(5, 5 + lc), le: toHex(apdu.subarray(5 + lc)) };
}

function describeCommand(
  apdu: Buffer,
  view: CommandView,
): { hex: string; decoded?: DecodedNode[]; note?: string } {
  const { data, le } = commandData(apdu);
  const lc = data.length > 0 ? toHex(Buffer.from([data.length])) : '';
  switch (view.kind) {
    case 'redacted':
      return { hex: `${header(apdu)}${lc}<redacted: ${view.what}>${le}`, note: `${view.what} redacted` };
    case 'dgi': {
      const name = dataGrouping(view.dgi)?.name ?? 'application data';
      if (view.encrypted) {
        // The DGI number and length stay readable; only the data encrypted under the DEK is redacted.
        const dgiHeader = data.subarray(0, data[2] === 0xff ? 5 : 3);
        const hidden = data.length - dgiHeader.length;
        return {
          hex: `${header(apdu)}${lc}${toHex(dgiHeader)}<redacted: ${hidden} bytes encrypted under the DEK>${le}`,
          note: `DGI ${view.dgi} ${name}: encrypted, redacted`,
        };
      }
      const body = dgiBody(data);
      const decoded = body ? decodeWithNames(body) : undefined;
      return { hex: toHex(apdu), ...(decoded ? { decoded } : {}), note: `DGI ${view.dgi} ${name}` };
    }
    case 'dol': {
      const decoded = decodeByDol(view.dol, data.subarray(view.offset ?? 0));
      return { hex: toHex(apdu), decoded, note: `data built from the ${view.name}` };
    }
    case 'tlv': {
      const decoded = decodeWithNames(data);
      return { hex: toHex(apdu), ...(decoded ? { decoded } : {}) };
    }
    case 'raw':
      return { hex: toHex(apdu) };
  }
}

/** The data of the first DGI of a STORE DATA command, when it is complete in this command. */
function dgiBody(data: Buffer): Buffer | undefined {
  if (data.length < 3) return undefined;
  const long = data[2] === 0xff;
  const length = long ? data.readUInt16BE(3) : data[2]!;
  const start = long ? 5 : 3;
  return data.length >= start + length ? data.subarray(start, start + length) : undefined;
}

export class Transcript {
  readonly entries: TranscriptEntry[] = [];

  record(
    step: string,
    apdu: Buffer,
    response: Buffer,
    view: CommandView = { kind: 'tlv' },
    note?: string,
  ): void {
    const command = describeCommand(apdu, view);
    const sw = statusWordOf(response);
    const data = responseDataOf(response);
    const decoded = decodeWithNames(data);
    this.entries.push({
      step,
      command: {
        name: commandName(apdu),
        ...command,
        ...(note ? { note: command.note ? `${command.note}; ${note}` : note } : {}),
      },
      response: {
        hex: toHex(response),
        status: describeStatusWord(sw),
        sw: swHex(sw),
        ...(decoded ? { decoded } : {}),
      },
    });
  }
}

/**
 * Masks every occurrence of the PANs in a transcript's text (hex, values and displays): a PAN in
 * compressed numeric form (5A, 57) reads in hex as its digits, so the same digits are masked wherever
 * they appear (PCI DSS 3.4: first six and last four at most).
 */
export function maskPans<T>(value: T, pans: readonly string[]): T {
  const targets = pans.filter((pan) => /^\d{12,19}$/.test(pan));
  if (targets.length === 0) return value;
  const mask = (text: string) =>
    targets.reduce(
      (out, pan) => out.split(pan).join(`${pan.slice(0, 6)}${'*'.repeat(pan.length - 10)}${pan.slice(-4)}`),
      text,
    );
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return mask(node);
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([key, inner]) => [key, walk(inner)]));
    }
    return node;
  };
  return walk(value) as T;
}
