import pkcs11 from 'pkcs11js';
import type { KeyUsage, SymmetricAlgorithm } from '../../../../server/emv/hsm-commands';

type Template = pkcs11.Template;

/**
 * The one place that says which PKCS#11 attributes a key of each usage gets. Every key is
 * CKA_SENSITIVE and not CKA_EXTRACTABLE; no key may both wrap and decrypt (the Clulow attack:
 * wrap a key under K, then decrypt the wrapped bytes with K).
 */
export function secretKeyTemplate(spec: {
  keyRef: string;
  algorithm: SymmetricAlgorithm;
  usage: KeyUsage;
  label: string;
  token: boolean;
}): Template {
  const capabilities = usageCapabilities[spec.usage];
  return [
    { type: pkcs11.CKA_CLASS, value: pkcs11.CKO_SECRET_KEY },
    { type: pkcs11.CKA_KEY_TYPE, value: keyType(spec.algorithm) },
    { type: pkcs11.CKA_TOKEN, value: spec.token },
    { type: pkcs11.CKA_PRIVATE, value: true },
    { type: pkcs11.CKA_ID, value: Buffer.from(spec.keyRef) },
    { type: pkcs11.CKA_LABEL, value: encodeLabel(spec) },
    { type: pkcs11.CKA_SENSITIVE, value: true },
    { type: pkcs11.CKA_EXTRACTABLE, value: false },
    { type: pkcs11.CKA_MODIFIABLE, value: false },
    { type: pkcs11.CKA_ENCRYPT, value: capabilities.encrypt },
    { type: pkcs11.CKA_DECRYPT, value: false },
    { type: pkcs11.CKA_WRAP, value: capabilities.wrap },
    { type: pkcs11.CKA_UNWRAP, value: capabilities.wrap },
    { type: pkcs11.CKA_SIGN, value: false },
    { type: pkcs11.CKA_VERIFY, value: false },
    { type: pkcs11.CKA_DERIVE, value: false },
  ];
}

/**
 * E-keys encrypt derivation data (EMV A1.4) inside the token; K0 keys encrypt card keys for
 * transport. No key decrypts data, and none wraps, so none can both wrap and decrypt.
 */
const usageCapabilities: Record<KeyUsage, { encrypt: boolean; wrap: boolean }> = {
  E0: { encrypt: true, wrap: false },
  E1: { encrypt: true, wrap: false },
  E2: { encrypt: true, wrap: false },
  K0: { encrypt: true, wrap: false },
  P0: { encrypt: false, wrap: false },
  C0: { encrypt: true, wrap: false },
  M0: { encrypt: false, wrap: false },
  S0: { encrypt: false, wrap: false },
};

function keyType(algorithm: SymmetricAlgorithm): number {
  switch (algorithm) {
    case 'TDES2':
      return pkcs11.CKK_DES2;
    case 'TDES3':
      return pkcs11.CKK_DES3;
    default:
      return pkcs11.CKK_AES;
  }
}

/** PKCS#11 has no TR-31 usage attribute, so the usage and algorithm travel in the label. */
export function encodeLabel(spec: { usage: KeyUsage; algorithm: SymmetricAlgorithm; label: string }): string {
  return `${spec.usage}:${spec.algorithm}:${spec.label}`;
}

export function decodeLabel(raw: string): { usage: string; algorithm: string; label: string } | null {
  const match = /^([A-Z0-9]{2}):([A-Z0-9]+):(.*)$/.exec(raw);
  return match ? { usage: match[1]!, algorithm: match[2]!, label: match[3]! } : null;
}
