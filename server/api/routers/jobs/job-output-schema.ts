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
  /** The bureau the files are for; null for a job made before bureaus. */
  bureauCode: z.string().nullable(),
  oneTimeDownload: z.boolean(),
});

/** Who downloaded a bureau file first (since it was last re-opened), and when; null until then. */
export const takenOutput = z.object({ at: z.date(), by: z.string() }).nullable();

export const outputFileSummary = z.object({
  kind: z.string(),
  fileName: z.string(),
  bytes: z.number(),
  sha256: z.string(),
  taken: takenOutput,
});

export const jobIdInput = z.object({ jobId: z.uuid() });
