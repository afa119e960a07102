import { z } from 'zod';
import { hex, keyRef, type CommandSpec } from './common';
import { isEncryptableDgi } from './validation';

/** A secure channel held in the bridge's memory, named by 16 random bytes. */
export const secureChannelHandle = hex(16);

/** Most secret DGIs in one reencryptDgisForChannel call: an application's secrets fit many times over. */
export const maxChannelDgisPerCall = 32;

/**
 * STORE DATA P1 b7-b6 '11' (GP Card Spec 2.3 Table 11-93; EMV CPS v1.1 4.3.5): the DGI of the command
 * is encrypted under the DEK. The device ORs it into P1 (b8 still flags the last command).
 */
export const STORE_DATA_P1_ENCRYPTED_DGI = '60';

/** A secret DGI as the CPS file carries it: number and data under the job's transport KEK (TDES-ECB). */
const dgiUnderKek = z.object({
  dgi: hex(2).refine(isEncryptableDgi, 'must be a secret DGI (8000 to 8FFF): only those are re-encrypted'),
  data: hex()
    .min(2, 'must not be empty')
    .max(4096, 'must be at most 2048 bytes')
    .refine((value) => value.length % 16 === 0, 'must be whole 8-byte blocks (TDES-ECB under the KEK)'),
});

/**
 * GlobalPlatform secure channels for an external personalization device (EMV CPS v1.1 4.3): the
 * session keys are derived from the card's static keys (from a KMC, usage E5) and held only in the
 * bridge's memory; the device gets APDUs. SCP02 (GP Card Spec 2.3 Annex E) at C-MAC or C-MAC +
 * C-DECRYPTION, each with or without R-MAC (E.5.2.3); SCP03 (GP Amendment D) at any level of
 * 7.1.2.1 (C-MAC, C-DEC, R-MAC, R-ENC).
 */
export const secureChannelCommands = {
  /**
   * Host side of INITIALIZE UPDATE / EXTERNAL AUTHENTICATE: the card's static keys are diversified
   * from the KMC with the KDD of the INITIALIZE UPDATE response (EMV CPS 1.1 or VISA2 method; `none`
   * when the KMC is itself the card's key for ENC, MAC and DEK, SCP02 only), the card cryptogram is
   * verified, and the EXTERNAL AUTHENTICATE APDU (host cryptogram and C-MAC) is returned with the
   * channel's handle. A card cryptogram that does not verify opens nothing.
   */
  openSecureChannel: {
    params: z.object({
      kmcRef: keyRef,
      diversification: z.enum(['emv-cps', 'visa2', 'none']),
      channel: z.discriminatedUnion('protocol', [
        z.object({
          protocol: z.literal('SCP02'),
          /** GP Card Spec 2.3 E.5.2.3: 01 C-MAC, 03 C-MAC + C-DEC; 11 and 13 add R-MAC. */
          securityLevel: z.enum(['01', '03', '11', '13']),
          /** i-parameter b5 (GP Card Spec 2.3 E.1.1): ICV encryption, as i = 15. */
          icvEncryption: z.boolean(),
        }),
        z.object({ protocol: z.literal('SCP03'), securityLevel: z.enum(['01', '03', '11', '13', '33']) }),
      ]),
      hostChallenge: hex(8),
      /** INITIALIZE UPDATE response data, status word removed. */
      initializeUpdateResponse: hex().refine((value) => [28, 29, 32].includes(value.length / 2), {
        message: 'must be 28 bytes (SCP02) or 29 or 32 bytes (SCP03), without the status word',
      }),
    }),
    result: z.object({
      handle: secureChannelHandle,
      externalAuthenticate: hex(),
      keyDiversificationData: hex(10),
      keyVersion: z.number().int(),
    }),
  },
  /** Protects one command at the channel's level (C-MAC, and C-DECRYPTION when the level has it). */
  wrapSecureChannelCommand: {
    params: z.object({
      handle: secureChannelHandle,
      apdu: hex()
        .min(8, 'must be at least 4 bytes')
        .max(2 * 261, 'must be a short APDU'),
      /** The protection the caller expects; refused when the channel was opened at another level. */
      securityLevel: z.enum(['c-mac', 'c-mac-c-dec']).optional(),
    }),
    result: z.object({ apdu: hex() }),
  },
  /**
   * Checks the R-MAC of a response and removes R-ENCRYPTION (SCP03, GP Amendment D 6.2.5, 6.2.7;
   * SCP02, GP Card Spec 2.3 Annex E R-MAC, chained, on every status word), giving data || SW. A
   * response whose R-MAC does not verify is refused and closes the channel; on a channel without
   * R-MAC the response comes back as it is, with rMacVerified false. On an SCP02 R-MAC channel each
   * response must be verified, in order, before the next command is wrapped.
   */
  verifySecureChannelResponse: {
    params: z.object({
      handle: secureChannelHandle,
      response: hex()
        .min(4, 'must hold at least the status word')
        .max(2 * 258, 'must be a short response'),
    }),
    result: z.object({ response: hex(), rMacVerified: z.boolean() }),
  },
  /**
   * The secret DGIs of one application, from the job's transport KEK (K0) to the open channel's DEK,
   * ready for STORE DATA (EMV CPS v1.1 4.3.5, Annex A): SCP02 TDES-ECB under the session DEK (GP Card
   * Spec 2.3 E.4.1, constant 0181), SCP03 AES-CBC under the static DEK after 80 00.. padding
   * (virtual-card/dgi-encryption.ts). The clear never leaves the bridge; the DGIs come back in the
   * order given, each to be sent in STORE DATA with P1 b7-b6 = '11' (`p1Encryption`).
   */
  reencryptDgisForChannel: {
    params: z.object({
      handle: secureChannelHandle,
      kekRef: keyRef,
      dgis: z.array(dgiUnderKek).min(1).max(maxChannelDgisPerCall),
    }),
    result: z.object({
      dgis: z.array(z.object({ dgi: hex(2), data: hex() })),
      p1Encryption: z.literal(STORE_DATA_P1_ENCRYPTED_DGI),
    }),
  },
  /** Forgets the channel and zeroes its session keys. */
  closeSecureChannel: {
    params: z.object({ handle: secureChannelHandle }),
    result: z.object({ closed: z.boolean() }),
  },
} as const satisfies Record<string, CommandSpec>;
