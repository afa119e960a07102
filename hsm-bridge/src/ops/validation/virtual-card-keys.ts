import { randomBytes } from 'node:crypto';
import {
  type CardStaticKeys,
  diversifyKmcEmvCps,
  diversifyKmcKdf3,
} from '../../../../server/emv/crypto/card-static-keys';
import type { ScpProtocol } from '../../../../server/emv/virtual-card/dgi-encryption';
import { VirtualCard, type AppletInstall } from '../../../../server/emv/virtual-card/virtual-card';

/**
 * The virtual cards' own card manager keys for one call: an ephemeral KMC made in the bridge (TDES
 * for SCP02, AES-128 for SCP03), never stored or returned, from which each card's static keys are
 * diversified with its KDD (EMV CPS v1.1 diversification for SCP02, GlobalPlatformPro's KDF3 for
 * SCP03, as in terminal/testing.ts), as a card manufacturer loads them and the personalization
 * device recomputes them from the KDD the card returns.
 */
export class EphemeralKmc {
  private readonly kmc = randomBytes(16);

  constructor(readonly protocol: ScpProtocol) {}

  staticKeys(kdd: Buffer): CardStaticKeys {
    return this.protocol === 'SCP02' ? diversifyKmcEmvCps(this.kmc, kdd) : diversifyKmcKdf3(this.kmc, kdd);
  }

  /** A blank card with the applets installed and its static keys loaded, under a fresh KDD. */
  newCard(applications: readonly AppletInstall[]): VirtualCard {
    const keyDiversificationData = randomBytes(10);
    const scp02 = this.protocol === 'SCP02';
    return new VirtualCard({
      secureChannel: {
        protocol: this.protocol,
        keys: this.staticKeys(keyDiversificationData),
        keyDiversificationData,
        // The usual GP values: SCP02 i = 15 (ICV encryption), SCP03 i = 70 (R-MAC, R-ENC, pseudo-random).
        keyVersion: scp02 ? 0x20 : 0x30,
        iParameter: scp02 ? 0x15 : 0x70,
        sequenceCounter: 1,
      },
      applications,
    });
  }

  destroy(): void {
    this.kmc.fill(0);
  }
}
