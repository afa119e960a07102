/**
 * Says why a certificate's hash does not match the static data to be authenticated (EMV 4.4 Book 3
 * 10.3; Book 2 5.4 step 7, 6.4 step 7). A hash cannot tell which byte changed, so when preparation says
 * what it signed (the records and the AIP), the records as read are compared with those, down to the
 * data object that differs.
 */
import { toHex } from '../bytes';
import { tagName } from '../dictionary';
import { decodeTlv, type TlvNode } from '../tlv/ber-tlv';
import type { TerminalContext } from './context';

function signedPartOf(sfi: number, data: Buffer): Buffer {
  if (sfi > 10) return data;
  try {
    const [template] = decodeTlv(data);
    return template?.tag === '70' ? Buffer.from(template.value) : data;
  } catch {
    return data;
  }
}

/** The data object of a record that holds byte `offset`, searched depth first. */
function objectAt(nodes: readonly TlvNode[], offset: number): TlvNode | undefined {
  for (const node of nodes) {
    if (offset >= node.offset && offset < node.offset + node.raw.length) {
      return (node.children && objectAt(node.children, offset)) ?? node;
    }
  }
  return undefined;
}

function firstDifference(a: Buffer, b: Buffer): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return i;
  return length;
}

function describeDifference(sfi: number, record: number, read: Buffer, prepared: Buffer): string {
  const offset = firstDifference(read, prepared);
  let where = '';
  try {
    const node = objectAt(decodeTlv(read), offset);
    if (node) where = ` (in ${node.tag} ${tagName(node.tag)})`;
  } catch {
    // A record that no longer decodes is reported by its byte alone.
  }
  const lengths =
    read.length === prepared.length
      ? ''
      : `; it is ${read.length} bytes, the prepared one ${prepared.length}`;
  return `record SFI ${sfi} rec ${record} differs from the prepared record at byte ${offset + 1}${where}${lengths}`;
}

export function diagnoseStaticData(ctx: TerminalContext): string {
  const odaRecords = ctx.records.filter((record) => record.oda);
  const names = odaRecords.map((r) => `SFI ${r.sfi} rec ${r.record}`).join(', ');
  const aipListed = (ctx.card.get('9F4A')?.length ?? 0) > 0;
  const signed = ctx.settings.expectations.signedStaticData;
  if (!signed) {
    return `the static data (${names}${aipListed ? ' and the AIP' : ''}) is not what the certificate was computed over`;
  }
  const problems: string[] = [];
  for (const read of odaRecords) {
    const prepared = signed.records.find((r) => r.sfi === read.sfi && r.record === read.record);
    if (!prepared) {
      problems.push(`the AFL signs SFI ${read.sfi} rec ${read.record}, which preparation did not sign`);
      continue;
    }
    const preparedPart = signedPartOf(read.sfi, Buffer.from(prepared.data, 'hex'));
    if (!preparedPart.equals(read.signedPart!)) {
      problems.push(describeDifference(read.sfi, read.record, read.signedPart!, preparedPart));
    }
  }
  for (const prepared of signed.records) {
    if (!odaRecords.some((r) => r.sfi === prepared.sfi && r.record === prepared.record)) {
      problems.push(
        `preparation signed SFI ${prepared.sfi} rec ${prepared.record}, which the AFL does not sign`,
      );
    }
  }
  const aip = ctx.card.get('82');
  if (aipListed && signed.aip && aip && toHex(aip) !== signed.aip) {
    problems.push(
      `the static data includes the AIP (9F4A lists 82): this interface's AIP is ${toHex(aip)}, the certificate was computed with AIP ${signed.aip}`,
    );
  }
  return problems.length > 0
    ? problems.join('; ')
    : `the records (${names}) and the AIP are as prepared, so the certificate was computed over other data`;
}
