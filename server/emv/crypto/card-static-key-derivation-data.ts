/**
 * The 16-byte blocks an HSM encrypts under a KMC to diversify a card's static secure-channel keys
 * (KENC, KMAC, KDEK), so the KMC never leaves it: each key is TDES-ECB(KMC)[block], the same keys
 * card-static-keys.ts computes with a clear test KMC.
 */
import { concat, requireLength } from '../bytes';

export type CardStaticKeyMethod = 'emv-cps' | 'visa2';

export interface CardStaticKeyDerivationData {
  enc: Buffer;
  mac: Buffer;
  dek: Buffer;
}

function blocks(id: Buffer): CardStaticKeyDerivationData {
  const block = (k: number) => concat(id, Buffer.from([0xf0, k]), id, Buffer.from([0x0f, k]));
  return { enc: block(0x01), mac: block(0x02), dek: block(0x03) };
}

/**
 * EMV CPS 1.1 (the "EMV" method): KDD[4..9] || F0 || k || KDD[4..9] || 0F || k.
 * VISA2 (Visa GlobalPlatform 2.1.1 Card Implementation Requirements): KDD[0..1] || KDD[4..7] || F0 ||
 * k || KDD[0..1] || KDD[4..7] || 0F || k. k is 01 for KENC, 02 for KMAC, 03 for KDEK; KDD is the
 * 10-byte key diversification data of the INITIALIZE UPDATE response.
 */
export function cardStaticKeyDerivationData(
  method: CardStaticKeyMethod,
  kdd: Uint8Array,
): CardStaticKeyDerivationData {
  requireLength(kdd, [10], 'key diversification data');
  const data = Buffer.from(kdd);
  if (method === 'emv-cps') return blocks(data.subarray(4, 10));
  if (method === 'visa2') return blocks(concat(data.subarray(0, 2), data.subarray(4, 8)));
  throw new RangeError(`card static key method must be "emv-cps" or "visa2", got "${String(method)}"`);
}
