import { z } from 'zod';
import {
  getIssuerKeySummary,
  listIssuerCertificates,
  listIssuerKeys as listIssuerKeyRows,
} from '../../../../db/queries/issuer-keys';
import { AppError } from '../../../errors';
import {
  importIssuerCertificate as importCertificate,
  importIssuerCertificateInput,
} from '../../../services/issuer-certificate';
import {
  exportIssuerPublicKeyForCa,
  generateIssuerKey as generate,
  generateIssuerKeyInput,
  issuerKeyAndCaInput,
} from '../../../services/issuer-keys';
import { signIssuerCertificateWithTestCa } from '../../../services/test-ca';
import { roleProcedure } from '../../trpc';

const environment = z.enum(['live', 'test']);

/** An issuer key as people see it: fingerprint and certificate fields, never the HSM reference. */
const issuerKeyOutput = z.object({
  id: z.string(),
  keyId: z.string(),
  label: z.string(),
  rsaBits: z.number().nullable(),
  exponent: z.string(),
  fingerprint: z.string(),
  keyStatus: z.enum(['active', 'suspended', 'destroyed']),
  issuerIdentifier: z.string(),
  expiry: z.string(),
  serial: z.string(),
  status: z.enum(['awaiting_certificate', 'certified']),
  certifiedLive: z.boolean(),
  certifiedTest: z.boolean(),
  certifiedByTestCa: z.boolean(),
  createdAt: z.date(),
  createdByName: z.string(),
});

/** A stored certificate: the fields recovered from it and the CA key (and list) that checked it. */
const issuerCertificateOutput = z.object({
  id: z.string(),
  environment,
  source: z.enum(['scheme_import', 'workbench_test_ca']),
  issuerIdentifier: z.string(),
  expiry: z.string(),
  serial: z.string(),
  hashOk: z.boolean(),
  certificate: z.string(),
  remainder: z.string(),
  exponent: z.string(),
  ca: z.object({
    rid: z.string(),
    index: z.string(),
    environment,
    source: z.enum(['scheme', 'workbench_test_ca']),
  }),
  addedAt: z.date(),
});

export const listIssuerKeys = roleProcedure('security_officer')
  .output(z.array(issuerKeyOutput))
  .query(({ ctx }) => listIssuerKeyRows(ctx.db));

export const getIssuerKey = roleProcedure('security_officer')
  .input(z.object({ issuerKeyId: z.uuid() }))
  .output(
    issuerKeyOutput.extend({
      certificates: z.array(issuerCertificateOutput.extend({ addedByName: z.string() })),
    }),
  )
  .query(async ({ ctx, input }) => {
    const issuerKey = await getIssuerKeySummary(ctx.db, { id: input.issuerKeyId });
    if (!issuerKey) throw new AppError('NOT_FOUND', 'This issuer key does not exist.');
    const certificates = await listIssuerCertificates(ctx.db, { issuerKeyId: issuerKey.id });
    return {
      ...issuerKey,
      certificates: certificates.map(({ caRid, caIndex, caSource, ...certificate }) => ({
        ...certificate,
        ca: { rid: caRid, index: caIndex, environment: certificate.environment, source: caSource },
      })),
    };
  });

export const generateIssuerKey = roleProcedure('security_officer')
  .input(generateIssuerKeyInput)
  .output(z.object({ id: z.string(), label: z.string(), fingerprint: z.string(), rsaBits: z.number() }))
  .mutation(async ({ ctx, input }) => {
    const { issuerKey, key } = await generate(ctx.service, input);
    return { id: issuerKey.id, label: key.label, fingerprint: key.kcv, rsaBits: input.bits };
  });

/** The JSON file for the scheme CA: public key, certificate fields and hash input; no HSM reference. */
export const exportIssuerKeyForCa = roleProcedure('security_officer')
  .input(issuerKeyAndCaInput)
  .output(
    z.object({
      fileName: z.string(),
      document: z.object({
        description: z.string(),
        issuerKeyLabel: z.string(),
        fingerprint: z.string(),
        issuerIdentifier: z.string(),
        expiry: z.string(),
        serial: z.string(),
        hashAlgorithm: z.string(),
        publicKeyAlgorithm: z.string(),
        modulusLength: z.number(),
        modulus: z.string(),
        exponent: z.string(),
        certificateData: z
          .object({
            ca: z.object({ rid: z.string(), index: z.string(), environment }),
            hashInput: z.string(),
            hash: z.string(),
            remainder: z.string(),
          })
          .optional(),
      }),
    }),
  )
  .mutation(({ ctx, input }) => exportIssuerPublicKeyForCa(ctx.service, input));

export const importIssuerCertificate = roleProcedure('security_officer')
  .input(importIssuerCertificateInput)
  .output(issuerCertificateOutput)
  .mutation(({ ctx, input }) => importCertificate(ctx.service, input));

export const signWithTestCa = roleProcedure('security_officer')
  .input(issuerKeyAndCaInput)
  .output(issuerCertificateOutput)
  .mutation(({ ctx, input }) => signIssuerCertificateWithTestCa(ctx.service, input));
