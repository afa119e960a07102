import { z } from 'zod';
import { findCaPublicKeyByIdentity, insertCaPublicKey } from '../../db/queries/ca-public-keys';
import { findKey, insertKey } from '../../db/queries/keys';
import { recordAudit } from './audit-trail';
import { caChecksumOf, caKeyName } from './ca-public-keys';
import { actorOf, requireRole, type ServiceContext } from './context';
import { storeIssuerCertificate, refuseSecondCertificate } from './issuer-certificate';
import {
  caForBridge,
  expiryProblem,
  issuerKeyAndCaInput,
  requireActiveIssuerKey,
  requireCaPublicKey,
} from './issuer-keys';
import { caIndexField, ridField, rsaBitsField } from './public-key-fields';
import { refuse, withHsmAudited } from './refusal';

export const createTestCaInput = z.object({ rid: ridField, index: caIndexField, bits: rsaBitsField });
export type CreateTestCaInput = z.output<typeof createTestCaInput>;

/**
 * The workbench's TEST certification authority: an S0 key pair in the HSM, labelled "TEST CA <RID>
 * <index>" by the bridge, whose public key goes on the test list (never the live one). It signs issuer
 * certificates for test programs only; a production card profile refuses its certificates.
 */
export async function createTestCa(ctx: ServiceContext, input: CreateTestCaInput) {
  requireRole(ctx, 'security_officer');
  const identity = { rid: input.rid, index: input.index, environment: 'test' } as const;
  const audit = {
    category: 'security',
    action: 'test-ca.create',
    details: { ...identity, bits: input.bits },
  } as const;
  if (await findCaPublicKeyByIdentity(ctx.db, identity)) {
    return refuse(
      ctx,
      audit,
      'CONFLICT',
      `The test list already has CA key ${input.rid} index ${input.index}: choose another index for the TEST CA.`,
    );
  }
  const bridge = ctx.bridge();
  const [generated, status] = await withHsmAudited(
    ctx,
    audit,
    async () =>
      [
        await bridge.call('generateTestCaKey', { rid: input.rid, index: input.index, bits: input.bits }),
        await bridge.call('status', {}),
      ] as const,
  );
  // The same check as for a scheme's key: what goes on a list matches its checksum.
  if (caChecksumOf(generated.ca) !== generated.ca.checksum) {
    throw new Error('the HSM bridge returned a TEST CA key whose checksum does not match it');
  }
  return ctx.db.transaction(async (tx) => {
    const key = await insertKey(tx, {
      label: generated.label,
      usage: 'S0',
      algorithm: 'RSA',
      kcv: generated.fingerprint,
      rsaBits: input.bits,
      backend: `${status.backend}:${status.token}`,
      hsmKeyRef: generated.keyRef,
      createdBy: ctx.user.id,
    });
    const ca = await insertCaPublicKey(tx, {
      ...identity,
      modulus: generated.ca.modulus,
      exponent: generated.ca.exponent,
      checksum: generated.ca.checksum,
      source: 'workbench_test_ca',
      keyId: key.id,
      addedBy: ctx.user.id,
    });
    await recordAudit(tx, actorOf(ctx), {
      ...audit,
      objectType: 'ca-public-key',
      objectId: ca.id,
      details: { ...audit.details, keyId: key.id, label: key.label, checksum: ca.checksum },
    });
    return { ca, key };
  });
}

/**
 * An issuer certificate for a test program: built by the HSM from the issuer key record's fields and
 * signed with the workbench's TEST CA key, then recovered and checked like any imported certificate.
 * Stored with environment "test".
 */
export async function signIssuerCertificateWithTestCa(
  ctx: ServiceContext,
  input: z.infer<typeof issuerKeyAndCaInput>,
) {
  requireRole(ctx, 'security_officer');
  const { issuerKey, key } = await requireActiveIssuerKey(ctx, input.issuerKeyId);
  const ca = await requireCaPublicKey(ctx, input.caPublicKeyId);
  const audit = {
    category: 'security',
    action: 'issuer-certificate.sign-test-ca',
    objectType: 'issuer-key',
    objectId: issuerKey.id,
    details: {
      label: key.label,
      fingerprint: key.kcv,
      ca: { rid: ca.rid, index: ca.index, environment: ca.environment },
    },
  } as const;
  const caKey =
    ca.source === 'workbench_test_ca' && ca.keyId ? await findKey(ctx.db, { id: ca.keyId }) : null;
  if (!caKey) {
    return refuse(
      ctx,
      audit,
      'INVALID_INPUT',
      `${caKeyName(ca)} is a scheme's key: only the workbench's TEST CA signs here. Import the certificate the scheme sends instead.`,
    );
  }
  if (caKey.status !== 'active') {
    return refuse(
      ctx,
      audit,
      'CONFLICT',
      `The TEST CA key "${caKey.label}" is ${caKey.status}: reactivate it in the key inventory first.`,
    );
  }
  await refuseSecondCertificate(ctx, audit, issuerKey, key, ca);
  const expired = expiryProblem(issuerKey.expiry);
  if (expired) return refuse(ctx, audit, 'INVALID_INPUT', expired);
  const bridge = ctx.bridge();
  const recovered = await withHsmAudited(ctx, audit, async () => {
    const signed = await bridge.call('signIssuerCertificateWithTestCa', {
      caKeyRef: caKey.hsmKeyRef,
      issuerKeyRef: key.hsmKeyRef,
      issuerIdentifier: issuerKey.issuerIdentifier,
      expiry: issuerKey.expiry,
      serial: issuerKey.serial,
    });
    // Checked by recovery with the key on the test list, exactly as a scheme's certificate is.
    return bridge.call('importIssuerCertificate', {
      issuerKeyRef: key.hsmKeyRef,
      ca: caForBridge(ca),
      certificate: signed.certificate,
      remainder: signed.remainder,
      exponent: signed.exponent,
    });
  });
  return ctx.db.transaction((tx) =>
    storeIssuerCertificate(tx, ctx, { issuerKey, ca, recovered, source: 'workbench_test_ca', audit }),
  );
}
