import { z } from 'zod';
import { schedulePreparation } from '../../../jobs/job-runner';
import {
  approveJob as approve,
  cancelJob as cancel,
  releaseJob as release,
  submitJob as submit,
} from '../../../services/jobs/job-workflow';
import { roleProcedure } from '../../trpc';
import { jobIdInput, jobStatus } from './job-output-schema';

const transitionOutput = z.object({ id: z.string(), reference: z.string(), status: jobStatus });
const pick = (job: { id: string; reference: string; status: z.infer<typeof jobStatus> }) => ({
  id: job.id,
  reference: job.reference,
  status: job.status,
});

export const submitJob = roleProcedure('analyst')
  .input(jobIdInput)
  .output(transitionOutput)
  .mutation(async ({ ctx, input }) => pick(await submit(ctx.service, input.jobId)));

export const cancelJob = roleProcedure('analyst')
  .input(jobIdInput)
  .output(transitionOutput)
  .mutation(async ({ ctx, input }) => pick(await cancel(ctx.service, input.jobId)));

export const approveJob = roleProcedure('security_officer')
  .input(jobIdInput)
  .output(transitionOutput.extend({ approvals: z.number() }))
  .mutation(async ({ ctx, input }) => {
    const result = await approve(ctx.service, input.jobId);
    // The approval is committed; if the queue is down, the job is queued again when the server restarts.
    if (result.complete)
      await schedulePreparation(result.job.id).catch((error: unknown) => console.error('[jobs]', error));
    return { ...pick(result.job), approvals: result.approvals };
  });

export const releaseJob = roleProcedure('security_officer')
  .input(jobIdInput.extend({ overrideReason: z.string().trim().max(1000).optional() }))
  .output(transitionOutput)
  .mutation(async ({ ctx, input }) => pick(await release(ctx.service, input.jobId, input.overrideReason)));
