/**
 * Offline data authentication (EMV 4.4 Book 3 10.3; Book 2 sections 5 and 6): the method is the best
 * one card (AIP) and terminal share, CDA before DDA before SDA. The CA public key is looked up by RID,
 * index and list (test or live: the same RID and index name different keys in the two); the issuer
 * certificate is recovered with it (Book 2 5.3), then SDA checks the Signed Static Application Data
 * (5.4), DDA and CDA recover the ICC certificate (6.4) over the static data, and DDA checks the
 * INTERNAL AUTHENTICATE signature (6.5.2). CDA's signature is checked with GENERATE AC (generate-ac.ts).
 */
import { toHex } from '../bytes';
import { isCertificateExpired, issuerIdentifierMatchesPan } from '../certificates/certificate-checks';
import { recoverDdaSignature } from '../certificates/dynamic-data';
import { CertificateError } from '../certificates/errors';
import { applicationPanField, recoverIccCertificate } from '../certificates/icc-certificate';
import { recoverIssuerCertificate } from '../certificates/issuer-certificate';
import type { RsaPublicKey } from '../certificates/rsa';
import { recoverStaticData } from '../certificates/static-data';
import { decodeTlv, findTag } from '../tlv/ber-tlv';
import { buildDolData, decodeDol } from '../tlv/dol';
import { SW, describeStatusWord, responseDataOf, statusWordOf } from '../virtual-card/status-words';
import { type TerminalContext, apdu, cardSays, exchange, fail, pass, setTvr, skip } from './context';
import { diagnoseStaticData } from './static-data-diagnosis';

const STEP = 'offline-data-authentication' as const;
const FAILED_BIT = { sda: 'sda-failed', dda: 'dda-failed', cda: 'cda-failed' } as const;
/** Book 3 10.3: with no DDOL on the card, the terminal's default DDOL; the UN is what it must hold. */
const DEFAULT_DDOL = Buffer.from('9F3704', 'hex');

class OdaFailure extends Error {}

export function panOf(ctx: TerminalContext): string {
  return toHex(ctx.card.get('5A') ?? Buffer.alloc(0)).replace(/F+$/, '');
}

/** The transaction date as a Date (UTC), for certificate expiry (Book 2 5.3 step 9). */
function transactionDate(ctx: TerminalContext): Date {
  const d = ctx.settings.transaction.date;
  return new Date(Date.UTC(2000 + Number(d.slice(0, 2)), Number(d.slice(2, 4)) - 1, Number(d.slice(4, 6))));
}

function required(ctx: TerminalContext, tag: string, name: string): Buffer {
  const value = ctx.card.get(tag);
  if (!value) {
    setTvr(ctx, 'icc-data-missing');
    throw new OdaFailure(`ICC data missing: ${tag} ${name}`);
  }
  return value;
}

function expiryText(expiry: Buffer): string {
  const hex = toHex(expiry);
  return `${hex.slice(0, 2)}/${hex.slice(2)}`;
}

function chooseMethod(ctx: TerminalContext): 'sda' | 'dda' | 'cda' | undefined {
  const aip = ctx.card.get('82')![0]!;
  const terminal = ctx.settings.supportedOda;
  if (aip & 0x01 && terminal.includes('cda')) return 'cda';
  if (aip & 0x20 && terminal.includes('dda')) return 'dda';
  if (aip & 0x40 && terminal.includes('sda')) return 'sda';
  return undefined;
}

function caKey(ctx: TerminalContext): RsaPublicKey {
  const rid = toHex(ctx.aid!.subarray(0, 5));
  const index = toHex(required(ctx, '8F', 'Certification Authority Public Key Index'));
  const environment = ctx.settings.environment;
  const entry = ctx.settings.caKeys.find(
    (k) => k.rid === rid && k.index === index && k.environment === environment,
  );
  if (!entry)
    throw new OdaFailure(`no CA public key for RID ${rid} index ${index} in the ${environment} list`);
  return { modulus: Buffer.from(entry.modulus, 'hex'), exponent: Buffer.from(entry.exponent, 'hex') };
}

function issuerKey(ctx: TerminalContext): RsaPublicKey {
  const key = caKey(ctx);
  const certificate = required(ctx, '90', 'Issuer Public Key Certificate');
  const exponent = required(ctx, '9F32', 'Issuer Public Key Exponent');
  const where = `RID ${toHex(ctx.aid!.subarray(0, 5))} index ${toHex(ctx.card.get('8F')!)}`;
  let recovered;
  try {
    recovered = recoverIssuerCertificate(certificate, key, ctx.card.get('92') ?? Buffer.alloc(0), exponent);
  } catch (error) {
    if (!(error instanceof CertificateError)) throw error;
    throw new OdaFailure(
      `issuer certificate (90) does not recover with CA key ${where} (${error.message}): a wrong issuer certificate, or one signed by another CA key`,
    );
  }
  if (!recovered.hashOk) {
    throw new OdaFailure(
      'issuer certificate hash does not verify: the certificate does not match the issuer public key remainder (92) or exponent (9F32)',
    );
  }
  const pan = panOf(ctx);
  if (!issuerIdentifierMatchesPan(recovered.issuerIdentifier, pan)) {
    throw new OdaFailure(
      `issuer certificate is for issuer identifier ${toHex(recovered.issuerIdentifier)}, which is not the start of the PAN`,
    );
  }
  if (isCertificateExpired(recovered.expiry, transactionDate(ctx))) {
    throw new OdaFailure(`issuer certificate expired in ${expiryText(recovered.expiry)}`);
  }
  return { modulus: recovered.issuerModulus, exponent };
}

function sda(ctx: TerminalContext, issuer: RsaPublicKey): string {
  const ssad = required(ctx, '93', 'Signed Static Application Data');
  let recovered;
  try {
    recovered = recoverStaticData(ssad, issuer, ctx.staticData);
  } catch (error) {
    if (!(error instanceof CertificateError)) throw error;
    throw new OdaFailure(
      `Signed Static Application Data (93) does not recover with the issuer key (${error.message})`,
    );
  }
  if (!recovered.hashOk) {
    throw new OdaFailure(
      `Signed Static Application Data hash does not match the static data: ${diagnoseStaticData(ctx)}`,
    );
  }
  ctx.terminal.set('9F45', Buffer.from(recovered.dac));
  return `SDA: issuer certificate and Signed Static Application Data verify (DAC ${toHex(recovered.dac)})`;
}

function iccKey(ctx: TerminalContext, issuer: RsaPublicKey): RsaPublicKey {
  const certificate = required(ctx, '9F46', 'ICC Public Key Certificate');
  const exponent = required(ctx, '9F47', 'ICC Public Key Exponent');
  let recovered;
  try {
    recovered = recoverIccCertificate(
      certificate,
      issuer,
      ctx.card.get('9F48') ?? Buffer.alloc(0),
      exponent,
      ctx.staticData,
    );
  } catch (error) {
    if (!(error instanceof CertificateError)) throw error;
    throw new OdaFailure(
      `ICC certificate (9F46) does not recover with the issuer public key (${error.message})`,
    );
  }
  if (!recovered.hashOk) {
    throw new OdaFailure(`ICC certificate hash does not match the static data: ${diagnoseStaticData(ctx)}`);
  }
  if (!recovered.pan.equals(applicationPanField(panOf(ctx)))) {
    throw new OdaFailure(
      `ICC certificate is for PAN ${toHex(recovered.pan).replace(/F+$/, '')}, not the card's PAN`,
    );
  }
  if (isCertificateExpired(recovered.expiry, transactionDate(ctx))) {
    throw new OdaFailure(`ICC certificate expired in ${expiryText(recovered.expiry)}`);
  }
  return { modulus: recovered.iccModulus, exponent };
}

function dda(ctx: TerminalContext, icc: RsaPublicKey): string {
  const ddol = decodeDol(ctx.card.get('9F49') ?? DEFAULT_DDOL);
  const ddolData = buildDolData(ddol, ctx.terminal);
  const response = exchange(ctx, STEP, apdu(0x00, 0x88, 0x00, 0x00, ddolData, 0x00), {
    kind: 'dol',
    dol: ddol,
    name: 'DDOL',
  });
  const sw = statusWordOf(response);
  if (sw !== SW.ok)
    throw new OdaFailure(`INTERNAL AUTHENTICATE answered ${describeStatusWord(sw)}${cardSays(ctx)}`);
  const nodes = decodeTlv(responseDataOf(response));
  const sdad = nodes[0]?.tag === '80' ? nodes[0].value : findTag(nodes, '9F4B')?.value;
  if (!sdad)
    throw new OdaFailure('the INTERNAL AUTHENTICATE response holds no Signed Dynamic Application Data');
  let recovered;
  try {
    recovered = recoverDdaSignature(sdad, icc, ddolData);
  } catch (error) {
    if (!(error instanceof CertificateError)) throw error;
    throw new OdaFailure(
      `the INTERNAL AUTHENTICATE signature does not recover with the ICC public key of the certificate (${error.message}): the card's ICC private key does not match its certificate`,
    );
  }
  if (!recovered.hashOk) {
    throw new OdaFailure(
      'the INTERNAL AUTHENTICATE signature hash does not cover the DDOL data the terminal sent',
    );
  }
  ctx.terminal.set('9F4C', Buffer.from(recovered.iccDynamicNumber));
  return 'DDA: issuer and ICC certificates and the INTERNAL AUTHENTICATE signature verify';
}

/** Runs SDA or DDA, or the certificate part of CDA; failures set the TVR and fail the step. */
export function offlineDataAuthentication(ctx: TerminalContext): void {
  const method = chooseMethod(ctx);
  if (!method) {
    setTvr(ctx, 'oda-not-performed');
    skip(ctx, STEP, 'the card and the terminal share no offline data authentication method');
    return;
  }
  ctx.oda = method;
  if (method === 'sda') setTvr(ctx, 'sda-selected');
  try {
    const tagList = ctx.card.get('9F4A');
    if (tagList && tagList.length > 0 && toHex(tagList) !== '82') {
      throw new OdaFailure(
        `the SDA Tag List (9F4A) is ${toHex(tagList)}; Book 3 10.3 allows only the AIP (82)`,
      );
    }
    const issuer = issuerKey(ctx);
    if (method === 'sda') {
      pass(ctx, STEP, sda(ctx, issuer));
      return;
    }
    ctx.iccKey = iccKey(ctx, issuer);
    if (method === 'dda') {
      pass(ctx, STEP, dda(ctx, ctx.iccKey));
      return;
    }
    pass(ctx, STEP, 'CDA: issuer and ICC certificates verify; the card signs its GENERATE AC responses');
  } catch (error) {
    if (!(error instanceof OdaFailure)) throw error;
    setTvr(ctx, FAILED_BIT[method]);
    ctx.iccKey = undefined;
    fail(ctx, STEP, `${method.toUpperCase()} failed: ${error.message}`);
  }
}
