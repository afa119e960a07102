/**
 * Per-card static secure-channel keys (ENC, MAC, DEK) diversified from an issuer's KMC with the
 * key diversification data the card returns in INITIALIZE UPDATE (its first 10 bytes).
 */
import { concat, requireLength } from '../bytes';
import { tdesEcbEncrypt } from './des';
import { nistCounterModeKdf } from './scp03-kdf';

export interface CardStaticKeys {
  enc: Buffer;
  mac: Buffer;
  dek: Buffer;
}

/** Key identifiers k used in the derivation blocks: 01 ENC, 02 MAC, 03 DEK. */
const KEY_PURPOSES = [
  ['enc', 0x01],
  ['mac', 0x02],
  ['dek', 0x03],
] as const;

function requireKdd(kdd: Uint8Array): void {
  requireLength(kdd, [10], 'key diversification data');
}

function diversifyTdes(kmc: Uint8Array, block: (k: number) => Buffer): CardStaticKeys {
  requireLength(kmc, [16], 'KMC');
  const [enc, mac, dek] = KEY_PURPOSES.map(([, k]) => tdesEcbEncrypt(kmc, block(k)));
  return { enc: enc!, mac: mac!, dek: dek! };
}

/**
 * EMV CPS v1.1 KMC diversification (the "EMV" method of GP tools): for k = 01/02/03,
 * K = DES3(KMC)[KDD[4..9] || F0 || k] || DES3(KMC)[KDD[4..9] || 0F || k]. KDD[4..9] is the
 * IC serial number part that makes the keys unique per card.
 */
export function diversifyKmcEmvCps(kmc: Uint8Array, kdd: Uint8Array): CardStaticKeys {
  requireKdd(kdd);
  const csn = kdd.subarray(4, 10);
  return diversifyTdes(kmc, (k) => concat(csn, Buffer.from([0xf0, k]), csn, Buffer.from([0x0f, k])));
}

/**
 * VISA2 KMC diversification (Visa GlobalPlatform 2.1.1 Card Implementation Requirements):
 * data = KDD[0..1] || KDD[4..7] || F0 || k || KDD[0..1] || KDD[4..7] || 0F || k.
 */
export function diversifyKmcVisa2(kmc: Uint8Array, kdd: Uint8Array): CardStaticKeys {
  requireKdd(kdd);
  const id = concat(kdd.subarray(0, 2), kdd.subarray(4, 8));
  return diversifyTdes(kmc, (k) => concat(id, Buffer.from([0xf0, k]), id, Buffer.from([0x0f, k])));
}

/**
 * GlobalPlatformPro's "KDF3" AES diversification (not a GlobalPlatform standard, but what cards
 * provisioned with `gp --key-kdf3` carry): the SP 800-108 counter-mode KDF with AES-CMAC, no
 * prefix, suffix 00 00 00 k 00 || KDD, output as long as the KMC.
 */
export function diversifyKmcKdf3(kmc: Uint8Array, kdd: Uint8Array): CardStaticKeys {
  requireLength(kmc, [16, 24, 32], 'KMC');
  if (kdd.length === 0) throw new RangeError('key diversification data must not be empty');
  const [enc, mac, dek] = KEY_PURPOSES.map(([, k]) =>
    nistCounterModeKdf(kmc, Buffer.alloc(0), concat(Buffer.from([0, 0, 0, k, 0]), kdd), kmc.length),
  );
  return { enc: enc!, mac: mac!, dek: dek! };
}
