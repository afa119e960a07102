import { z } from 'zod';

export const jobStatus = z.enum([
  'draft',
  'submitted',
  'approved',
  'running',
  'prepared',
  'released',
  'downloaded',
  'failed',
  'cancelled',
]);

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
  cardTemplateName: z.string(),
  cardTemplateVersion: z.number(),
});

export const jobIdInput = z.object({ jobId: z.uuid() });
