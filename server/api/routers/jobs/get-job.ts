import { z } from 'zod';
import { listJobApprovals, listJobRejections } from '../../../../db/queries/jobs';
import { findKey } from '../../../../db/queries/keys';
import { findCardTemplateWithApplication } from '../../../../db/queries/templates';
import { findUserById } from '../../../../db/queries/users';
import { requireJob } from '../../../services/jobs/job-workflow';
import { roleProcedure } from '../../trpc';
import { jobIdInput, jobStatus } from './job-output-schema';

const keyRef = z.object({ id: z.string(), label: z.string(), usage: z.string(), kcv: z.string() }).nullable();

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
      cardTemplate: z
        .object({ id: z.string(), name: z.string(), version: z.number(), aid: z.string() })
        .nullable(),
      imk: keyRef,
      kek: keyRef,
      approvals: z.array(
        z.object({
          officerId: z.string(),
          officerName: z.string(),
          approvedAt: z.date(),
          valid: z.boolean(),
        }),
      ),
      rejections: z.array(
        z.object({ rowNumber: z.number(), field: z.string(), value: z.string(), reason: z.string() }),
      ),
    }),
  )
  .query(async ({ ctx, input }) => {
    const job = await requireJob(ctx.db, input.jobId);
    const [template, imk, kek, approvals, rejections, maker] = await Promise.all([
      findCardTemplateWithApplication(ctx.db, { id: job.cardTemplateId }),
      findKey(ctx.db, { id: job.imkKeyId }),
      findKey(ctx.db, { id: job.kekKeyId }),
      listJobApprovals(ctx.db, { jobId: job.id }),
      listJobRejections(ctx.db, { jobId: job.id }),
      findUserById(ctx.db, { id: job.createdBy }),
    ]);
    const keySummary = (key: typeof imk) =>
      key ? { id: key.id, label: key.label, usage: key.usage, kcv: key.kcv } : null;
    return {
      ...job,
      createdById: job.createdBy,
      createdByName: maker?.displayName ?? 'unknown',
      cardTemplate: template
        ? {
            id: template.card.id,
            name: template.card.name,
            version: template.card.version,
            aid: template.application.aid,
          }
        : null,
      imk: keySummary(imk),
      kek: keySummary(kek),
      approvals: approvals.map((a) => ({
        officerId: a.officerId,
        officerName: a.officerName,
        approvedAt: a.approvedAt,
        valid: a.approvalSubject === job.approvalSubject,
      })),
      rejections: rejections.map(({ rowNumber, field, value, reason }) => ({
        rowNumber,
        field,
        value,
        reason,
      })),
    };
  });
