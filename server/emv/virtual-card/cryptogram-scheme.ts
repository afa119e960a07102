/**
 * What the card and the issuer host must agree on to compute and check an application cryptogram for a
 * cryptogram version (CVN): the Issuer Application Data layout (9F10), the data the MAC covers, the
 * session key and the ARPC (EMV 4.4 Book 2 8.1 and 8.2, A1.3; Book 3 Annex C7 for the Common Core
 * Definitions IAD format A). Session key and ARPC method per CVN come from profile/cvn.ts.
 *
 * Cryptogram data (Book 2 8.1.1, Table 26): the terminal data of the recommended minimum set, in that
 * order, taken from the GENERATE AC data by tag; then AIP and ATC; then, per family, the part of the
 * IAD the scheme includes: VSDC-style CVN 10 the CVR (IAD bytes 4-7), others the whole IAD; M/Chip
 * style the CVR (IAD bytes 3-8), plus the counters (bytes 11-18) for CVNs with "counters in the AC";
 * CCD format A the whole IAD. Padding 1 for CVN 10 (no session key), padding 2 otherwise.
 * The CVR bits are a simplified, documented subset of each family's CVR, not a scheme's full layout.
 */
import { concat, toHex } from '../bytes';
import { computeArpcMethod1, computeArpcMethod2, type CryptogramPadding } from '../crypto/cryptograms';
import { deriveEmvAcSessionKey, deriveMastercardSessionKey } from '../crypto/session-keys';
import { MINIMUM_CDOL1, cvnProfile, type CvnProfile } from '../profile/cvn';

export type ApplicationFamily = CvnProfile['family'];

export interface CryptogramScheme extends CvnProfile {
  padding: CryptogramPadding;
}

/** Derivation Key Index put in the IAD (which issuer master key generation the card holds). */
export const DERIVATION_KEY_INDEX = 0x01;

export function cryptogramScheme(family: ApplicationFamily, cvn: string): CryptogramScheme {
  const profile = cvnProfile(family, cvn);
  if (!profile) throw new RangeError(`cryptogram version ${cvn} is not defined for the ${family} family`);
  return { ...profile, padding: profile.sessionKeys === 'none' ? 1 : 2 };
}

/** Application cryptogram types in the Cryptogram Information Data, b8-b7 (Book 3 Table 15). */
export type AcType = 'AAC' | 'TC' | 'ARQC';
export const AC_TYPE_BITS: Readonly<Record<AcType, number>> = { AAC: 0x00, TC: 0x40, ARQC: 0x80 };

export function acTypeOf(bits: number): AcType | undefined {
  return (['AAC', 'TC', 'ARQC'] as const).find((type) => AC_TYPE_BITS[type] === (bits & 0xc0));
}

/** What the card records about the transaction in its Card Verification Results. */
export interface CvrFacts {
  firstAc?: AcType;
  secondAc?: AcType;
  offlinePinPerformed: boolean;
  offlinePinFailed: boolean;
  pinTryLimitExceeded: boolean;
  issuerAuthentication: 'not-performed' | 'passed' | 'failed';
  cdaPerformed: boolean;
  ddaPerformed: boolean;
}

/** b8-b7 of the AC type in CVRs: 00 AAC, 01 TC, 10 ARQC (or "2nd GENERATE AC not requested"). */
function typeBits(type: AcType | undefined, notRequested: number): number {
  if (type === undefined) return notRequested;
  return { AAC: 0, TC: 1, ARQC: 2 }[type];
}

function cvr(family: ApplicationFamily, facts: CvrFacts): Buffer {
  const acs = (typeBits(facts.secondAc, 2) << 6) | (typeBits(facts.firstAc, 0) << 4);
  const issuerFailed = facts.issuerAuthentication === 'failed';
  if (family === 'vsdc-style') {
    // Visa-style CVR: length 03, AC types, issuer authentication failed, offline PIN performed/failed.
    const b2 =
      acs |
      (issuerFailed ? 0x08 : 0) |
      (facts.offlinePinPerformed ? 0x04 : 0) |
      (facts.offlinePinFailed ? 0x02 : 0);
    return Buffer.from([0x03, b2, facts.pinTryLimitExceeded ? 0x80 : 0, 0x00]);
  }
  if (family === 'mchip-style') {
    const b2 =
      (facts.offlinePinPerformed ? 0x80 : 0) |
      (facts.offlinePinFailed ? 0x20 : 0) |
      (facts.pinTryLimitExceeded ? 0x10 : 0) |
      (facts.cdaPerformed ? 0x02 : 0);
    return Buffer.from([acs, b2, issuerFailed ? 0x40 : 0, 0, 0, 0]);
  }
  // CCD-style CVR (after Book 3 Annex C7, simplified to the AC types, ODA, issuer and PIN bits).
  const b1 =
    acs |
    (facts.cdaPerformed ? 0x08 : 0) |
    (facts.ddaPerformed ? 0x04 : 0) |
    (facts.issuerAuthentication === 'not-performed' ? 0x02 : 0) |
    (issuerFailed ? 0x01 : 0);
  const b2 =
    (facts.offlinePinPerformed ? 0x08 : 0) |
    (facts.offlinePinFailed ? 0x04 : 0) |
    (facts.pinTryLimitExceeded ? 0x02 : 0);
  return Buffer.from([b1, b2, 0, 0, 0]);
}

/** Issuer Application Data (9F10) the card returns with a cryptogram, per family. */
export function buildIssuerApplicationData(scheme: CryptogramScheme, facts: CvrFacts): Buffer {
  const cvn = Buffer.from(scheme.cvn, 'hex');
  const dki = Buffer.from([DERIVATION_KEY_INDEX]);
  const results = cvr(scheme.family, facts);
  if (scheme.family === 'vsdc-style') return concat(Buffer.from([0x06]), dki, cvn, results);
  if (scheme.family === 'mchip-style') return concat(dki, cvn, results, Buffer.alloc(2), Buffer.alloc(8));
  // Book 3 C7: length 0F, CCI (the CVN, 'A5'), DKI, CVR (5), counters (8); then 0F and 15 bytes of issuer data.
  return concat(
    Buffer.from([0x0f]),
    cvn,
    dki,
    results,
    Buffer.alloc(8),
    Buffer.from([0x0f]),
    Buffer.alloc(15),
  );
}

/** The CVN an IAD names, read as its family lays it out; undefined when the IAD is too short. */
export function cvnOfIssuerApplicationData(family: ApplicationFamily, iad: Uint8Array): string | undefined {
  const offset = family === 'vsdc-style' ? 2 : 1;
  return iad.length > offset ? toHex(iad.subarray(offset, offset + 1)) : undefined;
}

function iadPart(scheme: CryptogramScheme, iad: Buffer): Buffer {
  if (scheme.family === 'vsdc-style') return scheme.cvn === '0A' ? iad.subarray(3, 7) : iad;
  if (scheme.family === 'mchip-style') {
    const countersInAc = scheme.cvn === '11' || scheme.cvn === '15';
    return countersInAc ? concat(iad.subarray(2, 8), iad.subarray(10, 18)) : iad.subarray(2, 8);
  }
  return iad;
}

/** Terminal data of Book 2 Table 26 the cryptogram covers, with their lengths. */
export const AC_TERMINAL_DATA: ReadonlyArray<readonly [string, number]> = MINIMUM_CDOL1.map((tag) => [
  tag,
  { '9F02': 6, '9F03': 6, '9F1A': 2, '95': 5, '5F2A': 2, '9A': 3, '9C': 1, '9F37': 4 }[tag],
]);

export interface CryptogramInput {
  /** Values the terminal sent, by tag (at least those of AC_TERMINAL_DATA). */
  terminalData: ReadonlyMap<string, Buffer>;
  aip: Buffer;
  atc: Buffer;
  iad: Buffer;
}

/** The data the application cryptogram is computed over (Book 2 8.1.1). Missing values count as zeros. */
export function cryptogramData(scheme: CryptogramScheme, input: CryptogramInput): Buffer {
  const terminal = AC_TERMINAL_DATA.map(([tag, length]) => {
    const value = input.terminalData.get(tag) ?? Buffer.alloc(length);
    return value.length === length ? value : Buffer.concat([value, Buffer.alloc(length)]).subarray(0, length);
  });
  return concat(...terminal, input.aip, input.atc, iadPart(scheme, input.iad));
}

/** The AC key: MK-AC itself (CVN 10), the EMV common session key, or the Mastercard SKD with the UN. */
export function applicationCryptogramKey(
  scheme: CryptogramScheme,
  mkAc: Buffer,
  atc: Buffer,
  unpredictableNumber: Buffer,
): Buffer {
  if (scheme.sessionKeys === 'none') return Buffer.from(mkAc);
  if (scheme.sessionKeys === 'emv-csk') return deriveEmvAcSessionKey(mkAc, atc);
  return deriveMastercardSessionKey(mkAc, atc, unpredictableNumber);
}

/** Book 2 8.2: CSK flows answer with the session key, CVN 10 and M/Chip SKD with the ICC master key. */
export function arpcKey(scheme: CryptogramScheme, mkAc: Buffer, acKey: Buffer): Buffer {
  return scheme.sessionKeys === 'emv-csk' ? acKey : mkAc;
}

/** Authorisation Response Code '00' (approved) as the terminal sends it in tag 8A: ASCII "00". */
export const ARC_APPROVED = Buffer.from('3030', 'hex');
/** Card Status Update with the "approve" bit (byte 2, b8), as this core's issuer host sends it. */
export const CSU_APPROVED = Buffer.from('00800000', 'hex');
export const CSU_DECLINED = Buffer.from('00000000', 'hex');

/**
 * Issuer Authentication Data (tag 91) for an ARQC (Book 2 8.2, Book 3 6.5.4): method 1 ARPC (8) || ARC,
 * method 2 ARPC (4) || CSU.
 */
export function issuerAuthenticationData(
  scheme: CryptogramScheme,
  key: Buffer,
  arqc: Buffer,
  approved: boolean,
  arc: Buffer,
): Buffer {
  if (scheme.arpcMethod === 1) return concat(computeArpcMethod1(key, arqc, arc), arc);
  const csu = approved ? CSU_APPROVED : CSU_DECLINED;
  return concat(computeArpcMethod2(key, arqc, csu), csu);
}

/** Checks Issuer Authentication Data as the card does; returns whether the issuer approved too. */
export function checkIssuerAuthenticationData(
  scheme: CryptogramScheme,
  key: Buffer,
  arqc: Buffer,
  data: Buffer,
): { ok: boolean; approved: boolean } {
  if (scheme.arpcMethod === 1) {
    if (data.length !== 10) return { ok: false, approved: false };
    const arc = data.subarray(8, 10);
    const ok = computeArpcMethod1(key, arqc, arc).equals(data.subarray(0, 8));
    return { ok, approved: ok && arc.equals(ARC_APPROVED) };
  }
  if (data.length < 8 || data.length > 16) return { ok: false, approved: false };
  const csu = data.subarray(4, 8);
  const ok = computeArpcMethod2(key, arqc, csu, data.subarray(8)).equals(data.subarray(0, 4));
  return { ok, approved: ok && (csu[1]! & 0x80) !== 0 };
}
