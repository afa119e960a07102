/**
 * Per-card static secure-channel keys (ENC, MAC, DEK) diversified from an issuer's KMC with the
 * key diversification data the card returns in INITIALIZE UPDATE (its first 10 bytes).
 */
import { concat, requireLength } from '../bytes';
import {
  cardStaticKeyDerivationData,
  type CardStaticKeyDerivationData,
} from './card-static-key-derivation-data';
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

function diversifyTdes(kmc: Uint8Array, data: CardStaticKeyDerivationData): CardStaticKeys {
  requireLength(kmc, [16], 'KMC');
  return {
    enc: tdesEcbEncrypt(kmc, data.enc),
    mac: tdesEcbEncrypt(kmc, data.mac),
    dek: tdesEcbEncrypt(kmc, data.dek),
  };
}

/** EMV CPS v1.1 KMC diversification (the "EMV" method of GP tools); blocks in card-static-key-derivation-data.ts. */
export function diversifyKmcEmvCps(kmc: Uint8Array, kdd: Uint8Array): CardStaticKeys {
  return diversifyTdes(kmc, cardStaticKeyDerivationData('emv-cps', kdd));
}

/** VISA2 KMC diversification (Visa GlobalPlatform 2.1.1 Card Implementation Requirements). */
export function diversifyKmcVisa2(kmc: Uint8Array, kdd: Uint8Array): CardStaticKeys {
  return diversifyTdes(kmc, cardStaticKeyDerivationData('visa2', kdd));
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
