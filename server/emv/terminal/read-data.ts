/**
 * Initiate application processing and read application data (EMV 4.4 Book 3 10.1 and 10.2): GET
 * PROCESSING OPTIONS with the PDOL data, the AIP and AFL of the response (format 1 '80' or format 2
 * '77'), then READ RECORD of every record the AFL lists, keeping the static data to be authenticated
 * (10.3: for SFI 1-10 the record's value inside '70', for SFI 11-30 the whole record; then the values of
 * the SDA Tag List, which may name only the AIP).
 */
import { concat, toHex } from '../bytes';
import { decodeAfl, recordsOfAfl } from '../profile/afl';
import { decodeTlv } from '../tlv/ber-tlv';
import { buildDolData, decodeDol } from '../tlv/dol';
import { SW, describeStatusWord, responseDataOf, statusWordOf } from '../virtual-card/status-words';
import { type TerminalContext, apdu, cardSays, exchange, fail, pass, recordName, setTvr } from './context';
import { collect } from './selection';

/** GET PROCESSING OPTIONS (Book 3 6.5.8, 10.1). */
export function initiateApplicationProcessing(ctx: TerminalContext): boolean {
  const step = 'initiate-application-processing' as const;
  const pdolValue = ctx.card.get('9F38');
  const pdol = pdolValue ? decodeDol(pdolValue) : [];
  const pdolData = buildDolData(pdol, ctx.terminal);
  ctx.pdolData = pdolData;
  const data = concat(Buffer.from([0x83, pdolData.length]), pdolData);
  const view =
    pdol.length > 0 ? { kind: 'dol' as const, dol: pdol, name: 'PDOL', offset: 2 } : { kind: 'tlv' as const };
  const response = exchange(ctx, step, apdu(0x80, 0xa8, 0x00, 0x00, data, 0x00), view);
  const sw = statusWordOf(response);
  if (sw !== SW.ok) {
    fail(ctx, step, `GET PROCESSING OPTIONS answered ${describeStatusWord(sw)}${cardSays(ctx)}`);
    return false;
  }
  const nodes = decodeTlv(responseDataOf(response));
  const [first] = nodes;
  if (first?.tag === '80' && first.value.length >= 6) {
    ctx.card.set('82', Buffer.from(first.value.subarray(0, 2)));
    ctx.card.set('94', Buffer.from(first.value.subarray(2)));
  } else if (first?.tag === '77') {
    collect(ctx.card, first.children ?? []);
  } else {
    fail(ctx, step, "the GET PROCESSING OPTIONS response is neither format 1 ('80') nor format 2 ('77')");
    return false;
  }
  const aip = ctx.card.get('82');
  const afl = ctx.card.get('94');
  if (aip?.length !== 2 || !afl) {
    fail(ctx, step, 'the GET PROCESSING OPTIONS response has no 2-byte AIP (82) or no AFL (94)');
    return false;
  }
  const decoded = decodeAfl(afl);
  if (decoded.problems.length > 0) {
    fail(ctx, step, decoded.problems.join('; '));
    return false;
  }
  ctx.afl = decoded.entries;
  const records = recordsOfAfl(decoded.entries).length;
  pass(ctx, step, `AIP ${toHex(aip)}, AFL of ${decoded.entries.length} entries (${records} records)`);
  return true;
}

/** Book 3 7.2: data objects a card must return for every transaction. */
const MANDATORY = [
  ['5F24', 'Application Expiration Date'],
  ['5A', 'Application PAN'],
  ['8C', 'CDOL1'],
  ['8D', 'CDOL2'],
] as const;

/** READ RECORD of the AFL's records (Book 3 10.2), building the static data to be authenticated. */
export function readApplicationData(ctx: TerminalContext): boolean {
  const step = 'read-application-data' as const;
  const staticParts: Buffer[] = [];
  const duplicates: string[] = [];
  for (const { sfi, number, oda } of recordsOfAfl(ctx.afl ?? [])) {
    const response = exchange(ctx, step, apdu(0x00, 0xb2, number, (sfi << 3) | 4, undefined, 0x00));
    const sw = statusWordOf(response);
    if (sw !== SW.ok) {
      const missing = sw === SW.recordNotFound ? ', which the card does not have' : '';
      fail(
        ctx,
        step,
        `AFL points at ${recordName(sfi, number)}${missing}: READ RECORD answered ${describeStatusWord(sw)}${cardSays(ctx)}`,
      );
      return false;
    }
    const data = responseDataOf(response);
    let nodes;
    try {
      nodes = decodeTlv(data);
    } catch (error) {
      fail(ctx, step, `${recordName(sfi, number)} is not BER-TLV: ${(error as Error).message}`);
      return false;
    }
    const template = nodes.length === 1 && nodes[0]!.tag === '70' ? nodes[0]! : undefined;
    if (sfi <= 10 && !template) {
      fail(ctx, step, `${recordName(sfi, number)} is not a single '70' record template (Book 3 10.2)`);
      return false;
    }
    collect(ctx.card, template ? (template.children ?? []) : nodes, duplicates);
    const signedPart = oda ? (sfi <= 10 ? Buffer.from(template!.value) : data) : undefined;
    if (signedPart) staticParts.push(signedPart);
    ctx.records.push({ sfi, record: number, oda, ...(signedPart ? { signedPart } : {}) });
  }
  if (duplicates.length > 0) {
    fail(ctx, step, `the records hold ${[...new Set(duplicates)].join(', ')} more than once (Book 3 10.2)`);
    return false;
  }
  const missing = MANDATORY.filter(([tag]) => !ctx.card.has(tag));
  if (missing.length > 0) {
    setTvr(ctx, 'icc-data-missing');
    fail(
      ctx,
      step,
      `ICC data missing: ${missing.map(([tag, name]) => `${tag} ${name}`).join(', ')} (Book 3 7.2)`,
    );
    return false;
  }
  const tagList = ctx.card.get('9F4A');
  const listed = tagList && tagList.length > 0 ? [Buffer.from(ctx.card.get('82')!)] : [];
  ctx.staticData = concat(...staticParts, ...listed);
  ctx.cdol1 = decodeDol(ctx.card.get('8C')!);
  ctx.cdol2 = decodeDol(ctx.card.get('8D')!);
  const odaCount = ctx.records.filter((record) => record.oda).length;
  pass(
    ctx,
    step,
    `read ${ctx.records.length} records, ${odaCount} of them signed for offline data authentication`,
  );
  return true;
}
