/**
 * The CVM List (EMV 4.4 Book 3 Annex C3, tag 8E): amount X (4 bytes), amount Y (4 bytes), then
 * two-byte CV Rules: b7 of the first byte says "apply the succeeding rule if this CVM is
 * unsuccessful", b6–b1 the method; the second byte is the condition.
 */
import {
  CVM_CONDITIONS,
  CVM_METHODS,
  type CvmCondition,
  type CvmMethod,
  type CvmRule,
} from './schema/application';

/** What Book 3 Annex C3 Table 39 calls each CVM, for the CVM list builder. */
export const CVM_METHOD_NAMES: Record<CvmMethod, string> = {
  'fail-cvm': 'Fail CVM processing',
  'plaintext-pin-by-icc': 'Plaintext PIN verification performed by ICC',
  'enciphered-pin-online': 'Enciphered PIN verified online',
  'plaintext-pin-by-icc-and-signature': 'Plaintext PIN verification performed by ICC and signature (paper)',
  'enciphered-pin-by-icc': 'Enciphered PIN verification performed by ICC',
  'enciphered-pin-by-icc-and-signature': 'Enciphered PIN verification performed by ICC and signature (paper)',
  signature: 'Signature (paper)',
  'no-cvm-required': 'No CVM required',
};

/** What Table 40 calls each condition (X and Y are the amounts of the list). */
export const CVM_CONDITION_NAMES: Record<CvmCondition, string> = {
  always: 'Always',
  'unattended-cash': 'If unattended cash',
  'not-unattended-cash-not-manual-cash-not-cashback':
    'If not unattended cash and not manual cash and not purchase with cashback',
  'terminal-supports-cvm': 'If terminal supports the CVM',
  'manual-cash': 'If manual cash',
  'purchase-with-cashback': 'If purchase with cashback',
  'application-currency-under-x': 'If transaction is in the application currency and is under X value',
  'application-currency-over-x': 'If transaction is in the application currency and is over X value',
  'application-currency-under-y': 'If transaction is in the application currency and is under Y value',
  'application-currency-over-y': 'If transaction is in the application currency and is over Y value',
};

export interface CvmList {
  amountX: number;
  amountY: number;
  rules: readonly CvmRule[];
}

/**
 * The CVM List as plain bytes, without Node's Buffer, so the designer's editors can show 8E live in the
 * browser; `encodeCvmList` is this as a Buffer.
 */
export function cvmListBytes(list: CvmList): Uint8Array {
  const out = new Uint8Array(8 + list.rules.length * 2);
  const view = new DataView(out.buffer);
  view.setUint32(0, list.amountX);
  view.setUint32(4, list.amountY);
  list.rules.forEach((rule, i) => {
    out[8 + i * 2] = CVM_METHODS[rule.method] | (rule.applyNextIfUnsuccessful ? 0x40 : 0);
    out[9 + i * 2] = CVM_CONDITIONS[rule.condition];
  });
  return out;
}

export function encodeCvmList(list: CvmList): Buffer {
  return Buffer.from(cvmListBytes(list));
}

/** Reads a CVM List; a code the tables do not name is reported, not guessed. */
export function decodeCvmList(bytes: Uint8Array): { list?: CvmList; problems: string[] } {
  if (bytes.length < 10 || bytes.length % 2 !== 0) {
    return {
      problems: [`8E CVM List must be 8 bytes of amounts and 2-byte rules, got ${bytes.length} bytes`],
    };
  }
  const buffer = Buffer.from(bytes);
  const problems: string[] = [];
  const rules: CvmRule[] = [];
  for (let offset = 8; offset < buffer.length; offset += 2) {
    const code = buffer[offset]! & 0x3f;
    const method = (Object.keys(CVM_METHODS) as CvmMethod[]).find((name) => CVM_METHODS[name] === code);
    const condition = (Object.keys(CVM_CONDITIONS) as CvmCondition[]).find(
      (name) => CVM_CONDITIONS[name] === buffer[offset + 1],
    );
    const n = (offset - 8) / 2 + 1;
    if (!method) problems.push(`CV Rule ${n}: method code '${hex(code)}' is not defined by Book 3 Table 39`);
    if (!condition)
      problems.push(
        `CV Rule ${n}: condition code '${hex(buffer[offset + 1]!)}' is not defined by Book 3 Table 40`,
      );
    if (method && condition) {
      rules.push({ method, condition, applyNextIfUnsuccessful: (buffer[offset]! & 0x40) !== 0 });
    }
  }
  return { list: { amountX: buffer.readUInt32BE(0), amountY: buffer.readUInt32BE(4), rules }, problems };
}

/** The rules that verify the cardholder with an offline PIN (checked by the ICC). */
export function usesOfflinePin(rules: readonly CvmRule[], kind: 'plaintext' | 'enciphered'): boolean {
  const methods: CvmMethod[] =
    kind === 'plaintext'
      ? ['plaintext-pin-by-icc', 'plaintext-pin-by-icc-and-signature']
      : ['enciphered-pin-by-icc', 'enciphered-pin-by-icc-and-signature'];
  return rules.some((rule) => methods.includes(rule.method));
}

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}
