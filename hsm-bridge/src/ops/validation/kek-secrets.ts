import { randomBytes } from 'node:crypto';
import { tdesEcbDecrypt } from '../../../../server/emv/crypto/des';
import type { BureauApplication, SecretTranslator } from '../../../../server/emv/terminal/personalize';
import { isSecretDgi, pinFromFormat2Block } from '../../../../server/emv/virtual-card/application-data';
import { encryptDgiData, type ScpProtocol } from '../../../../server/emv/virtual-card/dgi-encryption';
import type { HsmBackend, KeyAttributes } from '../../backends/backend';
import { pkcs11ErrorName } from '../../backends/pkcs11/pkcs11-errors';
import { BridgeError } from '../../bridge-error';

/**
 * The secret DGIs of a bureau file inside the bridge (EMV CPS v1.1 4.3.5, Annex A): the HSM decrypts
 * each under the transport KEK (TDES-ECB, as preparation encrypted it) and the clear is at once
 * re-encrypted under a session key, the virtual card's or an open secure channel's DEK, or the
 * terminal's one-time PIN entry key;
 * it is zeroed after use and never leaves the bridge.
 */
export class KekSecrets {
  /**
   * The first failure of the HSM itself. personalizeCard reports a failed translation as the card's
   * personalization failure; the operation rethrows this instead, since it is no fault of the card.
   */
  hsmFailure: unknown;

  constructor(
    private readonly backend: HsmBackend,
    private readonly kek: KeyAttributes,
  ) {}

  /**
   * The bridge's only decryption under a transport KEK (key-usage.ts; the one caller of
   * HsmBackend.decryptUnderTransportKek): the validation plays the bureau, and
   * reencryptDgisForChannel serves the bureau's device, so one secret DGI goes from the KEK to a
   * session key without its clear leaving this method. SCP02 session keys are TDES-ECB, SCP03
   * AES-CBC (virtual-card/dgi-encryption.ts).
   */
  private async translateUnderKekToSessionKey(
    dgi: string,
    underKek: Buffer,
    session: { protocol: ScpProtocol; key: Buffer },
  ): Promise<Buffer> {
    if (!isSecretDgi(dgi)) {
      throw new Error(`DGI ${dgi} is not a secret DGI (8000 to 8FFF), so it is not decrypted`);
    }
    if (underKek.length === 0 || underKek.length % 8 !== 0) {
      throw new Error(`its data is ${underKek.length} bytes, not whole 8-byte blocks of TDES under the KEK`);
    }
    let clear: Buffer;
    try {
      clear = await this.backend.decryptUnderTransportKek(this.kek.keyRef, underKek);
    } catch (error) {
      this.hsmFailure ??= this.refusal(error);
      throw this.hsmFailure;
    }
    try {
      return encryptDgiData(session.protocol, session.key, clear);
    } finally {
      clear.fill(0);
    }
  }

  /**
   * The token's refusal in words: a K0 key made before K0 keys got CKA_DECRYPT (key-templates.ts)
   * stays encrypt-only, as PKCS#11 attributes cannot be changed on a key that is not modifiable.
   */
  private refusal(error: unknown): unknown {
    if (pkcs11ErrorName(error) !== 'CKR_KEY_FUNCTION_NOT_PERMITTED') return error;
    return new BridgeError(
      'KEY_USAGE_REFUSED',
      `transport KEK ${this.kek.keyRef} was created encrypt-only, before K0 keys could decrypt for validation on a virtual card, so the HSM refuses to decrypt the bureau data under it (CKR_KEY_FUNCTION_NOT_PERMITTED): import the same KEK again (key ceremony or TR-31 key block) and validate with the new key reference, or generate a new KEK and prepare the job again with it (see docs/keys.md)`,
    );
  }

  /** personalizeCard's KEK -> DEK translation (SCP02 session DEK, SCP03 static DEK). */
  translator(): SecretTranslator {
    return ({ dgi, underKek, protocol, dek }) =>
      this.translateUnderKekToSessionKey(dgi, underKek, { protocol, key: dek });
  }

  /**
   * One secret DGI from the KEK to a secure channel's DEK (SCP02 session DEK, SCP03 static DEK) for
   * an external personalization device (ops/secure-channel/reencrypt-dgis-for-channel.ts).
   */
  async toChannelDek(dgi: string, underKek: Buffer, protocol: ScpProtocol, dek: Buffer): Promise<Buffer> {
    return this.translateUnderKekToSessionKey(dgi, underKek, { protocol, key: dek });
  }

  /**
   * The cardholder's PIN from the application's offline PIN block (ISO 9564-1 format 2 under the KEK),
   * for the terminal's VERIFY; undefined when the application has none or it is not a PIN block. The
   * block reaches the terminal's PIN entry under a one-time TDES key of its own, as a card's DGI
   * reaches the card under the DEK.
   */
  async cardholderPin(application: BureauApplication, pinBlockDgi: string): Promise<string | undefined> {
    const dgi = application.dgis.find((entry) => entry.dgi === pinBlockDgi);
    if (!dgi?.encrypted) return undefined;
    const pinEntryKey = randomBytes(16);
    let clear: Buffer | undefined;
    try {
      const underPinEntryKey = await this.translateUnderKekToSessionKey(dgi.dgi, dgi.data, {
        protocol: 'SCP02',
        key: pinEntryKey,
      });
      clear = tdesEcbDecrypt(pinEntryKey, underPinEntryKey);
      return pinFromFormat2Block(clear);
    } finally {
      pinEntryKey.fill(0);
      clear?.fill(0);
    }
  }
}
