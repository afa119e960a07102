import { z } from 'zod';
import { findCaPublicKey, type CaPublicKeyRow } from '../../db/queries/ca-public-keys';
import { findIssuerKey, insertIssuerKey } from '../../db/queries/issuer-keys';
import { insertKey } from '../../db/queries/keys';
import { isCertificateExpired } from '../emv/certificates/certificate-checks';
import type { CommandParams } from '../emv/hsm-commands';
import { AppError } from '../errors';
import { recordAudit } from './audit-trail';
import { caKeyName } from './ca-public-keys';
import { actorOf, requireRole, type ServiceContext } from './context';
import {
  certificateExpiryField,
  certificateSerialField,
  issuerIdentifierField,
  issuerKeyLabelField,
  publicExponentField,
  rsaBitsField,
} from './public-key-fields';
import { refuse, withHsmAudited } from './refusal';

export const generateIssuerKeyInput = z.object({
  label: issuerKeyLabelField,
  bits: rsaBitsField,
  publicExponent: publicExponentField,
  issuerIdentifier: issuerIdentifierField,
  expiry: certificateExpiryField,
  serial: certificateSerialField,
});
export type GenerateIssuerKeyInput = z.output<typeof generateIssuerKeyInput>;

export const issuerKeyAndCaInput = z.object({ issuerKeyId: z.uuid(), caPublicKeyId: z.uuid() });

/** Book 2 5.3 step 9: a certificate whose expiry month has passed would be refused by every terminal. */
export function expiryProblem(expiry: string, today = new Date()): string | null {
  return isCertificateExpired(expiry, today)
    ? `Expiry ${expiry} has passed: a certificate is valid through the end of its expiry month.`
    : null;
}

/**
 * An issuer RSA key pair generated in the HSM (EMV 4.4 Book 2 5.1): the inventory keeps its
 * reference and fingerprint (usage S0), the issuer key record the certificate fields to ask the CA for.
 */
export async function generateIssuerKey(ctx: ServiceContext, input: GenerateIssuerKeyInput) {
  requireRole(ctx, 'security_officer');
  const audit = {
    category: 'management',
    action: 'issuer-key.generate',
    details: { label: input.label, bits: input.bits, publicExponent: input.publicExponent },
  } as const;
  const expired = expiryProblem(input.expiry);
  if (expired) return refuse(ctx, audit, 'INVALID_INPUT', expired);
  const bridge = ctx.bridge();
  const [generated, status] = await withHsmAudited(
    ctx,
    audit,
    async () =>
      [
        await bridge.call('generateIssuerKeyPair', {
          label: input.label,
          bits: input.bits,
          publicExponent: input.publicExponent,
        }),
        await bridge.call('status', {}),
      ] as const,
  );
  return ctx.db.transaction(async (tx) => {
    const key = await insertKey(tx, {
      label: input.label,
      usage: 'S0',
      algorithm: 'RSA',
      kcv: generated.fingerprint,
      rsaBits: input.bits,
      backend: `${status.backend}:${status.token}`,
      hsmKeyRef: generated.keyRef,
      createdBy: ctx.user.id,
    });
    const issuerKey = await insertIssuerKey(tx, {
      keyId: key.id,
      issuerIdentifier: input.issuerIdentifier,
      expiry: input.expiry,
      serial: input.serial,
      exponent: generated.exponent,
      createdBy: ctx.user.id,
    });
    await recordAudit(tx, actorOf(ctx), {
      ...audit,
      objectType: 'issuer-key',
      objectId: issuerKey.id,
      details: {
        ...audit.details,
        keyId: key.id,
        fingerprint: key.kcv,
        issuerIdentifier: input.issuerIdentifier,
        expiry: input.expiry,
        serial: input.serial,
      },
    });
    return { issuerKey, key };
  });
}

/** An issuer key record whose HSM key is still active. */
export async function requireActiveIssuerKey(ctx: ServiceContext, issuerKeyId: string) {
  const found = await findIssuerKey(ctx.db, { id: issuerKeyId });
  if (!found) throw new AppError('NOT_FOUND', 'This issuer key does not exist.');
  if (found.key.status !== 'active') {
    throw new AppError(
      'CONFLICT',
      `Issuer key "${found.key.label}" is ${found.key.status}: reactivate it in the key inventory first.`,
    );
  }
  return found;
}

export async function requireCaPublicKey(ctx: ServiceContext, caPublicKeyId: string) {
  const ca = await findCaPublicKey(ctx.db, { id: caPublicKeyId });
  if (!ca) throw new AppError('NOT_FOUND', 'This CA key is not on the live or the test list.');
  return ca;
}

/** The CA key as the bridge takes it; the bridge checks the checksum again. */
export function caForBridge(ca: CaPublicKeyRow): CommandParams<'importIssuerCertificate'>['ca'] {
  return {
    rid: ca.rid,
    index: ca.index,
    environment: ca.environment,
    modulus: ca.modulus,
    exponent: ca.exponent as '03' | '010001',
    checksum: ca.checksum,
  };
}

/**
 * What a scheme CA needs to certify the issuer key (Book 2 5.3, Table 6), computed by the HSM for
 * the chosen CA key: the fields, the public key, and the certificate's hash input and hash.
 * Public data only; the HSM's key reference is not part of it.
 */
export async function exportIssuerPublicKeyForCa(
  ctx: ServiceContext,
  input: z.infer<typeof issuerKeyAndCaInput>,
) {
  requireRole(ctx, 'security_officer');
  const { issuerKey, key } = await requireActiveIssuerKey(ctx, input.issuerKeyId);
  const ca = await requireCaPublicKey(ctx, input.caPublicKeyId);
  const identity = { rid: ca.rid, index: ca.index, environment: ca.environment };
  const audit = {
    category: 'management',
    action: 'issuer-key.export',
    objectType: 'issuer-key',
    objectId: issuerKey.id,
    details: { label: key.label, fingerprint: key.kcv, ca: identity },
  } as const;
  const exported = await withHsmAudited(ctx, audit, () =>
    ctx.bridge().call('exportIssuerPublicKey', {
      issuerKeyRef: key.hsmKeyRef,
      issuerIdentifier: issuerKey.issuerIdentifier,
      expiry: issuerKey.expiry,
      serial: issuerKey.serial,
      ca: caForBridge(ca),
    }),
  );
  await recordAudit(ctx.db, actorOf(ctx), audit);
  const { issuerKeyRef: _hsmReference, ...publicData } = exported;
  const description =
    `Issuer public key "${key.label}" (RSA ${exported.modulusLength * 8} bits, exponent ${exported.exponent}, ` +
    `fingerprint ${exported.fingerprint}) for certification by ${caKeyName(ca)}: issuer identifier ` +
    `${issuerKey.issuerIdentifier}, expiry ${issuerKey.expiry} (MMYY), serial number ${issuerKey.serial}. ` +
    `certificateData holds the certificate's hash input and SHA-1 hash (EMV 4.4 Book 2 5.3, Table 6) ` +
    `and the modulus remainder (tag 92). Send this file to the scheme's certification authority, then import ` +
    `the Issuer Public Key Certificate (tag 90) and remainder it returns.`;
  const slug = key.label.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return {
    fileName: `issuer-key-${slug}-${ca.rid}-${ca.index}-${ca.environment}.json`,
    document: { description, issuerKeyLabel: key.label, ...publicData },
  };
}
