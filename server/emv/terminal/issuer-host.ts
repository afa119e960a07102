/**
 * The issuer host's side of online authorisation (EMV 4.4 Book 2 8.1 and 8.2; Book 3 10.9): from the
 * ICC data of the request (as in ISO 8583 field 55) it reads the CVN from the Issuer Application Data,
 * derives the ICC master key from the issuer master key (Book 2 A1.4, Option A or B), the session key
 * (A1.3), recomputes the cryptogram, and answers with an ARC and, for a good ARQC, the Issuer
 * Authentication Data carrying the ARPC. Pure here; the app puts the same steps behind the HSM bridge's
 * verifyArqc (transaction data from `cryptogramData`).
 */
import { computeApplicationCryptogram } from '../crypto/cryptograms';
import { deriveIccMasterKeyOptionA, deriveIccMasterKeyOptionB } from '../crypto/icc-master-key';
import {
  ARC_APPROVED,
  type ApplicationFamily,
  type CryptogramScheme,
  acTypeOf,
  applicationCryptogramKey,
  arpcKey,
  cryptogramData,
  cryptogramScheme,
  cvnOfIssuerApplicationData,
  issuerAuthenticationData,
} from '../virtual-card/cryptogram-scheme';

export interface CryptogramRequest {
  pan: string;
  psn: string;
  /** ICC data by tag: the CDOL terminal data, 82, 9F36, 9F10, 9F26 and 9F27. */
  iccData: ReadonlyMap<string, Buffer>;
  /** The UN of the first GENERATE AC, when the session key depends on it (Mastercard SKD). */
  sessionUnpredictableNumber?: Buffer;
}

export interface CryptogramCheck {
  ok: boolean;
  /** Why not, in words; or what was checked. */
  reason: string;
  scheme?: CryptogramScheme;
}

export interface AuthorisationResponse extends CryptogramCheck {
  approved: boolean;
  /** Authorisation Response Code (8A). */
  arc: Buffer;
  /** Issuer Authentication Data (91), with the ARPC. */
  issuerAuthenticationData?: Buffer;
}

export interface IssuerHost {
  /** Online authorisation of an ARQC. */
  authorise(request: CryptogramRequest): AuthorisationResponse | Promise<AuthorisationResponse>;
  /** Checks a TC or AAC as clearing would. */
  verifyCryptogram(request: CryptogramRequest): CryptogramCheck | Promise<CryptogramCheck>;
}

export interface SoftwareIssuerHostOptions {
  /** Issuer master key for application cryptograms (usage E0), clear: tests only. */
  issuerMasterKey: Buffer;
  derivation: 'A' | 'B';
  /** The card product's family, which tells how to read the IAD. */
  family: ApplicationFamily;
}

const ARC_DECLINED = Buffer.from('3035', 'hex');

function tagOf(request: CryptogramRequest, tag: string): Buffer | undefined {
  return request.iccData.get(tag);
}

/**
 * What an issuer host reads from an authorisation request (EMV 4.4 Book 2 8.1.1): the IAD's CVN and the
 * cryptogram scheme it implies, the AC, ATC and unpredictable number, and the data the AC covers; or
 * why the cryptogram cannot be checked. Shared by this software host and the bridge's HSM host.
 */
export type ReadCryptogramRequest =
  { error: string } | { scheme: CryptogramScheme; ac: Buffer; atc: Buffer; un: Buffer; data: Buffer };

export function readCryptogramRequest(
  family: ApplicationFamily,
  request: CryptogramRequest,
): ReadCryptogramRequest {
  const iad = tagOf(request, '9F10');
  const ac = tagOf(request, '9F26');
  const atc = tagOf(request, '9F36');
  const aip = tagOf(request, '82');
  if (!iad || !ac || !atc || !aip) {
    return { error: 'the request lacks 9F10, 9F26, 9F36 or 82, so the cryptogram cannot be checked' };
  }
  const cvn = cvnOfIssuerApplicationData(family, iad);
  let scheme: CryptogramScheme;
  try {
    scheme = cryptogramScheme(family, cvn ?? '');
  } catch {
    return {
      error: `the IAD names CVN ${cvn ?? '(none)'}, which the issuer host does not know for ${family} cards`,
    };
  }
  const un = request.sessionUnpredictableNumber ?? tagOf(request, '9F37') ?? Buffer.alloc(4);
  const data = cryptogramData(scheme, { terminalData: request.iccData, aip, atc, iad });
  return { scheme, ac, atc, un, data };
}

/** Recomputes the cryptogram of a request; `ok` says whether the card's one matches. */
function recompute(options: SoftwareIssuerHostOptions, request: CryptogramRequest) {
  const read = readCryptogramRequest(options.family, request);
  if ('error' in read) return { error: read.error } as const;
  const { scheme, ac, atc, un, data } = read;
  const derive = options.derivation === 'A' ? deriveIccMasterKeyOptionA : deriveIccMasterKeyOptionB;
  const iccMk = derive(options.issuerMasterKey, request.pan, request.psn);
  const key = applicationCryptogramKey(scheme, iccMk, atc, un);
  const expected = computeApplicationCryptogram(key, data, scheme.padding);
  return { scheme, iccMk, key, ac, ok: expected.equals(ac) } as const;
}

export function softwareIssuerHost(options: SoftwareIssuerHostOptions): IssuerHost {
  return {
    authorise(request) {
      const result = recompute(options, request);
      if ('error' in result) return { ok: false, approved: false, arc: ARC_DECLINED, reason: result.error! };
      const type = acTypeOf(tagOf(request, '9F27')?.[0] ?? 0xff);
      if (type !== 'ARQC') {
        return {
          ok: false,
          approved: false,
          arc: ARC_DECLINED,
          reason: `the card sent a ${type ?? 'malformed CID'}, not an ARQC`,
        };
      }
      if (!result.ok) {
        return {
          ok: false,
          approved: false,
          arc: ARC_DECLINED,
          scheme: result.scheme,
          reason: `ARQC does not verify at the issuer host: wrong MK-AC? The card's MK-AC is not the key that the issuer master key derives for this PAN and PSN (Option ${options.derivation}), or the card computes CVN ${result.scheme.cvn} differently`,
        };
      }
      const key = arpcKey(result.scheme, result.iccMk, result.key);
      return {
        ok: true,
        approved: true,
        arc: ARC_APPROVED,
        scheme: result.scheme,
        issuerAuthenticationData: issuerAuthenticationData(result.scheme, key, result.ac, true, ARC_APPROVED),
        reason: `ARQC verifies with the issuer master key (CVN ${result.scheme.cvn}, ${result.scheme.description}); approved with ARPC method ${result.scheme.arpcMethod}`,
      };
    },
    verifyCryptogram(request) {
      const result = recompute(options, request);
      if ('error' in result) return { ok: false, reason: result.error! };
      return result.ok
        ? { ok: true, scheme: result.scheme, reason: 'the cryptogram verifies with the issuer master key' }
        : {
            ok: false,
            scheme: result.scheme,
            reason: 'the cryptogram does not verify with the issuer master key',
          };
    },
  };
}
