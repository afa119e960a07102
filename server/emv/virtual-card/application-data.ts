/**
 * What a card application knows after personalization, read only from the DGIs it received (EMV CPS
 * v1.1 section 2 and Annex A): records (DGI SFI||record, a '70' template), SELECT response data (9102;
 * 9103 contactless), GET PROCESSING OPTIONS response data (9104; 9207 contactless), card master keys
 * (8000) checked against their KCVs (9000), the reference PIN (8010, ISO 9564-1 format 2) with PIN Try
 * Counter and Limit (9010), the ICC private key as CRT constants (8201-8205) or as private exponent
 * (8101) and modulus (8103) (profile/cps-defaults.ts for the numbers), and internal data
 * (any other DGI holding BER-TLV, e.g. the Log Format 9F4F). Each check returns a message in words:
 * the card answers 6A80 and keeps the message as its diagnosis.
 */
import { toHex } from '../bytes';
import { bytesToBigInt } from '../certificates/rsa';
import { tdesKcv } from '../crypto/kcv';
import { removePaddingMethod2 } from '../crypto/mac';
import { recordOfDgi } from '../dictionary';
import { decodeTlv, findTag, type TlvNode } from '../tlv/ber-tlv';
import { decodeDol, type DolEntry } from '../tlv/dol';

export type CardInterface = 'contact' | 'contactless';

/** The ICC private key as CPS loads it: CRT constants (8205 p, 8204 q, 8203 dp, 8202 dq, 8201 qInv). */
export interface CrtPrivateKey {
  p: bigint;
  q: bigint;
  dp: bigint;
  dq: bigint;
  qInv: bigint;
  /** Length of the modulus p*q in bytes. */
  modulusLength: number;
}

/** The ICC private key in its modulus-exponent form: private exponent (8101) and modulus (8103). */
export interface ModulusExponentPrivateKey {
  modulus: bigint;
  privateExponent: bigint;
  /** Length of the modulus in bytes. */
  modulusLength: number;
}

export type IccPrivateKey = CrtPrivateKey | ModulusExponentPrivateKey;

export interface PaymentApplicationData {
  /** '70' templates by "SFI:record". */
  records: Map<string, Buffer>;
  /** The FCI Proprietary Template (A5, whole TLV) per interface. */
  fci: Partial<Record<CardInterface, Buffer>>;
  /** GET PROCESSING OPTIONS response objects (82, 94, ...) per interface. */
  gpo: Partial<Record<CardInterface, Buffer>>;
  /** Primitive objects of internal-data DGIs and records, by tag, for GET DATA and card behaviour. */
  data: Map<string, Buffer>;
  /** MK-AC, MK-SMI, MK-SMC in the order of DGI 8000 (CPS Annex A). */
  masterKeys: Buffer[];
  pin?: { reference: string; tryCounter: number; tryLimit: number };
  iccKey?: IccPrivateKey;
  cdol1?: DolEntry[];
  cdol2?: DolEntry[];
  ddol?: DolEntry[];
}

export interface DirectoryData {
  fci: Buffer;
  records: Map<string, Buffer>;
}

/** CPS section 2: DGIs from 8000 carry secrets and travel encrypted. */
export function isSecretDgi(dgi: string): boolean {
  return dgi >= '8000' && dgi < '9000';
}

const CRT_DGIS = ['8201', '8202', '8203', '8204', '8205'] as const;
/** Private exponent, then modulus, of the modulus-exponent form. */
const MODULUS_EXPONENT_DGIS = ['8101', '8103'] as const;

function decodeOrError(data: Buffer, what: string): TlvNode[] | string {
  try {
    return decodeTlv(data);
  } catch (error) {
    return `${what} is not BER-TLV: ${(error as Error).message}`;
  }
}

/** A record DGI is one of the record form whose data is a single '70' template (CPS section 2). */
function isRecordData(dgi: string, data: Buffer): boolean {
  return recordOfDgi(dgi) !== undefined && data[0] === 0x70;
}

/** Reads the digits of an ISO 9564-1 format 2 PIN block: 2, length, PIN, F fill (CPS Annex A, 8010). */
export function pinFromFormat2Block(block: Buffer): string | undefined {
  const digits = toHex(block);
  const length = parseInt(digits[1] ?? '0', 16);
  const pin = digits.slice(2, 2 + length);
  const fill = digits.slice(2 + length);
  if (block.length !== 8 || digits[0] !== '2' || length < 4 || length > 12) return undefined;
  return /^\d+$/.test(pin) && /^F*$/.test(fill) ? pin : undefined;
}

/** Checks one DGI as it arrives. `received` holds the DGIs already accepted, clear. */
export function checkDgi(
  dgi: string,
  clear: Buffer,
  received: ReadonlyMap<string, Buffer>,
): string | undefined {
  const label = `DGI ${dgi}`;
  if (isRecordData(dgi, clear)) {
    const nodes = decodeOrError(clear, label);
    if (typeof nodes === 'string') return nodes;
    if (nodes.length !== 1 || nodes[0]!.tag !== '70')
      return `${label} must hold exactly one '70' record template`;
    return undefined;
  }
  switch (dgi) {
    case '9102':
    case '9103': {
      const nodes = decodeOrError(clear, label);
      if (typeof nodes === 'string') return nodes;
      return nodes.some((node) => node.tag === 'A5')
        ? undefined
        : `${label} has no FCI Proprietary Template (A5)`;
    }
    case '9104':
    case '9207': {
      const nodes = decodeOrError(clear, label);
      if (typeof nodes === 'string') return nodes;
      const aip = findTag(nodes, '82');
      const afl = findTag(nodes, '94');
      if (aip?.value.length !== 2) return `${label} has no 2-byte AIP (82)`;
      if (!afl || afl.value.length === 0 || afl.value.length % 4 !== 0) {
        return `${label} has no AFL (94) made of 4-byte entries`;
      }
      return undefined;
    }
    case '8000':
      if (clear.length === 0 || clear.length % 16 !== 0) {
        return `${label} must hold double-length TDES keys (a multiple of 16 bytes), got ${clear.length} bytes`;
      }
      return checkKeyCheckValues(clear, received.get('9000'));
    case '9000':
      if (clear.length === 0 || clear.length % 3 !== 0) return `${label} must hold 3-byte key check values`;
      return received.has('8000') ? checkKeyCheckValues(received.get('8000')!, clear) : undefined;
    case '8010':
      return pinFromFormat2Block(clear)
        ? undefined
        : `${label} does not hold an ISO 9564-1 format 2 PIN block (2, length, PIN, F fill): encrypted under another key?`;
    case '9010':
      if (clear.length !== 2) return `${label} must be PIN Try Counter and PIN Try Limit, 1 byte each`;
      if (clear[1] === 0 || clear[0]! > clear[1]!) {
        return `${label}: PIN Try Counter ${clear[0]} and PIN Try Limit ${clear[1]} are not a counter within a limit from 1`;
      }
      return undefined;
    default:
      if (
        (CRT_DGIS as readonly string[]).includes(dgi) ||
        (MODULUS_EXPONENT_DGIS as readonly string[]).includes(dgi)
      ) {
        const what = dgi.startsWith('82')
          ? 'ICC private key CRT constant'
          : 'ICC private key modulus or exponent';
        try {
          removePaddingMethod2(clear);
          return undefined;
        } catch {
          return `${label} (${what}) does not end with 80 00.. padding: encrypted under another key?`;
        }
      }
      if (isSecretDgi(dgi)) return undefined;
      {
        const nodes = decodeOrError(clear, label);
        return typeof nodes === 'string' ? nodes : undefined;
      }
  }
}

/** CPS Annex A: DGI 9000 holds the 3-byte TDES KCV of each key of DGI 8000, in the same order. */
function checkKeyCheckValues(keys: Buffer, kcvs: Buffer | undefined): string | undefined {
  if (!kcvs) return undefined;
  const count = keys.length / 16;
  if (kcvs.length !== count * 3) {
    return `DGI 9000 holds ${kcvs.length / 3} key check values, but DGI 8000 holds ${count} keys`;
  }
  const names = ['MK-AC', 'MK-SMI', 'MK-SMC'];
  for (let i = 0; i < count; i++) {
    const kcv = tdesKcv(keys.subarray(i * 16, i * 16 + 16));
    if (!kcv.equals(kcvs.subarray(i * 3, i * 3 + 3))) {
      return `key ${i + 1} of DGI 8000 (${names[i] ?? 'card key'}) does not match its check value in DGI 9000: DGI 8000 was encrypted under another key, or 9000 belongs to other keys`;
    }
  }
  return undefined;
}

function primitives(nodes: readonly TlvNode[], into: Map<string, Buffer>): void {
  for (const node of nodes) {
    if (node.children) primitives(node.children, into);
    else if (!into.has(node.tag)) into.set(node.tag, Buffer.from(node.value));
  }
}

function dolOf(data: Map<string, Buffer>, tag: string): DolEntry[] | undefined {
  const value = data.get(tag);
  return value ? decodeDol(value) : undefined;
}

/** Private exponent and modulus (8101, 8103), both or neither; a card with both forms is refused. */
function modulusExponentKey(
  dgis: ReadonlyMap<string, Buffer>,
): ModulusExponentPrivateKey | string | undefined {
  const present = MODULUS_EXPONENT_DGIS.filter((dgi) => dgis.has(dgi));
  if (present.length === 0) return undefined;
  if (CRT_DGIS.some((dgi) => dgis.has(dgi))) {
    return 'the ICC private key came twice: as CRT constants (8201-8205) and as modulus and exponent (8101, 8103)';
  }
  if (present.length !== MODULUS_EXPONENT_DGIS.length) {
    const missing = MODULUS_EXPONENT_DGIS.filter((dgi) => !dgis.has(dgi));
    return `the ICC private key is incomplete: DGI ${missing.join(', ')} missing`;
  }
  const [privateExponent, modulus] = MODULUS_EXPONENT_DGIS.map((dgi) =>
    bytesToBigInt(removePaddingMethod2(dgis.get(dgi)!)),
  ) as [bigint, bigint];
  if (modulus <= 1n || privateExponent <= 0n || privateExponent >= modulus) {
    return 'the ICC private key (DGIs 8101, 8103) is not consistent: the private exponent is not below the modulus';
  }
  return { modulus, privateExponent, modulusLength: Math.ceil(modulus.toString(16).length / 2) };
}

function iccPrivateKey(dgis: ReadonlyMap<string, Buffer>): IccPrivateKey | string | undefined {
  return modulusExponentKey(dgis) ?? crtKey(dgis);
}

function crtKey(dgis: ReadonlyMap<string, Buffer>): CrtPrivateKey | string | undefined {
  const present = CRT_DGIS.filter((dgi) => dgis.has(dgi));
  if (present.length === 0) return undefined;
  if (present.length !== CRT_DGIS.length) {
    const missing = CRT_DGIS.filter((dgi) => !dgis.has(dgi));
    return `the ICC private key is incomplete: DGI ${missing.join(', ')} missing`;
  }
  const value = (dgi: string) => bytesToBigInt(removePaddingMethod2(dgis.get(dgi)!));
  const [qInv, dq, dp, q, p] = CRT_DGIS.map(value) as [bigint, bigint, bigint, bigint, bigint];
  if (p <= 1n || q <= 1n || (qInv * q) % p !== 1n) {
    return 'the ICC private key CRT constants (DGIs 8201-8205) are not consistent: q⁻¹ mod p does not invert q';
  }
  const modulusLength = Math.ceil((p * q).toString(16).length / 2);
  return { p, q, dp, dq, qInv, modulusLength };
}

/**
 * The payment application as personalized, or what is missing (CPS: the last STORE DATA ends
 * personalization, so the card checks it has what it needs to run a transaction).
 */
export function compilePaymentApplication(
  dgis: ReadonlyMap<string, Buffer>,
): { ok: true; app: PaymentApplicationData } | { ok: false; reason: string } {
  for (const required of ['9102', '9104', '8000']) {
    if (!dgis.has(required)) return { ok: false, reason: `personalization incomplete: no DGI ${required}` };
  }
  if (dgis.has('8010') !== dgis.has('9010')) {
    return {
      ok: false,
      reason: 'personalization incomplete: DGIs 8010 (PIN) and 9010 (PIN try data) go together',
    };
  }
  const records = new Map<string, Buffer>();
  const data = new Map<string, Buffer>();
  for (const [dgi, clear] of dgis) {
    if (isSecretDgi(dgi) || ['9000', '9010', '9102', '9103', '9104', '9207'].includes(dgi)) continue;
    const nodes = decodeTlv(clear);
    if (isRecordData(dgi, clear)) {
      const { sfi, record } = recordOfDgi(dgi)!;
      records.set(`${sfi}:${record}`, clear);
    }
    primitives(nodes, data);
  }
  const iccKey = iccPrivateKey(dgis);
  if (typeof iccKey === 'string') return { ok: false, reason: iccKey };
  const keys = dgis.get('8000')!;
  const pinTry = dgis.get('9010');
  const app: PaymentApplicationData = {
    records,
    fci: { contact: fciOf(dgis.get('9102')!), contactless: fciOf(dgis.get('9103') ?? dgis.get('9102')!) },
    gpo: { contact: dgis.get('9104')!, contactless: dgis.get('9207') ?? dgis.get('9104')! },
    data,
    masterKeys: Array.from({ length: keys.length / 16 }, (_, i) => keys.subarray(i * 16, i * 16 + 16)),
    cdol1: dolOf(data, '8C'),
    cdol2: dolOf(data, '8D'),
    ddol: dolOf(data, '9F49'),
    ...(iccKey ? { iccKey } : {}),
    ...(pinTry
      ? {
          pin: {
            reference: pinFromFormat2Block(dgis.get('8010')!)!,
            tryCounter: pinTry[0]!,
            tryLimit: pinTry[1]!,
          },
        }
      : {}),
  };
  return { ok: true, app };
}

function fciOf(data: Buffer): Buffer {
  return decodeTlv(data).find((node) => node.tag === 'A5')!.raw;
}

/** The PSE or PPSE as personalized (CPS: 9102 its FCI Proprietary Template, records as DGIs). */
export function compileDirectory(
  dgis: ReadonlyMap<string, Buffer>,
): { ok: true; app: DirectoryData } | { ok: false; reason: string } {
  const fci = dgis.get('9102');
  if (!fci) return { ok: false, reason: 'personalization incomplete: no DGI 9102' };
  const records = new Map<string, Buffer>();
  for (const [dgi, clear] of dgis) {
    const record = recordOfDgi(dgi);
    if (record && isRecordData(dgi, clear)) records.set(`${record.sfi}:${record.record}`, clear);
  }
  return { ok: true, app: { fci: fciOf(fci), records } };
}
