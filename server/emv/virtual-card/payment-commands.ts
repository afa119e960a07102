/**
 * The payment application's commands before the cryptograms (EMV 4.4 Book 3 section 6.5): SELECT
 * response, GET PROCESSING OPTIONS, READ RECORD, GET DATA and VERIFY (offline plaintext PIN). Every
 * answer comes from the personalized data (application-data.ts) and the counters.
 */
import { concat } from '../bytes';
import type { CommandApdu } from '../crypto/command-apdu';
import { decodeTlv, encodeTlv, findTag } from '../tlv/ber-tlv';
import { decodeDol, dolDataLength } from '../tlv/dol';
import { pinFromFormat2Block } from './application-data';
import { type CardReply, type PaymentContext, refusal, reply } from './payment-state';
import { SW } from './status-words';

/** Book 1 11.3.4: FCI template '6F' with the DF Name (84) and the personalized A5. */
export function paymentSelectResponse(ctx: PaymentContext, aid: Buffer): Buffer {
  return encodeTlv('6F', concat(encodeTlv('84', aid), ctx.app.fci[ctx.tx.interface]!));
}

function pdolOf(ctx: PaymentContext) {
  const pdol = findTag(decodeTlv(ctx.app.fci[ctx.tx.interface]!), '9F38');
  return pdol ? decodeDol(pdol.value) : [];
}

/**
 * GET PROCESSING OPTIONS (Book 3 6.5.8): data '83' || length || PDOL data, whose length must be the
 * one the PDOL asks for (6700 otherwise). Starts the transaction: the ATC is incremented (Book 3 Annex
 * A: ATC), and the response is format 2 ('77') with the personalized AIP, AFL and other objects.
 */
export function getProcessingOptions(ctx: PaymentContext, apdu: CommandApdu): CardReply {
  if (apdu.cla !== 0x80) return refusal(SW.claNotSupported, 'GET PROCESSING OPTIONS must have CLA 80');
  if (ctx.tx.pdolData)
    return refusal(SW.conditionsOfUseNotSatisfied, 'GET PROCESSING OPTIONS was already run');
  const data = apdu.data;
  if (data[0] !== 0x83 || data.length < 2 || data[1] !== data.length - 2) {
    return refusal(
      SW.incorrectData,
      "GET PROCESSING OPTIONS data must be the '83' template of the PDOL data",
    );
  }
  const expected = dolDataLength(pdolOf(ctx));
  if (data.length - 2 !== expected) {
    return refusal(SW.wrongLength, `PDOL data is ${data.length - 2} bytes, the PDOL asks for ${expected}`);
  }
  if (ctx.counters.atc >= 0xffff)
    return refusal(SW.conditionsOfUseNotSatisfied, 'the ATC has reached its limit');
  ctx.counters.atc += 1;
  const response = ctx.app.gpo[ctx.tx.interface]!;
  const atc = Buffer.alloc(2);
  atc.writeUInt16BE(ctx.counters.atc);
  ctx.tx.pdolData = Buffer.from(data.subarray(2));
  ctx.tx.aip = Buffer.from(findTag(decodeTlv(response), '82')!.value);
  ctx.tx.atc = atc;
  return reply(encodeTlv('77', response), SW.ok);
}

/** READ RECORD (Book 3 6.5.11): P1 the record number, P2 the SFI << 3 | 100. */
export function readRecord(records: ReadonlyMap<string, Buffer>, apdu: CommandApdu): CardReply {
  if ((apdu.p2 & 0x07) !== 0x04 || apdu.p1 === 0) {
    return refusal(
      SW.incorrectP1P2,
      'READ RECORD must name one record by number and SFI (P2 = SFI << 3 | 4)',
    );
  }
  const sfi = apdu.p2 >> 3;
  const record = records.get(`${sfi}:${apdu.p1}`);
  return record ? reply(record, SW.ok) : refusal(SW.recordNotFound, `no record ${apdu.p1} in SFI ${sfi}`);
}

function twoBytes(value: number): Buffer {
  const out = Buffer.alloc(2);
  out.writeUInt16BE(value);
  return out;
}

/**
 * GET DATA (Book 3 6.5.7): ATC (9F36), Last Online ATC Register (9F13), PIN Try Counter (9F17) and Log
 * Format (9F4F) from the personalized data; anything else is 6A88.
 */
export function getData(ctx: PaymentContext, apdu: CommandApdu): CardReply {
  const tag = (apdu.p1 === 0 ? [apdu.p2] : [apdu.p1, apdu.p2])
    .map((b) => b.toString(16).toUpperCase().padStart(2, '0'))
    .join('');
  const value = (() => {
    switch (tag) {
      case '9F36':
        return twoBytes(ctx.counters.atc);
      case '9F13':
        return twoBytes(ctx.counters.lastOnlineAtc);
      case '9F17':
        return ctx.counters.pinTryCounter === undefined
          ? undefined
          : Buffer.from([ctx.counters.pinTryCounter]);
      case '9F4F':
        return ctx.app.data.get('9F4F');
      default:
        return undefined;
    }
  })();
  return value
    ? reply(encodeTlv(tag, value), SW.ok)
    : refusal(SW.referencedDataNotFound, `no data object ${tag}`);
}

/**
 * VERIFY with a plaintext PIN (Book 3 6.5.12, P2 '80'; the PIN block of Book 3 Table 24, ISO 9564-1
 * format 2): compared with the reference PIN of DGI 8010; a wrong PIN decrements the PIN Try Counter
 * (63Cx), a blocked PIN answers 6983, a right one resets the counter to the PIN Try Limit.
 */
export function verifyPin(ctx: PaymentContext, apdu: CommandApdu): CardReply {
  const pin = ctx.app.pin;
  if (apdu.p1 !== 0) return refusal(SW.incorrectP1P2, 'VERIFY must have P1 00');
  if (apdu.p2 === 0x88) return refusal(SW.functionNotSupported, 'this card verifies plaintext PINs only');
  if (apdu.p2 !== 0x80)
    return refusal(SW.incorrectP1P2, `VERIFY qualifier ${apdu.p2.toString(16)} is not 80`);
  if (!pin || ctx.counters.pinTryCounter === undefined) {
    return refusal(SW.referencedDataNotFound, 'the card has no offline PIN');
  }
  const tries = ctx.counters.pinTryCounter;
  if (tries === 0) {
    ctx.tx.facts.pinTryLimitExceeded = true;
    return refusal(SW.authenticationMethodBlocked, 'the PIN is blocked: PIN Try Counter is 0');
  }
  if (apdu.data.length === 0) return reply(Buffer.alloc(0), 0x63c0 | tries);
  const offered = pinFromFormat2Block(apdu.data);
  if (offered === undefined) return refusal(SW.incorrectData, 'VERIFY data is not a format 2 PIN block');
  ctx.tx.facts.offlinePinPerformed = true;
  if (offered === pin.reference) {
    ctx.counters.pinTryCounter = pin.tryLimit;
    ctx.tx.facts.offlinePinFailed = false;
    return reply(Buffer.alloc(0), SW.ok);
  }
  ctx.counters.pinTryCounter = tries - 1;
  ctx.tx.facts.offlinePinFailed = true;
  if (tries - 1 === 0) ctx.tx.facts.pinTryLimitExceeded = true;
  return { data: Buffer.alloc(0), sw: 0x63c0 | (tries - 1), reason: 'wrong PIN' };
}
