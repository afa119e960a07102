import { z } from 'zod';
import { jobValidationReport, listJobValidations } from '../../../services/jobs/job-validation';
import { roleProcedure } from '../../trpc';
import { jobIdInput } from './job-output-schema';

export const listValidations = roleProcedure('analyst', 'security_officer')
  .input(jobIdInput)
  .query(({ ctx, input }) => listJobValidations(ctx.db, input.jobId));

export const validationReport = roleProcedure('analyst', 'security_officer')
  .input(jobIdInput.extend({ rowNumber: z.number().int().min(1) }))
  .query(({ ctx, input }) => jobValidationReport(ctx.db, input.jobId, input.rowNumber));
