import { z } from 'zod';
import { jobStatusEnum } from '../../../../db/schema';

export const jobStatus = z.enum(jobStatusEnum.enumValues);

export const jobSummaryOutput = z.object({
  id: z.string(),
  reference: z.string(),
  status: jobStatus,
  inputFileName: z.string(),
  totalRows: z.number(),
  acceptedRows: z.number(),
  rejectedRows: z.number(),
  preparedRows: z.number(),
  createdAt: z.date(),
  updatedAt: z.date(),
  createdById: z.string(),
  createdByName: z.string(),
  /** The profile and version the job prepares; null for a job made before card profiles. */
  templateName: z.string().nullable(),
  templateVersion: z.number().nullable(),
});

export const jobIdInput = z.object({ jobId: z.uuid() });
