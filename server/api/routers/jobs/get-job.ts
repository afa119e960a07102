import { z } from 'zod';
import { listJobInputs } from '../../../../db/queries/job-inputs';
import { listJobApprovals, listJobRejections } from '../../../../db/queries/jobs';
import { findKey } from '../../../../db/queries/keys';
import { findUserById } from '../../../../db/queries/users';
import { requireJob } from '../../../services/jobs/job-workflow';
import { roleProcedure } from '../../trpc';
import { profileJobDetails } from '../../../services/jobs/job-details';
import { jobIdInput, jobStatus, outputFileSummary } from './job-output-schema';

export const getJob = roleProcedure('analyst', 'security_officer')
  .input(jobIdInput)
  .output(
    z.object({
      id: z.string(),
      reference: z.string(),
      status: jobStatus,
      inputFileName: z.string(),
      inputSha256: z.string(),
      totalRows: z.number(),
      acceptedRows: z.number(),
      rejectedRows: z.number(),
      preparedRows: z.number(),
      rejectionPolicy: z.string(),
      acceptValidReason: z.string().nullable(),
      approvalSubject: z.string(),
      failureReason: z.string().nullable(),
      createdAt: z.date(),
      updatedAt: z.date(),
      createdById: z.string(),
      createdByName: z.string(),
      kek: z.object({ id: z.string(), label: z.string(), usage: z.string(), kcv: z.string() }).nullable(),
      profile: z
        .object({ id: z.string(), versionId: z.string(), name: z.string(), version: z.number() })
        .nullable(),
      /** Every key and certificate of a profile job, as the officers approve them. */
      keys: z.array(z.object({ role: z.string(), label: z.string(), kcv: z.string() })),
      validation: z
        .object({ sampled: z.number(), passed: z.number(), failed: z.number(), finishedAt: z.string() })
        .nullable(),
      recordsWithProblems: z.number(),
      releaseOverrideReason: z.string().nullable(),
      outputFiles: z.array(outputFileSummary),
      /** The bureau the files are for; null for a job made before bureaus. */
      bureau: z
        .object({ id: z.string(), code: z.string(), name: z.string(), active: z.boolean() })
        .nullable(),
      oneTimeDownload: z.boolean(),
      approvals: z.array(
        z.object({
          officerId: z.string(),
          officerName: z.string(),
          approvedAt: z.date(),
          valid: z.boolean(),
        }),
      ),
      /** Every input file: the cardholder file first, then the additional inputs (hash and counts each). */
      inputs: z.array(
        z.object({
          name: z.string(),
          label: z.string(),
          fileName: z.string(),
          sha256: z.string(),
          totalRows: z.number(),
          /** Cardholder file: accepted rows; additional input: rows joined to an accepted cardholder row. */
          usedRows: z.number(),
          rejectedRows: z.number(),
        }),
      ),
      rejections: z.array(
        z.object({
          input: z.string(),
          rowNumber: z.number(),
          field: z.string(),
          value: z.string(),
          reason: z.string(),
        }),
      ),
    }),
  )
  .query(async ({ ctx, input }) => {
    const job = await requireJob(ctx.db, input.jobId);
    const [kek, approvals, rejections, maker, additional] = await Promise.all([
      findKey(ctx.db, { id: job.kekKeyId }),
      listJobApprovals(ctx.db, { jobId: job.id }),
      listJobRejections(ctx.db, { jobId: job.id }),
      findUserById(ctx.db, { id: job.createdBy }),
      listJobInputs(ctx.db, { jobId: job.id }),
    ]);
    const additionalRejected = additional.reduce((sum, input) => sum + input.rejectedRows, 0);
    const extra = await profileJobDetails(ctx.db, job);
    return {
      ...job,
      createdById: job.createdBy,
      createdByName: maker?.displayName ?? 'unknown',
      kek: kek ? { id: kek.id, label: kek.label, usage: kek.usage, kcv: kek.kcv } : null,
      ...extra,
      approvals: approvals.map((a) => ({
        officerId: a.officerId,
        officerName: a.officerName,
        approvedAt: a.approvedAt,
        valid: a.approvalSubject === job.approvalSubject,
      })),
      inputs: [
        {
          name: 'cardholder',
          label: 'Cardholder file',
          fileName: job.inputFileName,
          sha256: job.inputSha256,
          totalRows: job.totalRows,
          usedRows: job.acceptedRows,
          rejectedRows: job.rejectedRows - additionalRejected,
        },
        ...additional.map((input) => ({
          name: input.name,
          label: input.label,
          fileName: input.fileName,
          sha256: input.sha256,
          totalRows: input.totalRows,
          usedRows: input.joinedRows,
          rejectedRows: input.rejectedRows,
        })),
      ],
      rejections: rejections.map(({ input, rowNumber, field, value, reason }) => ({
        input,
        rowNumber,
        field,
        value,
        reason,
      })),
    };
  });
