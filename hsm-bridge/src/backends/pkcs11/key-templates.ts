import pkcs11 from 'pkcs11js';
import type { KeyUsage, SymmetricAlgorithm } from '../../../../server/emv/hsm-commands';
import type { KeyAttributes } from '../backend';
import { keyLength } from '../key-lengths';

type Template = pkcs11.Template;

/**
 * What a key of each usage may do inside the token. Issuer master keys, CVKs, MAC and transport keys
 * encrypt (derivation data, CVV blocks, MAC chains, card keys for transport); PIN keys and TR-31 key
 * block protection keys also decrypt (PIN blocks and key blocks coming in); HMAC and RSA keys sign.
 * A transport KEK (K0) also decrypts, for one purpose only: validation on a virtual card plays the
 * bureau and translates the secret DGIs from the KEK to the card's session key inside the bridge
 * (ops/validation/kek-secrets.ts). The token cannot tell that purpose from another, so the bridge
 * refuses every other decryption under a K0 key, on both backends (key-usage.ts).
 * No key wraps, so no key can both wrap and decrypt (the Clulow attack: wrap a key, then decrypt it).
 */
export const usageCapabilities: Record<KeyUsage, { encrypt: boolean; decrypt: boolean; sign: boolean }> = {
  E0: { encrypt: true, decrypt: false, sign: false },
  E1: { encrypt: true, decrypt: false, sign: false },
  E2: { encrypt: true, decrypt: false, sign: false },
  E4: { encrypt: true, decrypt: false, sign: false },
  E5: { encrypt: true, decrypt: false, sign: false },
  E6: { encrypt: true, decrypt: false, sign: false },
  K0: { encrypt: true, decrypt: true, sign: false },
  K1: { encrypt: true, decrypt: true, sign: false },
  P0: { encrypt: true, decrypt: true, sign: false },
  C0: { encrypt: true, decrypt: false, sign: false },
  V2: { encrypt: true, decrypt: false, sign: false },
  M0: { encrypt: true, decrypt: false, sign: false },
  M1: { encrypt: true, decrypt: false, sign: false },
  M3: { encrypt: true, decrypt: false, sign: false },
  M6: { encrypt: true, decrypt: false, sign: false },
  M7: { encrypt: false, decrypt: false, sign: true },
  S0: { encrypt: false, decrypt: false, sign: true },
  D0: { encrypt: true, decrypt: true, sign: false },
};

/**
 * The one template builder for secret keys: sensitive, capabilities by usage, extractable only when
 * the key is meant to be exported under a KEK (spec.exportable), and even then never wrap.
 */
export function secretKeyTemplate(spec: KeyAttributes & { algorithm: SymmetricAlgorithm }): Template {
  const can = usageCapabilities[spec.usage];
  return [
    { type: pkcs11.CKA_CLASS, value: pkcs11.CKO_SECRET_KEY },
    { type: pkcs11.CKA_KEY_TYPE, value: keyType(spec.algorithm) },
    ...(spec.algorithm.startsWith('AES') || spec.algorithm === 'HMAC256'
      ? [{ type: pkcs11.CKA_VALUE_LEN, value: keyLength[spec.algorithm] }]
      : []),
    ...common(spec, spec.exportable === true),
    { type: pkcs11.CKA_ENCRYPT, value: can.encrypt },
    { type: pkcs11.CKA_DECRYPT, value: can.decrypt },
    { type: pkcs11.CKA_SIGN, value: can.sign },
    { type: pkcs11.CKA_VERIFY, value: false },
    { type: pkcs11.CKA_WRAP, value: false },
    { type: pkcs11.CKA_UNWRAP, value: false },
    { type: pkcs11.CKA_DERIVE, value: false },
  ];
}

/**
 * How a token holds a CVK's left half. `des`: a CKK_DES key used with CKM_DES_ECB. `tdes-equal-halves`:
 * a CKK_DES2 key A || A used with CKM_DES3_ECB, which is single DES under A (E(A) D(A) E(A)), for
 * tokens that list CKM_DES_ECB but refuse it: SoftHSM2 built on OpenSSL 3, whose single DES lives in
 * the legacy provider (a device quirk, learnt once per token, pkcs11-backend.ts).
 */
export type CvkLeftHalfForm = 'des' | 'tdes-equal-halves';

/** The label every left-half companion carries: not a usage label, so findKey never returns one. */
export const cvkLeftHalfLabel = 'cvk-left-half';

/** CKA_ID of a CVK's left-half companion; ':' never appears in a key reference. */
export function cvkLeftHalfId(keyRef: string): Buffer {
  return Buffer.from(`${keyRef}:A`);
}

/**
 * The single-DES companion of a C0 TDES2 key (CVK A || CVK B), holding CVK A: a token object (a
 * session object only for the one-block probe of the token's single DES), sensitive, not extractable
 * even when the CVK is exportable, encrypt only (the CVV's first step), never decrypt, sign, wrap,
 * unwrap or derive.
 */
export function cvkLeftHalfTemplate(
  keyRef: string,
  form: CvkLeftHalfForm,
  value: Buffer,
  lifetime: 'token' | 'session' = 'token',
): Template {
  return [
    { type: pkcs11.CKA_CLASS, value: pkcs11.CKO_SECRET_KEY },
    { type: pkcs11.CKA_KEY_TYPE, value: form === 'des' ? pkcs11.CKK_DES : pkcs11.CKK_DES2 },
    { type: pkcs11.CKA_TOKEN, value: lifetime === 'token' },
    { type: pkcs11.CKA_PRIVATE, value: true },
    { type: pkcs11.CKA_ID, value: cvkLeftHalfId(keyRef) },
    { type: pkcs11.CKA_LABEL, value: cvkLeftHalfLabel },
    { type: pkcs11.CKA_SENSITIVE, value: true },
    { type: pkcs11.CKA_EXTRACTABLE, value: false },
    { type: pkcs11.CKA_MODIFIABLE, value: false },
    { type: pkcs11.CKA_ENCRYPT, value: true },
    { type: pkcs11.CKA_DECRYPT, value: false },
    { type: pkcs11.CKA_SIGN, value: false },
    { type: pkcs11.CKA_VERIFY, value: false },
    { type: pkcs11.CKA_WRAP, value: false },
    { type: pkcs11.CKA_UNWRAP, value: false },
    { type: pkcs11.CKA_DERIVE, value: false },
    { type: pkcs11.CKA_VALUE, value },
  ];
}

/** The companion's CKA_VALUE for CVK A in each form; the caller wipes it once the object exists. */
export function cvkLeftHalfValue(form: CvkLeftHalfForm, leftHalf: Buffer): Buffer {
  return form === 'des' ? Buffer.from(leftHalf) : Buffer.concat([leftHalf, leftHalf]);
}

/** Templates for an RSA key pair whose private half only signs (raw RSA) and never leaves the token. */
export function rsaKeyPairTemplates(spec: KeyAttributes & { bits: number; publicExponent: number }) {
  const exponent = Buffer.from(
    spec.publicExponent.toString(16).padStart(spec.publicExponent > 0xffff ? 6 : 2, '0'),
    'hex',
  );
  const publicKey: Template = [
    { type: pkcs11.CKA_CLASS, value: pkcs11.CKO_PUBLIC_KEY },
    { type: pkcs11.CKA_TOKEN, value: true },
    { type: pkcs11.CKA_ID, value: Buffer.from(spec.keyRef) },
    { type: pkcs11.CKA_LABEL, value: encodeLabel({ ...spec, algorithm: 'RSA' }) },
    { type: pkcs11.CKA_MODULUS_BITS, value: spec.bits },
    { type: pkcs11.CKA_PUBLIC_EXPONENT, value: exponent },
    { type: pkcs11.CKA_VERIFY, value: true },
    { type: pkcs11.CKA_ENCRYPT, value: false },
    { type: pkcs11.CKA_WRAP, value: false },
  ];
  const privateKey: Template = [
    { type: pkcs11.CKA_CLASS, value: pkcs11.CKO_PRIVATE_KEY },
    ...common({ ...spec, algorithm: 'RSA' }),
    { type: pkcs11.CKA_SIGN, value: true },
    { type: pkcs11.CKA_DECRYPT, value: false },
    { type: pkcs11.CKA_UNWRAP, value: false },
  ];
  return { publicKey, privateKey };
}

/**
 * Templates for a key ceremony's RSA key pair: session objects (gone when the bridge stops) whose
 * private half only decrypts (RSA-OAEP; raw RSA where the token lacks OAEP with SHA-256), never
 * signs, unwraps or derives, and is sensitive and not extractable. The label is not a usage label,
 * so findKey never returns it and no other operation can name it.
 */
export function rsaDecryptionKeyPairTemplates(spec: { keyRef: string; label: string; bits: number }) {
  const session = [
    { type: pkcs11.CKA_TOKEN, value: false },
    { type: pkcs11.CKA_ID, value: Buffer.from(spec.keyRef) },
    { type: pkcs11.CKA_LABEL, value: `ceremony:${spec.label}` },
  ];
  const publicKey: Template = [
    { type: pkcs11.CKA_CLASS, value: pkcs11.CKO_PUBLIC_KEY },
    ...session,
    { type: pkcs11.CKA_MODULUS_BITS, value: spec.bits },
    { type: pkcs11.CKA_PUBLIC_EXPONENT, value: Buffer.from([1, 0, 1]) },
    { type: pkcs11.CKA_ENCRYPT, value: false },
    { type: pkcs11.CKA_VERIFY, value: false },
    { type: pkcs11.CKA_WRAP, value: false },
  ];
  const privateKey: Template = [
    { type: pkcs11.CKA_CLASS, value: pkcs11.CKO_PRIVATE_KEY },
    ...session,
    { type: pkcs11.CKA_PRIVATE, value: true },
    { type: pkcs11.CKA_SENSITIVE, value: true },
    { type: pkcs11.CKA_EXTRACTABLE, value: false },
    { type: pkcs11.CKA_MODIFIABLE, value: false },
    { type: pkcs11.CKA_DECRYPT, value: true },
    { type: pkcs11.CKA_SIGN, value: false },
    { type: pkcs11.CKA_SIGN_RECOVER, value: false },
    { type: pkcs11.CKA_UNWRAP, value: false },
    { type: pkcs11.CKA_DERIVE, value: false },
  ];
  return { publicKey, privateKey };
}

/**
 * A one-time AES-256 session key that only wraps, created from a value the bridge chose, so the
 * bridge can read an exportable key the token wraps under it (Pkcs11Backend.exportableKeyValue).
 * It is destroyed right after the one wrap.
 */
export function exportTransportKeyTemplate(value: Buffer): Template {
  return [
    { type: pkcs11.CKA_CLASS, value: pkcs11.CKO_SECRET_KEY },
    { type: pkcs11.CKA_KEY_TYPE, value: pkcs11.CKK_AES },
    { type: pkcs11.CKA_TOKEN, value: false },
    { type: pkcs11.CKA_PRIVATE, value: true },
    { type: pkcs11.CKA_SENSITIVE, value: true },
    { type: pkcs11.CKA_EXTRACTABLE, value: false },
    { type: pkcs11.CKA_WRAP, value: true },
    { type: pkcs11.CKA_UNWRAP, value: false },
    { type: pkcs11.CKA_ENCRYPT, value: false },
    { type: pkcs11.CKA_DECRYPT, value: false },
    { type: pkcs11.CKA_SIGN, value: false },
    { type: pkcs11.CKA_VERIFY, value: false },
    { type: pkcs11.CKA_DERIVE, value: false },
    { type: pkcs11.CKA_VALUE, value },
  ];
}

function common(spec: KeyAttributes, extractable = false): Template {
  return [
    { type: pkcs11.CKA_TOKEN, value: true },
    { type: pkcs11.CKA_PRIVATE, value: true },
    { type: pkcs11.CKA_ID, value: Buffer.from(spec.keyRef) },
    { type: pkcs11.CKA_LABEL, value: encodeLabel(spec) },
    { type: pkcs11.CKA_SENSITIVE, value: true },
    { type: pkcs11.CKA_EXTRACTABLE, value: extractable },
    { type: pkcs11.CKA_MODIFIABLE, value: false },
  ];
}

function keyType(algorithm: SymmetricAlgorithm): number {
  if (algorithm === 'TDES2') return pkcs11.CKK_DES2;
  if (algorithm === 'TDES3') return pkcs11.CKK_DES3;
  if (algorithm === 'HMAC256') return pkcs11.CKK_GENERIC_SECRET;
  return pkcs11.CKK_AES;
}

/** PKCS#11 has no TR-31 usage attribute, so the usage and algorithm travel in the label. */
export function encodeLabel(spec: { usage: KeyUsage; algorithm: string; label: string }): string {
  return `${spec.usage}:${spec.algorithm}:${spec.label}`;
}

export function decodeLabel(raw: string): { usage: string; algorithm: string; label: string } | null {
  const match = /^([A-Z0-9]{2}):([A-Z0-9]+):(.*)$/.exec(raw);
  return match ? { usage: match[1]!, algorithm: match[2]!, label: match[3]! } : null;
}
