/**
 * The payment application's cryptographic commands (EMV 4.4 Book 3 6.5): INTERNAL AUTHENTICATE (DDA,
 * Book 2 6.5), GENERATE AC (Book 3 6.5.5; CDA, Book 2 6.6) and EXTERNAL AUTHENTICATE (Book 3 6.5.4,
 * Book 2 8.2), with the keys the card was personalized with and the session keys of its CVN.
 */
import { concat } from '../bytes';
import { sha1 } from '../certificates/common';
import type { CommandApdu } from '../crypto/command-apdu';
import { computeApplicationCryptogram } from '../crypto/cryptograms';
import { encodeTlv } from '../tlv/ber-tlv';
import { type DolEntry, dolDataLength } from '../tlv/dol';
import { iccKeyProblem, signDynamicApplicationData } from './card-signature';
import {
  AC_TYPE_BITS,
  type AcType,
  acTypeOf,
  applicationCryptogramKey,
  arpcKey,
  buildIssuerApplicationData,
  checkIssuerAuthenticationData,
  cryptogramData,
} from './cryptogram-scheme';
import { type CardReply, type PaymentContext, refusal, reply } from './payment-state';
import { SW } from './status-words';

const ICC_DYNAMIC_NUMBER_LENGTH = 8;

/** Values of a DOL's data by tag (Book 3 5.4, read back as the card defined it). */
function valuesByTag(dol: readonly DolEntry[], data: Buffer): Map<string, Buffer> {
  const values = new Map<string, Buffer>();
  let offset = 0;
  for (const entry of dol) {
    values.set(entry.tag, Buffer.from(data.subarray(offset, offset + entry.length)));
    offset += entry.length;
  }
  return values;
}

/**
 * INTERNAL AUTHENTICATE (Book 3 6.5.9, Book 2 6.5.1): a fresh ICC Dynamic Number, signed with the DDOL
 * data. Format 2 response: '77' with the Signed Dynamic Application Data (9F4B).
 */
export function internalAuthenticate(ctx: PaymentContext, apdu: CommandApdu): CardReply {
  const key = ctx.app.iccKey;
  if (!key) return refusal(SW.conditionsOfUseNotSatisfied, 'the card has no ICC private key');
  const problem = iccKeyProblem(key);
  if (problem) return refusal(SW.conditionsOfUseNotSatisfied, problem);
  const idn = ctx.random(ICC_DYNAMIC_NUMBER_LENGTH);
  const sdad = signDynamicApplicationData(concat(Buffer.from([idn.length]), idn), apdu.data, key);
  ctx.tx.facts.ddaPerformed = true;
  return reply(encodeTlv('77', encodeTlv('9F4B', sdad)), SW.ok);
}

/** ARC values that mean "approved" (Book 4 Annex A6: '00', and the offline approvals 'Y1', 'Y3'). */
const APPROVING_ARCS = ['3030', '5931', '5933'];

function decideSecondAc(ctx: PaymentContext, requested: AcType, values: Map<string, Buffer>): AcType {
  if (requested !== 'TC') return 'AAC';
  if (ctx.tx.facts.issuerAuthentication === 'failed') return 'AAC';
  const arc = values.get('8A');
  return arc && !APPROVING_ARCS.includes(arc.toString('hex').toUpperCase()) ? 'AAC' : 'TC';
}

/**
 * 91 in CDOL2 has a fixed length, and Book 3 5.4 pads a shorter value with zeros: for ARPC method 2
 * (ARPC 4 || CSU 4 || 0-8 bytes of proprietary data) zeros after the CSU are read as that padding.
 */
function withoutDolPadding(data: Buffer): Buffer {
  let end = data.length;
  while (end > 8 && data[end - 1] === 0) end--;
  return data.subarray(0, end);
}

function issuerAuthentication(ctx: PaymentContext, data: Buffer): { ok: boolean } {
  const { scheme, tx, app } = ctx;
  const key = arpcKey(scheme, app.masterKeys[0]!, tx.acKey!);
  const result = checkIssuerAuthenticationData(scheme, key, tx.firstAc!.ac, data);
  tx.facts.issuerAuthentication = result.ok ? 'passed' : 'failed';
  return result;
}

/**
 * GENERATE AC (Book 3 6.5.5): P1 b8-b7 the requested type, b5 a CDA signature. The first answers an
 * ARQC (or the AAC asked for: this card always wants to go online), the second a TC or an AAC after
 * issuer authentication (by EXTERNAL AUTHENTICATE, or 91 in CDOL2). Format 2 response: CID, ATC, the
 * cryptogram (9F26) or, with CDA, the SDAD (9F4B) that carries it (Book 2 6.6.1), and the IAD.
 */
export function generateAc(ctx: PaymentContext, apdu: CommandApdu): CardReply {
  const { tx, app, scheme } = ctx;
  if (apdu.cla !== 0x80) return refusal(SW.claNotSupported, 'GENERATE AC must have CLA 80');
  if (!tx.pdolData || !tx.aip || !tx.atc) {
    return refusal(SW.conditionsOfUseNotSatisfied, 'GENERATE AC before GET PROCESSING OPTIONS');
  }
  const requested = acTypeOf(apdu.p1);
  if (requested === undefined || apdu.p2 !== 0)
    return refusal(SW.incorrectP1P2, 'GENERATE AC P1 asks for no AC type');
  const first = tx.firstAc === undefined;
  if (!first && (tx.firstAc!.type !== 'ARQC' || tx.secondAc !== undefined)) {
    return refusal(SW.conditionsOfUseNotSatisfied, 'no further GENERATE AC is allowed in this transaction');
  }
  const dol = first ? app.cdol1 : app.cdol2;
  if (!dol) return refusal(SW.conditionsOfUseNotSatisfied, `the card has no ${first ? 'CDOL1' : 'CDOL2'}`);
  if (apdu.data.length !== dolDataLength(dol)) {
    return refusal(
      SW.wrongLength,
      `${first ? 'CDOL1' : 'CDOL2'} data is ${apdu.data.length} bytes, the card asks for ${dolDataLength(dol)}`,
    );
  }
  const values = valuesByTag(dol, apdu.data);
  let type: AcType;
  if (first) {
    tx.cdol1Data = Buffer.from(apdu.data);
    tx.terminalData = values;
    tx.unpredictableNumber = values.get('9F37') ?? Buffer.alloc(4);
    tx.acKey = applicationCryptogramKey(scheme, app.masterKeys[0]!, tx.atc, tx.unpredictableNumber);
    type = requested === 'AAC' ? 'AAC' : 'ARQC';
    tx.facts.firstAc = type;
  } else {
    for (const [tag, value] of values) tx.terminalData!.set(tag, value);
    const issuerData = values.get('91');
    if (issuerData && issuerData.some((b) => b !== 0) && tx.facts.issuerAuthentication === 'not-performed') {
      issuerAuthentication(ctx, scheme.arpcMethod === 2 ? withoutDolPadding(issuerData) : issuerData);
    }
    type = decideSecondAc(ctx, requested, values);
    tx.secondAc = type;
    tx.facts.secondAc = type;
    if (type === 'TC') ctx.counters.lastOnlineAtc = ctx.counters.atc;
  }
  const cda =
    (apdu.p1 & 0x10) !== 0 && type !== 'AAC' && (tx.aip[0]! & 0x01) !== 0 && app.iccKey !== undefined;
  if (cda) tx.facts.cdaPerformed = true;
  const iad = buildIssuerApplicationData(scheme, tx.facts);
  const input = { terminalData: tx.terminalData!, aip: tx.aip, atc: tx.atc, iad };
  const ac = computeApplicationCryptogram(tx.acKey!, cryptogramData(scheme, input), scheme.padding);
  if (first) tx.firstAc = { type, ac };
  const cid = Buffer.from([AC_TYPE_BITS[type]]);
  const cidTlv = encodeTlv('9F27', cid);
  const atcTlv = encodeTlv('9F36', tx.atc);
  const iadTlv = encodeTlv('9F10', iad);
  if (!cda) return reply(encodeTlv('77', concat(cidTlv, atcTlv, encodeTlv('9F26', ac), iadTlv)), SW.ok);
  // Book 2 6.6.1: the Transaction Data Hash Code covers PDOL, CDOL1 (and CDOL2) data and the response
  // objects other than the SDAD; the SDAD signs IDN, CID, AC and that hash with the UN as terminal data.
  const problem = iccKeyProblem(app.iccKey!);
  if (problem) return refusal(SW.conditionsOfUseNotSatisfied, problem);
  const tdhc = sha1(tx.pdolData, tx.cdol1Data!, first ? Buffer.alloc(0) : apdu.data, cidTlv, atcTlv, iadTlv);
  const idn = ctx.random(ICC_DYNAMIC_NUMBER_LENGTH);
  const dynamic = concat(Buffer.from([idn.length]), idn, cid, ac, tdhc);
  const sdad = signDynamicApplicationData(dynamic, tx.unpredictableNumber!, app.iccKey!);
  return reply(encodeTlv('77', concat(cidTlv, atcTlv, encodeTlv('9F4B', sdad), iadTlv)), SW.ok);
}

/**
 * EXTERNAL AUTHENTICATE (Book 3 6.5.4): the Issuer Authentication Data after an ARQC, once per
 * transaction; 6300 when the ARPC does not verify.
 */
export function externalAuthenticateIssuer(ctx: PaymentContext, apdu: CommandApdu): CardReply {
  const { tx } = ctx;
  if (
    tx.firstAc?.type !== 'ARQC' ||
    tx.secondAc !== undefined ||
    tx.facts.issuerAuthentication !== 'not-performed'
  ) {
    return refusal(SW.conditionsOfUseNotSatisfied, 'EXTERNAL AUTHENTICATE is allowed once, after an ARQC');
  }
  const { ok } = issuerAuthentication(ctx, apdu.data);
  return ok ? reply(Buffer.alloc(0), SW.ok) : refusal(SW.authenticationFailed, 'the ARPC does not verify');
}
