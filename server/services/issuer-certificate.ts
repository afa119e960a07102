import { z } from 'zod';
import type { Db } from '../../db/client';
import type { CaPublicKeyRow } from '../../db/queries/ca-public-keys';
import {
  findIssuerCertificateFor,
  insertIssuerCertificate,
  setIssuerKeyStatus,
  type IssuerKeyRow,
} from '../../db/queries/issuer-keys';
import type { KeyRow } from '../../db/queries/keys';
import type { CommandResult } from '../emv/hsm-commands';
import { recordAudit, type AuditInput } from './audit-trail';
import { caKeyName } from './ca-public-keys';
import { actorOf, requireRole, type ServiceContext } from './context';
import { caForBridge, requireActiveIssuerKey, requireCaPublicKey } from './issuer-keys';
import { exponentField, issuerCertificateField, issuerRemainderField } from './public-key-fields';
import { refuse, withHsmAudited } from './refusal';

export const importIssuerCertificateInput = z.object({
  issuerKeyId: z.uuid(),
  caPublicKeyId: z.uuid(),
  certificate: issuerCertificateField,
  remainder: issuerRemainderField,
  exponent: exponentField,
});
export type ImportIssuerCertificateInput = z.output<typeof importIssuerCertificateInput>;

type RefusedAudit = Omit<AuditInput, 'result'>;

/** One certificate per issuer key and CA key: a second one is a mistake, not a renewal. */
export async function refuseSecondCertificate(
  ctx: ServiceContext,
  audit: RefusedAudit,
  issuerKey: IssuerKeyRow,
  key: KeyRow,
  ca: CaPublicKeyRow,
): Promise<void> {
  if (await findIssuerCertificateFor(ctx.db, { issuerKeyId: issuerKey.id, caPublicKeyId: ca.id })) {
    await refuse(
      ctx,
      audit,
      'CONFLICT',
      `Issuer key "${key.label}" already has a certificate from ${caKeyName(ca)}.`,
    );
  }
}

/**
 * Keeps a certificate the HSM recovered and checked, with the fields recovered from it and the
 * environment of its CA key, and marks the issuer key certified. Runs in the caller's transaction.
 */
export async function storeIssuerCertificate(
  tx: Db,
  ctx: ServiceContext,
  params: {
    issuerKey: IssuerKeyRow;
    ca: CaPublicKeyRow;
    recovered: CommandResult<'importIssuerCertificate'>;
    source: 'scheme_import' | 'workbench_test_ca';
    audit: Omit<AuditInput, 'result' | 'objectType' | 'objectId'>;
  },
) {
  const { issuerKey, ca, recovered } = params;
  const certificate = await insertIssuerCertificate(tx, {
    issuerKeyId: issuerKey.id,
    caPublicKeyId: ca.id,
    environment: ca.environment,
    source: params.source,
    issuerIdentifier: recovered.issuerIdentifier,
    expiry: recovered.expiry,
    serial: recovered.serial,
    // The bridge refuses a certificate whose hash does not verify (Book 2 5.3 step 7).
    hashOk: true,
    certificate: recovered.certificate,
    remainder: recovered.remainder,
    exponent: recovered.exponent,
    addedBy: ctx.user.id,
  });
  await setIssuerKeyStatus(tx, { id: issuerKey.id, status: 'certified' });
  await recordAudit(tx, actorOf(ctx), {
    ...params.audit,
    objectType: 'issuer-key',
    objectId: issuerKey.id,
    details: {
      ...params.audit.details,
      certificateId: certificate.id,
      environment: certificate.environment,
      issuerIdentifier: certificate.issuerIdentifier,
      expiry: certificate.expiry,
      serial: certificate.serial,
    },
  });
  return {
    ...certificate,
    ca: { rid: ca.rid, index: ca.index, environment: ca.environment, source: ca.source },
  };
}

/**
 * A scheme-signed Issuer Public Key Certificate: the HSM recovers it with the chosen CA key and
 * checks it (EMV 4.4 Book 2 5.3) and that it certifies this issuer key; a refusal carries its reason.
 */
export async function importIssuerCertificate(ctx: ServiceContext, input: ImportIssuerCertificateInput) {
  requireRole(ctx, 'security_officer');
  const { issuerKey, key } = await requireActiveIssuerKey(ctx, input.issuerKeyId);
  const ca = await requireCaPublicKey(ctx, input.caPublicKeyId);
  const audit = {
    category: 'security',
    action: 'issuer-certificate.import',
    objectType: 'issuer-key',
    objectId: issuerKey.id,
    details: {
      label: key.label,
      fingerprint: key.kcv,
      ca: { rid: ca.rid, index: ca.index, environment: ca.environment },
    },
  } as const;
  await refuseSecondCertificate(ctx, audit, issuerKey, key, ca);
  const recovered = await withHsmAudited(ctx, audit, () =>
    ctx.bridge().call('importIssuerCertificate', {
      issuerKeyRef: key.hsmKeyRef,
      ca: caForBridge(ca),
      certificate: input.certificate,
      remainder: input.remainder,
      exponent: input.exponent,
    }),
  );
  return ctx.db.transaction((tx) =>
    storeIssuerCertificate(tx, ctx, { issuerKey, ca, recovered, source: 'scheme_import', audit }),
  );
}
