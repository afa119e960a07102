import { toHex } from '../../../../server/emv/bytes';
import { tdesKcv } from '../../../../server/emv/crypto/kcv';
import type { HsmBackend, KeyAttributes } from '../../backends/backend';
import { isTdes } from '../../backends/key-lengths';
import { BridgeError } from '../../bridge-error';
import { keyCheckValue } from '../../key-check-value';
import { requireKeyForPurpose } from '../../key-usage';

/**
 * The transport KEK every secret leaves the HSM under: usage K0 (the bridge decrypts under it only to
 * translate secret DGIs to a virtual card's session key, key-usage.ts, so what it protects cannot be
 * decrypted back out of the bridge) and TDES, as card data preparation systems expect.
 */
export async function requireTransportKek(
  backend: HsmBackend,
  kekRef: string,
  purpose = 'key transport',
): Promise<KeyAttributes> {
  const kek = await requireKeyForPurpose(backend, kekRef, ['K0'], purpose);
  if (!isTdes(kek.algorithm)) throw new BridgeError('BAD_REQUEST', 'the transport KEK must be a TDES key');
  return kek;
}

/** The KEK's reference and KCV, returned beside the cryptograms so the receiver can check its key. */
export async function describeTransportKek(
  backend: HsmBackend,
  kek: KeyAttributes,
): Promise<{ keyRef: string; kcv: string }> {
  return { keyRef: kek.keyRef, kcv: await keyCheckValue(backend, kek) };
}

/**
 * A clear TDES key computed inside the bridge, encrypted (TDES-ECB) under the transport KEK with its
 * 3-byte KCV (ANSI X9.24-1 A.2). The clear key is zeroed, whatever happens.
 */
export async function encryptKeyUnderKek(
  backend: HsmBackend,
  kek: KeyAttributes,
  clearKey: Buffer,
): Promise<{ cryptogram: string; kcv: string }> {
  try {
    return {
      cryptogram: toHex(await backend.encrypt(kek.keyRef, 'ecb', clearKey)),
      kcv: toHex(tdesKcv(clearKey)),
    };
  } finally {
    clearKey.fill(0);
  }
}

/** A bad card in a batch: the message names the card by its 1-based index, never by its PAN. */
export function cardError(index: number, error: unknown): BridgeError {
  const message = error instanceof Error ? error.message : String(error);
  return new BridgeError('BAD_REQUEST', `card ${index + 1}: ${message}`);
}
