/**
 * The keys builder: the issuer master keys by TR-31 usage (ANSI X9.143 Table 6) and how card keys are
 * derived from them (EMV 4.4 Book 2 A1.4: Option A or B), the issuer RSA key and its CA index (8F), the
 * ICC RSA key (Book 2 6.1: NIC ≤ NI; Tables 13 and 14: the part of the ICC modulus that does not fit
 * the certificate, NIC − (NI − 42) bytes, goes in 9F48), and the offline PIN options. Every change keeps
 * the secret DGIs in step (EMV CPS v1.1 section 2: 8000/9000 card keys and KCVs, 8010/9010 PIN block and
 * PIN try data, 8201–8205 ICC private key CRT constants), so the checks only report what the analyst
 * must decide.
 */
import { MAX_RECORD_CONTENT, recordSize } from '../checks/check-records';
import { defaultCpsMapping } from '../cps-defaults';
import { cvnProfile, type SessionKeyMethod } from '../cvn';
import { interfacesOf, recordsFor } from '../interfaces';
import {
  MASTER_KEY_USAGES,
  type ApplicationTemplate,
  type DgiContent,
  type MasterKeyUsage,
} from '../schema/application';

type Keys = ApplicationTemplate['keys'];
export type KeyDerivation = Keys['masterKeys'][number]['derivation'];
export type OfflinePin = Keys['pin']['offline'];

export const DERIVATIONS: ReadonlyArray<[KeyDerivation, string]> = [
  ['option-a', 'Option A (Book 2 A1.4.1): PAN and PSN, 16 digits'],
  ['option-b', 'Option B (Book 2 A1.4.2): SHA-1 of PAN and PSN, for PANs over 16 digits'],
  ['none', 'None: the issuer key is used as it is'],
];

export const OFFLINE_PIN_OPTIONS: ReadonlyArray<[OfflinePin, string]> = [
  ['none', 'No offline PIN'],
  ['plaintext', 'Plaintext PIN verified by the card'],
  ['enciphered', 'Enciphered PIN verified by the card'],
  ['plaintext-and-enciphered', 'Plaintext and enciphered PIN'],
];

/** The exponents the ICC key may have (Book 2 6.1: 3 or 2^16 + 1). */
export const ICC_EXPONENTS = [3, 65537] as const;

export const SESSION_KEY_METHODS: Record<SessionKeyMethod, string> = {
  none: 'no session key: the ICC master key computes the cryptogram',
  'emv-csk': 'EMV common session key derivation (Book 2 A1.3)',
  'mastercard-skd': 'Mastercard session key derivation (ATC and unpredictable number)',
};

/** What the CVN implies: its session key method and ARPC method, or why it cannot tell. */
export function cvnImplies(app: Pick<ApplicationTemplate, 'family' | 'cryptogram'>): string {
  const cvn = cvnProfile(app.family, app.cryptogram.cvn);
  if (!cvn) return `CVN ${app.cryptogram.cvn} is not one the workbench knows for ${app.family} applications`;
  return `${cvn.description}: ${SESSION_KEY_METHODS[cvn.sessionKeys]}, ARPC method ${cvn.arpcMethod}`;
}

/** The Registered Application Provider Identifier: the first 5 bytes of the AID (ISO/IEC 7816-5). */
export function ridOf(aid: string): string | undefined {
  return /^[0-9A-F]{10}/.test(aid) ? aid.slice(0, 10) : undefined;
}

const SECRET_KINDS: ReadonlyArray<DgiContent['kind']> = [
  'card-master-keys',
  'key-check-values',
  'offline-pin-block',
  'pin-try-counter-and-limit',
  'icc-private-key',
];

/**
 * Lays the key, PIN and ICC key DGIs out as the defaults do for the keys as they now are: a DGI the
 * keys no longer need goes, one they now need is added where the default order puts it among those
 * present (after the secret DGIs when none is), and the card key DGIs take the usages now listed. Other
 * DGIs stay where they are.
 */
export function syncKeyDgis(app: ApplicationTemplate): void {
  const wanted = defaultCpsMapping(app).filter((spec) => SECRET_KINDS.includes(spec.content.kind));
  const same = (a: DgiContent, b: DgiContent) =>
    a.kind === b.kind &&
    (a.kind !== 'icc-private-key' || b.kind !== 'icc-private-key' || a.component === b.component);
  const dgis = app.cps.dgis.filter(
    (spec) => !SECRET_KINDS.includes(spec.content.kind) || wanted.some((w) => same(w.content, spec.content)),
  );
  // A new DGI goes after the one before it in the default order, else before the next one there.
  let previous = -1;
  wanted.forEach((want, j) => {
    const at = dgis.findIndex((spec) => same(spec.content, want.content));
    if (at >= 0) {
      dgis[at]!.content = want.content;
      previous = at;
      return;
    }
    const next = wanted.slice(j + 1).map((w) => dgis.findIndex((spec) => same(spec.content, w.content)));
    const before = next.find((index) => index >= 0);
    const lastSecret = dgis.findLastIndex((spec) => SECRET_KINDS.includes(spec.content.kind));
    const index =
      previous >= 0
        ? previous + 1
        : before !== undefined
          ? before
          : lastSecret >= 0
            ? lastSecret + 1
            : dgis.length;
    dgis.splice(index, 0, want);
    previous = index;
  });
  app.cps.dgis = dgis;
}

/** Lists (with a derivation) or drops the issuer master key of `usage`, in the order of the usage table. */
export function setMasterKey(
  app: ApplicationTemplate,
  usage: MasterKeyUsage,
  derivation: KeyDerivation | undefined,
): void {
  const others = app.keys.masterKeys.filter((key) => key.usage !== usage);
  const keys = derivation ? [...others, { usage, derivation }] : others;
  const order = Object.keys(MASTER_KEY_USAGES);
  app.keys.masterKeys = keys.sort((a, b) => order.indexOf(a.usage) - order.indexOf(b.usage));
  syncKeyDgis(app);
}

export function setIssuerKey(app: ApplicationTemplate, key: Keys['issuerPublicKey']): void {
  if (key) app.keys.issuerPublicKey = key;
  else delete app.keys.issuerPublicKey;
}

export function setIccKey(app: ApplicationTemplate, key: Keys['iccKey']): void {
  if (key) app.keys.iccKey = key;
  else delete app.keys.iccKey;
  syncKeyDgis(app);
}

export function setOfflinePin(app: ApplicationTemplate, offline: OfflinePin): void {
  app.keys.pin.offline = offline;
  syncKeyDgis(app);
}

export interface IccKeyFit {
  /** The longest ICC key the issuer key allows (Book 2 6.1), in bits; undefined without an issuer key. */
  maxBits?: number;
  /** Bytes of the ICC modulus that go in 9F48 (Book 2 Table 14); 0 when it fits the certificate. */
  remainderBytes: number;
  remainderPlaced: boolean;
  /** The records holding the ICC certificate and remainder, with their expected size (at most 252). */
  records: Array<{ sfi: number; number: number; bytes: number | undefined }>;
  /** What does not fit, in the checks' words. */
  problems: string[];
}

/** How the ICC key fits the issuer key and the records that carry its certificate. */
export function iccKeyFit(app: ApplicationTemplate): IccKeyFit {
  const issuer = app.keys.issuerPublicKey?.modulusBits;
  const icc = app.keys.iccKey?.modulusBits;
  const problems: string[] = [];
  const remainderBytes = issuer && icc ? Math.max(0, icc / 8 - (issuer / 8 - 42)) : 0;
  const holding = app.records.filter((record) =>
    record.tlvs.some((tlv) => tlv.tag === '9F46' || tlv.tag === '9F48'),
  );
  const remainderPlaced = interfacesOf(app).every((name) =>
    recordsFor(app, name).some((record) => record.tlvs.some((tlv) => tlv.tag === '9F48')),
  );
  if (issuer && icc && icc > issuer) {
    problems.push(
      `the ICC key (${icc} bits) must not be longer than the issuer key (${issuer} bits), Book 2 6.1`,
    );
  }
  if (icc && icc % 8 !== 0)
    problems.push(`the ICC key length must be a whole number of bytes, got ${icc} bits`);
  if (remainderBytes > 0 && !remainderPlaced) {
    problems.push(
      `a ${icc}-bit ICC key leaves ${remainderBytes} bytes outside a certificate signed with a ${issuer}-bit issuer key; place 9F48 ICC Public Key Remainder`,
    );
  }
  const records = holding.map((record) => ({
    sfi: record.sfi,
    number: record.number,
    bytes: recordSize(record.tlvs, app),
  }));
  for (const record of records) {
    if (record.bytes !== undefined && record.bytes > MAX_RECORD_CONTENT) {
      problems.push(
        `record ${record.number} of SFI ${record.sfi} would hold about ${record.bytes} bytes with these keys; a '70' template holds at most ${MAX_RECORD_CONTENT}`,
      );
    }
  }
  return { ...(issuer ? { maxBits: issuer } : {}), remainderBytes, remainderPlaced, records, problems };
}
