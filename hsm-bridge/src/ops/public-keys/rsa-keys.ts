import { toHex } from '../../../../server/emv/bytes';
import { caPublicKeyChecksum } from '../../../../server/emv/certificates/capk';
import { isCertificateExpired } from '../../../../server/emv/certificates/certificate-checks';
import { CertificateError } from '../../../../server/emv/certificates/errors';
import { rsaRecover, type RsaPublicKey } from '../../../../server/emv/certificates/rsa';
import type { CaPublicKeyParams } from '../../../../server/emv/hsm-commands/public-keys';
import type { HsmBackend, KeyAttributes } from '../../backends/backend';
import { BridgeError } from '../../bridge-error';
import { requireKeyForPurpose } from '../../key-usage';

/**
 * What the public-key operations share: finding issuer and TEST CA keys (both usage S0, told apart by
 * the TEST CA label), signing a block in the HSM and checking the signature before it leaves, and
 * turning a certificate field error into a message for the caller.
 */

/** The label of every key generateTestCaKey creates; no other key may carry it. */
export const testCaLabelPrefix = 'TEST CA';
const testCaLabel = /^TEST CA ([0-9A-F]{10}) ([0-9A-F]{2})$/;

export function testCaKeyLabel(rid: string, index: string): string {
  return `${testCaLabelPrefix} ${rid} ${index}`;
}

export function isTestCaLabel(label: string): boolean {
  return label.toUpperCase().startsWith(testCaLabelPrefix);
}

export interface HsmRsaKey {
  key: KeyAttributes;
  publicKey: RsaPublicKey;
}

/** The exponent as EMV writes it (03 or 010001), whatever leading zeros the token returns. */
export function exponentHex(exponent: Uint8Array): '03' | '010001' {
  const hex = toHex(exponent).replace(/^(00)+/, '');
  if (hex !== '03' && hex !== '010001') {
    throw new BridgeError('BAD_REQUEST', `RSA public exponent ${hex} is not 03 or 010001`);
  }
  return hex;
}

async function requireRsaKey(backend: HsmBackend, keyRef: string, purpose: string): Promise<HsmRsaKey> {
  const key = await requireKeyForPurpose(backend, keyRef, ['S0'], purpose);
  const publicKey = key.algorithm === 'RSA' ? await backend.rsaPublicKey(keyRef) : null;
  if (!publicKey) throw new BridgeError('BAD_REQUEST', `key ${keyRef} is not an RSA key pair`);
  return {
    key,
    publicKey: {
      modulus: publicKey.modulus,
      exponent: Buffer.from(exponentHex(publicKey.publicExponent), 'hex'),
    },
  };
}

/** An issuer RSA key: usage S0 and not the workbench's TEST CA key. */
export async function requireIssuerKey(
  backend: HsmBackend,
  keyRef: string,
  purpose: string,
): Promise<HsmRsaKey> {
  const issuer = await requireRsaKey(backend, keyRef, purpose);
  if (isTestCaLabel(issuer.key.label)) {
    throw new BridgeError(
      'KEY_USAGE_REFUSED',
      `key ${keyRef} is the workbench's TEST CA key: it signs issuer certificates only; ${purpose} needs an issuer key`,
    );
  }
  return issuer;
}

/** The workbench's TEST CA key, with the RID and index its label records. */
export async function requireTestCaKey(
  backend: HsmBackend,
  keyRef: string,
): Promise<HsmRsaKey & { rid: string; index: string }> {
  const ca = await requireRsaKey(backend, keyRef, 'issuer certificate signing');
  const match = testCaLabel.exec(ca.key.label);
  if (!match) {
    throw new BridgeError(
      'KEY_USAGE_REFUSED',
      `key ${keyRef} (label "${ca.key.label}") is not the workbench's TEST CA: only the workbench's TEST CA signs here; a scheme CA signs production issuer certificates`,
    );
  }
  return { ...ca, rid: match[1]!, index: match[2]! };
}

/**
 * The private-key operation on a block the bridge built, checked by recovery with the public key
 * before it leaves: a faulty signature (a token fault, the wrong key half) is never handed out.
 */
export async function signInHsm(
  backend: HsmBackend,
  signer: HsmRsaKey,
  block: Buffer,
  what: string,
): Promise<Buffer> {
  const signature = await backend.rsaPrivateOperation(signer.key.keyRef, block);
  if (signature.length !== block.length || !rsaRecover(signature, signer.publicKey).equals(block)) {
    throw new BridgeError(
      'HSM_ERROR',
      `${what}: the signature of key ${signer.key.keyRef} does not verify with its public key`,
    );
  }
  return signature;
}

/** Runs a certificate builder, reporting a field it refuses as BAD_REQUEST, prefixed with where. */
export function withFieldErrors<T>(where: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof RangeError || error instanceof CertificateError) {
      throw new BridgeError('BAD_REQUEST', `${where}${error.message}`);
    }
    throw error;
  }
}

/** Book 2 5.3 / 6.4 step 9: a card must not be issued with a certificate that has already expired. */
export function requireNotExpired(expiry: string, where: string, today = new Date()): void {
  if (isCertificateExpired(expiry, today)) {
    throw new BridgeError(
      'BAD_REQUEST',
      `${where}expiry ${expiry} has passed (a certificate is valid through the end of its expiry month)`,
    );
  }
}

/** Book 2 Table 6 field 3: the issuer identifier digits padded with F to 4 bytes. */
export function issuerIdentifierField(digits: string): Buffer {
  return Buffer.from(digits.padEnd(8, 'F'), 'hex');
}

/** A CA public key given by the caller, with its checksum checked when it comes with one (Book 2 11.2.2). */
export function caPublicKeyFrom(ca: CaPublicKeyParams): RsaPublicKey & { checksum: Buffer } {
  const key = {
    rid: Buffer.from(ca.rid, 'hex'),
    index: Buffer.from(ca.index, 'hex'),
    modulus: Buffer.from(ca.modulus, 'hex'),
    exponent: Buffer.from(ca.exponent, 'hex'),
  };
  const checksum = caPublicKeyChecksum(key);
  if (ca.checksum !== undefined && ca.checksum !== toHex(checksum)) {
    throw new BridgeError(
      'BAD_REQUEST',
      `CA public key ${ca.rid} index ${ca.index} (${ca.environment}): checksum ${ca.checksum} does not match the key (computed ${toHex(checksum)}); enter the key again from the scheme's list`,
    );
  }
  return { modulus: key.modulus, exponent: key.exponent, checksum };
}

/** Hex of a public key for a result. */
export function publicKeyHex(key: RsaPublicKey): { modulus: string; exponent: '03' | '010001' } {
  return { modulus: toHex(key.modulus), exponent: exponentHex(key.exponent) };
}
