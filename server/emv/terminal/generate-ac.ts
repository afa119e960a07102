/**
 * Card action analysis and completion (EMV 4.4 Book 3 10.8-10.11): the first GENERATE AC with the CDOL1
 * data (CDA requested when CDA was chosen, Book 2 6.6), online authorisation of an ARQC at the issuer
 * host, issuer authentication (EXTERNAL AUTHENTICATE, or 91 in CDOL2 data, Book 3 6.5.4 and 10.9), and
 * the second GENERATE AC. CDA signatures are verified on each response (Book 2 6.6.2): a failure sets
 * "CDA failed" and the terminal asks for an AAC at completion, as Book 3 10.11 requires; the ARQC is
 * still checked at the issuer host so the report says all it can.
 */
import { toHex } from '../bytes';
import { verifyCdaSignature } from '../certificates/dynamic-data';
import { CertificateError } from '../certificates/errors';
import { decodeTlv, findTag } from '../tlv/ber-tlv';
import { buildDolData, type DolEntry } from '../tlv/dol';
import { AC_TYPE_BITS, type AcType, acTypeOf } from '../virtual-card/cryptogram-scheme';
import { SW, describeStatusWord, responseDataOf, statusWordOf } from '../virtual-card/status-words';
import {
  type StepId,
  type TerminalContext,
  apdu,
  cardSays,
  exchange,
  fail,
  hasTvr,
  pass,
  setTvr,
  skip,
} from './context';
import type { CryptogramRequest } from './issuer-host';

interface GenAcResponse {
  type?: AcType;
  cid: Buffer;
  atc?: Buffer;
  ac?: Buffer;
  sdad?: Buffer;
  iad?: Buffer;
  /** The response data, for CDA's hash of the response objects. */
  data: Buffer;
}

/** Book 3 6.5.5.4: format 1 ('80': CID, ATC, AC, IAD) or format 2 ('77' with tags). */
function parseResponse(data: Buffer): GenAcResponse | undefined {
  const [first] = decodeTlv(data);
  if (first?.tag === '80' && first.value.length >= 11) {
    const v = first.value;
    return {
      cid: v.subarray(0, 1),
      type: acTypeOf(v[0]!),
      atc: v.subarray(1, 3),
      ac: v.subarray(3, 11),
      iad: v.subarray(11),
      data,
    };
  }
  if (first?.tag !== '77') return undefined;
  const nodes = first.children ?? [];
  const cid = findTag(nodes, '9F27')?.value;
  if (!cid) return undefined;
  return {
    cid,
    type: acTypeOf(cid[0]!),
    atc: findTag(nodes, '9F36')?.value,
    ac: findTag(nodes, '9F26')?.value,
    sdad: findTag(nodes, '9F4B')?.value,
    iad: findTag(nodes, '9F10')?.value,
    data,
  };
}

/** Verifies the CDA signature of a response and takes the cryptogram from it; a reason when it fails. */
function checkCda(
  ctx: TerminalContext,
  response: GenAcResponse,
  cdol1Data: Buffer,
  cdol2Data?: Buffer,
): string | undefined {
  if (!response.sdad) return 'the card did not sign its response (no 9F4B) although CDA was requested';
  try {
    const result = verifyCdaSignature({
      sdad: response.sdad,
      iccKey: ctx.iccKey!,
      unpredictableNumber: ctx.terminal.get('9F37')!,
      pdolData: ctx.pdolData,
      cdol1Data,
      ...(cdol2Data ? { cdol2Data } : {}),
      genAcResponse: response.data,
    });
    if (!result.hashOk) return 'the CDA signature hash does not verify with the unpredictable number sent';
    if (!result.tdhcOk)
      return 'the Transaction Data Hash Code in the CDA signature does not match the PDOL, CDOL data and response';
    if (result.cidOk === false)
      return 'the CID signed in the CDA signature differs from the CID of the response';
    response.ac = result.applicationCryptogram;
    return undefined;
  } catch (error) {
    if (!(error instanceof CertificateError)) throw error;
    return `the CDA signature does not recover with the ICC public key of the certificate (${error.message}): the card's ICC private key does not match its certificate`;
  }
}

function generateAc(
  ctx: TerminalContext,
  step: StepId,
  requested: AcType,
  dol: readonly DolEntry[],
  name: string,
): { response?: GenAcResponse; problem?: string; data: Buffer; cda: boolean } {
  const cda =
    ctx.oda === 'cda' && ctx.iccKey !== undefined && requested !== 'AAC' && !hasTvr(ctx, 'cda-failed');
  const data = buildDolData(dol, ctx.terminal);
  const p1 = AC_TYPE_BITS[requested] | (cda ? 0x10 : 0);
  const raw = exchange(ctx, step, apdu(0x80, 0xae, p1, 0x00, data, 0x00), { kind: 'dol', dol, name });
  const sw = statusWordOf(raw);
  if (sw !== SW.ok)
    return { data, cda, problem: `GENERATE AC answered ${describeStatusWord(sw)}${cardSays(ctx)}` };
  const response = parseResponse(responseDataOf(raw));
  if (!response?.type)
    return { data, cda, problem: 'the GENERATE AC response has no valid Cryptogram Information Data' };
  return { data, cda, response };
}

/** The values a DOL's data carried, by tag (Book 3 5.4). */
function valuesOf(
  dol: readonly DolEntry[],
  data: Buffer,
  into = new Map<string, Buffer>(),
): Map<string, Buffer> {
  let offset = 0;
  for (const entry of dol) {
    into.set(entry.tag, Buffer.from(data.subarray(offset, offset + entry.length)));
    offset += entry.length;
  }
  return into;
}

/** ICC data of an authorisation or clearing message: what the GENERATE AC commands sent and got. */
function iccData(ctx: TerminalContext, response: GenAcResponse, cdol2Data?: Buffer): Map<string, Buffer> {
  const data = valuesOf(ctx.cdol1!, ctx.cdol1Data!);
  if (cdol2Data) valuesOf(ctx.cdol2!, cdol2Data, data);
  for (const [tag, value] of [
    ['82', ctx.card.get('82')],
    ['9F36', response.atc],
    ['9F10', response.iad],
    ['9F26', response.ac],
    ['9F27', response.cid],
  ] as const) {
    if (value) data.set(tag, Buffer.from(value));
  }
  return data;
}

function cryptogramRequest(
  ctx: TerminalContext,
  response: GenAcResponse,
  cdol2Data?: Buffer,
): CryptogramRequest {
  const pan = toHex(ctx.card.get('5A')!).replace(/F+$/, '');
  const psn = ctx.card.get('5F34') ? toHex(ctx.card.get('5F34')!) : '00';
  return {
    pan,
    psn,
    iccData: iccData(ctx, response, cdol2Data),
    sessionUnpredictableNumber: valuesOf(ctx.cdol1!, ctx.cdol1Data!).get('9F37') ?? Buffer.alloc(4),
  };
}

/**
 * First GENERATE AC and, for an ARQC, online authorisation. Returns whether the card approved offline
 * (a TC); the second GENERATE AC sends the same unpredictable number.
 */
export async function firstGenerateAc(ctx: TerminalContext, requested: AcType): Promise<boolean> {
  const step = 'first-generate-ac' as const;
  const { response, problem, data, cda } = generateAc(ctx, step, requested, ctx.cdol1!, 'CDOL1');
  ctx.cdol1Data = data;
  if (!response) {
    fail(ctx, step, problem!);
    return false;
  }
  const cdaProblem = cda && response.type !== 'AAC' ? checkCda(ctx, response, data) : undefined;
  if (cdaProblem) setTvr(ctx, 'cda-failed');
  ctx.firstAc = { type: response.type!, ac: response.ac ?? Buffer.alloc(8), response: response.data };
  const summary = `${response.type}${response.ac ? ` ${toHex(response.ac)}` : ''} (ATC ${toHex(response.atc ?? Buffer.alloc(0))})`;
  if (cdaProblem) fail(ctx, step, `${summary}; CDA failed: ${cdaProblem}`);
  else if (response.type === 'AAC' && requested !== 'AAC')
    fail(ctx, step, `the card declined offline: ${summary}`);
  else pass(ctx, step, `${summary}${cda ? '; CDA signature verifies' : ''}`);
  if (response.type !== 'ARQC') return response.type === 'TC';
  const authorisation = await ctx.config.issuer.authorise(cryptogramRequest(ctx, response));
  ctx.authorisation = authorisation;
  ctx.terminal.set('8A', authorisation.arc);
  if (authorisation.issuerAuthenticationData) ctx.terminal.set('91', authorisation.issuerAuthenticationData);
  if (authorisation.ok && authorisation.approved) pass(ctx, 'online-authorisation', authorisation.reason);
  else fail(ctx, 'online-authorisation', authorisation.reason);
  return true;
}

/** Issuer authentication by EXTERNAL AUTHENTICATE, unless CDOL2 carries 91 to the card. */
function issuerAuthentication(ctx: TerminalContext): 'in-second-generate-ac' | 'done' {
  const step = 'issuer-authentication' as const;
  const data = ctx.authorisation?.issuerAuthenticationData;
  if ((ctx.card.get('82')![0]! & 0x04) === 0) {
    skip(ctx, step, 'the AIP does not support issuer authentication');
    return 'done';
  }
  if (!data) {
    skip(ctx, step, 'the issuer sent no Issuer Authentication Data');
    return 'done';
  }
  if (ctx.cdol2!.some((entry) => entry.tag === '91')) return 'in-second-generate-ac';
  const response = exchange(ctx, step, apdu(0x00, 0x82, 0x00, 0x00, data));
  const sw = statusWordOf(response);
  if (sw === SW.ok) pass(ctx, step, 'EXTERNAL AUTHENTICATE: the card verified the ARPC');
  else {
    setTvr(ctx, 'issuer-authentication-failed');
    ctx.issuerAuthenticationFailed = true;
    fail(
      ctx,
      step,
      `EXTERNAL AUTHENTICATE answered ${describeStatusWord(sw)}: the card does not verify the ARPC${cardSays(ctx)}`,
    );
  }
  return 'done';
}

/** Completion (Book 3 10.11): TC when the issuer approved and nothing failed since, else AAC. */
export async function completeTransaction(ctx: TerminalContext): Promise<AcType | undefined> {
  const step = 'second-generate-ac' as const;
  const how = issuerAuthentication(ctx);
  const approved = ctx.authorisation?.approved === true;
  const requested: AcType =
    approved && !ctx.issuerAuthenticationFailed && !hasTvr(ctx, 'cda-failed') ? 'TC' : 'AAC';
  const { response, problem, data, cda } = generateAc(ctx, step, requested, ctx.cdol2!, 'CDOL2');
  if (!response) {
    if (how === 'in-second-generate-ac') skip(ctx, 'issuer-authentication', 'the second GENERATE AC failed');
    fail(ctx, step, problem!);
    return undefined;
  }
  const cdaProblem =
    cda && response.type !== 'AAC' ? checkCda(ctx, response, ctx.cdol1Data!, data) : undefined;
  if (cdaProblem) setTvr(ctx, 'cda-failed');
  if (how === 'in-second-generate-ac') {
    if (response.type === 'TC' || requested === 'AAC')
      pass(
        ctx,
        'issuer-authentication',
        'the card took the ARPC with the second GENERATE AC (CDOL2 asks for 91)',
      );
    else
      fail(
        ctx,
        'issuer-authentication',
        `the card answered ${response.type} to the Issuer Authentication Data in the second GENERATE AC: it does not verify the ARPC`,
      );
  }
  const summary = `${response.type}${response.ac ? ` ${toHex(response.ac)}` : ''}`;
  if (cdaProblem) {
    fail(ctx, step, `${summary}; CDA failed: ${cdaProblem}`);
    return response.type;
  }
  if (response.type !== requested) {
    fail(ctx, step, `${requested} requested, the card answered ${summary}${cardSays(ctx)}`);
    return response.type;
  }
  if (response.type === 'TC') {
    const check = await ctx.config.issuer.verifyCryptogram(cryptogramRequest(ctx, response, data));
    if (!check.ok) {
      fail(ctx, step, `${summary}, but at clearing ${check.reason}`);
      return response.type;
    }
  }
  const why = requested === 'AAC' ? ' (the transaction is declined)' : '; the TC verifies at the issuer host';
  pass(ctx, step, `${summary}${cda ? ', CDA signature verifies' : ''}${why}`);
  return response.type;
}
