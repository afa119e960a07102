import { z } from 'zod';
import { hex, keyRef, maxCardsPerCall, pan, type CommandSpec } from './common';

/*
 * Issuer and ICC RSA keys, CA keys and EMV certificates (EMV 4.4 Book 2 sections 5, 6 and 7). The
 * bridge builds every certificate from the fields below and never signs bytes a caller supplies.
 */

/** Book 2 5.1 / 6.1: no EMV RSA key is longer than 1984 bits; the workbench makes none below 1024. */
const rsaBits = z
  .number()
  .int()
  .min(1024, 'must be at least 1024 bits')
  .max(1984, 'must be at most 1984 bits (EMV 4.4 Book 2 5.1)')
  .refine((bits) => bits % 8 === 0, { message: 'must be a multiple of 8 bits' });

/** Book 2 5.1 / 6.1: public exponents are 3 or 2^16 + 1. */
const publicExponent = z
  .number()
  .refine((e) => e === 3 || e === 65537, { message: 'must be 3 or 65537 (EMV 4.4 Book 2 5.1)' });

/** A public exponent as it appears in tags 9F32 / 9F47 / 9F2E. */
const exponentHex = z.enum(['03', '010001'], { message: 'must be 03 or 010001' });

/** An RSA modulus of 768 to 1984 bits (CA keys on old test lists are shorter than issuer keys). */
const modulusHex = hex().refine((s) => s.length >= 192 && s.length <= 496 && !s.startsWith('00'), {
  message: 'must be 96 to 248 bytes with no leading zero byte',
});

/** Book 2 Table 6 field 3: the leftmost 3 to 8 digits of the PAN; the bridge pads it with F. */
const issuerIdentifier = z.string().regex(/^\d{3,8}$/, 'must be the 3 to 8 leading digits of the PAN');

/** Book 2 Tables 6 and 14: MMYY, after which the certificate is no longer valid. */
const expiry = z.string().regex(/^(0[1-9]|1[0-2])\d{2}$/, 'must be MMYY with a month from 01 to 12');

/** Book 3 10.3: the records the AFL flags for offline data authentication, then the AIP. */
const staticData = hex().refine((s) => s.length >= 2 && s.length <= 4096, {
  message: 'must be 1 to 2048 bytes: the records and AIP to be authenticated',
});

const certificateSerial = hex(3);
const label = z.string().min(1).max(64);

/**
 * A certification authority public key as a scheme publishes it (Book 2 11.2.2), with the list it
 * belongs to: live and test keys share RIDs and indexes, so the environment is part of the identity.
 */
export const caPublicKey = z.object({
  rid: hex(5),
  index: hex(1),
  environment: z.enum(['live', 'test']),
  modulus: modulusHex,
  exponent: exponentHex,
  /** CA Public Key Check Sum, SHA-1 over RID, index, modulus and exponent; checked when given. */
  checksum: hex(20).optional(),
});
export type CaPublicKeyParams = z.infer<typeof caPublicKey>;

const caIdentity = z.object({ rid: hex(5), index: hex(1), environment: z.enum(['live', 'test']) });

const issuerCertificateFields = {
  issuerIdentifier,
  expiry,
  serial: certificateSerial,
};

/** Tags 90 / 9F46 / 9F2D, the remainder 92 / 9F48 / 9F2F and the exponent 9F32 / 9F47 / 9F2E. */
const certificate = z.object({ certificate: hex(), remainder: hex(), exponent: exponentHex });

/** One ICC private key as CRT components, each encrypted under the KEK (see prepareIccKeys). */
const encryptedCrtKey = z.strictObject({ p: hex(), q: hex(), dp: hex(), dq: hex(), qInv: hex() });

/** One ICC private key as modulus and private exponent, each encrypted under the KEK. */
const encryptedModulusExponentKey = z.strictObject({ modulus: hex(), privateExponent: hex() });

/**
 * EMV CPS v1.1 Annex A: a card takes its ICC private key either as CRT components (DGIs 8201-8205) or
 * as modulus and private exponent; the card's application specification says which.
 */
const iccPrivateKeyForm = z.enum(['crt', 'modulus-exponent']);
export type IccPrivateKeyForm = z.infer<typeof iccPrivateKeyForm>;

const iccKeyResult = certificate.extend({
  modulus: modulusHex,
  privateKeyUnderKek: z.union([encryptedCrtKey, encryptedModulusExponentKey]),
});

/** prepareIccKeys carries several kilobytes per card; this keeps a response well under 4 MB. */
export const maxIccKeyCardsPerCall = 500;

export const publicKeyCommands = {
  /** An issuer RSA key pair (usage S0) generated in the HSM; the private key never leaves it. */
  generateIssuerKeyPair: {
    params: z.object({ label, bits: rsaBits, publicExponent }),
    result: z.object({ keyRef, modulus: modulusHex, exponent: exponentHex, fingerprint: hex(3) }),
  },

  /**
   * What a scheme CA needs to certify an issuer key (Book 2 Table 6 fields 3 to 9 and the key). With
   * `ca`, also the certificate's hash input (fields 2 to 10, remainder, exponent: Book 2 5.3 step 5)
   * and its SHA-1, which depend on the CA key's length.
   */
  exportIssuerPublicKey: {
    params: z.object({ issuerKeyRef: keyRef, ...issuerCertificateFields, ca: caPublicKey.optional() }),
    result: z.object({
      issuerKeyRef: keyRef,
      fingerprint: hex(3),
      issuerIdentifier: hex(4),
      expiry,
      serial: certificateSerial,
      hashAlgorithm: z.literal('01'),
      publicKeyAlgorithm: z.literal('01'),
      modulusLength: z.number().int(),
      modulus: modulusHex,
      exponent: exponentHex,
      certificateData: z
        .object({ ca: caIdentity, hashInput: hex(), hash: hex(20), remainder: hex() })
        .optional(),
    }),
  },

  /**
   * A scheme-signed issuer certificate, checked by recovery with the CA public key (Book 2 5.3) and
   * against the issuer key in the HSM; refused with the exact reason when anything does not match.
   */
  importIssuerCertificate: {
    params: z.object({
      issuerKeyRef: keyRef,
      ca: caPublicKey,
      certificate: hex(),
      remainder: hex(),
      exponent: exponentHex,
    }),
    result: z.object({
      issuerKeyRef: keyRef,
      fingerprint: hex(3),
      ca: caIdentity,
      issuerIdentifier,
      expiry,
      serial: certificateSerial,
      certificate: hex(),
      remainder: hex(),
      exponent: exponentHex,
    }),
  },

  /** The workbench's own TEST certification authority key (usage S0, labelled "TEST CA <RID> <index>"). */
  generateTestCaKey: {
    params: z.object({
      rid: hex(5),
      index: hex(1),
      bits: rsaBits,
      publicExponent: publicExponent.optional(),
    }),
    result: z.object({
      keyRef,
      label: z.string(),
      ca: caPublicKey.extend({ environment: z.literal('test'), checksum: hex(20) }),
      fingerprint: hex(3),
    }),
  },

  /** Book 2 5.3 Table 6: an issuer certificate built by the bridge and signed with its TEST CA key. */
  signIssuerCertificateWithTestCa: {
    params: z.object({ caKeyRef: keyRef, issuerKeyRef: keyRef, ...issuerCertificateFields }),
    result: certificate.extend({
      ca: caPublicKey.extend({ environment: z.literal('test'), checksum: hex(20) }),
    }),
  },

  /** Book 2 5.4 Table 7: Signed Static Application Data (tag 93) for a batch of cards. */
  signStaticApplicationData: {
    params: z.object({
      issuerKeyRef: keyRef,
      cards: z
        .array(z.object({ dataAuthenticationCode: hex(2), staticData }))
        .min(1)
        .max(maxCardsPerCall),
    }),
    result: z.object({
      issuerKeyRef: keyRef,
      fingerprint: hex(3),
      cards: z.array(z.object({ signedStaticApplicationData: hex() })),
    }),
  },

  /**
   * Per card an ICC key pair, its ICC Public Key Certificate (Book 2 6.3 Table 14, hash over the static
   * data for DDA/CDA) and, with `pinEncipherment`, an ICC PIN encipherment key pair of the same size
   * and exponent and its certificate (Book 2 7.1). Private keys leave the bridge only encrypted under
   * the KEK (TDES, usage K0), with the KEK's KCV: as CRT components, or with `privateKeyForm`
   * 'modulus-exponent' as modulus and private exponent (EMV CPS v1.1 Annex A).
   *
   * `issuerCertificateExpiry` is the expiry of the Issuer Public Key Certificate that verifies the ICC
   * certificates: a card's expiry later than it is refused (Book 2 6.3 / 6.4 step 9, see
   * expiresAfter), as is one that has passed on the bridge's clock.
   */
  prepareIccKeys: {
    params: z.object({
      issuerKeyRef: keyRef,
      kekRef: keyRef,
      issuerIdentifier,
      issuerCertificateExpiry: expiry,
      iccBits: rsaBits,
      iccExponent: publicExponent,
      pinEncipherment: z.boolean().optional(),
      privateKeyForm: iccPrivateKeyForm.optional(),
      cards: z
        .array(z.object({ pan, expiry, serial: certificateSerial, staticData }))
        .min(1)
        .max(maxIccKeyCardsPerCall),
    }),
    result: z.object({
      issuerKeyRef: keyRef,
      kek: z.object({ keyRef, kcv: hex(3) }),
      cards: z.array(z.object({ icc: iccKeyResult, pinEncipherment: iccKeyResult.optional() })),
    }),
  },

  /** The pool of pre-generated ICC key pairs held (encrypted) in the bridge's memory. */
  iccKeyPoolStatus: {
    params: z.object({}),
    result: z.object({
      pools: z.array(
        z.object({
          iccBits: z.number().int(),
          iccExponent: z.number().int(),
          available: z.number().int().nonnegative(),
          target: z.number().int().nonnegative(),
        }),
      ),
    }),
  },
} as const satisfies Record<string, CommandSpec>;
