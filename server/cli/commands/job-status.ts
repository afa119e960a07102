import { integer, oneOf, parseOptions, serverOptions } from '../cli-args';
import type { CliCommand } from '../cli-command';
import type { ApiOutput } from '../workbench/workbench-client';
import { CommandFailure, signedIn } from '../workbench/workbench-client';

type Job = ApiOutput['jobs']['get'];
type Target = 'prepared' | 'validated' | 'released';

/** The statuses at or past each target, in the job's life: draft … prepared, validated, released, downloaded. */
const reached: Record<Target, readonly Job['status'][]> = {
  prepared: ['prepared', 'validated', 'released', 'downloaded'],
  validated: ['validated', 'released', 'downloaded'],
  released: ['released', 'downloaded'],
};

/** One line for people: where the job is, how far its preparation and validation went. */
export function progressLine(job: Job): string {
  const parts = [`${job.reference}  ${job.status}`];
  if (job.status === 'running') parts.push(`${job.preparedRows} of ${job.acceptedRows} cards prepared`);
  else if (job.preparedRows > 0) parts.push(`${job.preparedRows} cards prepared`);
  else parts.push(`${job.acceptedRows} cards accepted, ${job.rejectedRows} rejected`);
  if (job.status === 'submitted') parts.push(`${job.approvals.filter((a) => a.valid).length} of 2 approvals`);
  if (job.validation) {
    parts.push(
      `virtual card: ${job.validation.passed} of ${job.validation.sampled} sampled cards passed${job.validation.failed ? `, ${job.validation.failed} failed` : ''}`,
    );
  } else if (job.status === 'prepared') parts.push('validating the sample on the virtual card');
  if (job.recordsWithProblems > 0) parts.push(`${job.recordsWithProblems} records failed their checks`);
  if (job.failureReason) parts.push(job.failureReason);
  return parts.join(' · ');
}

/** Why waiting for `target` is pointless now, or null while it may still come. */
function deadEnd(job: Job, target: Target): string | null {
  if (job.status === 'failed')
    return `Job ${job.reference} failed: ${job.failureReason ?? 'no reason given'}.`;
  if (job.status === 'cancelled' || job.status === 'purged') return `Job ${job.reference} is ${job.status}.`;
  if (target === 'validated' && job.status === 'prepared' && job.validation && job.validation.failed > 0) {
    return `${job.validation.failed} of ${job.validation.sampled} sampled cards failed on the virtual card: job ${job.reference} will not become validated. An officer may still release it with --override-reason.`;
  }
  if (target === 'validated' && job.status === 'prepared' && job.validation && job.recordsWithProblems > 0) {
    return `${job.recordsWithProblems} records failed their checks: job ${job.reference} cannot be validated or released.`;
  }
  return null;
}

export const jobsStatus: CliCommand = {
  name: 'jobs status',
  synopsis: 'JOB_ID [--wait prepared|validated|released] [--interval SECONDS] [--timeout SECONDS]',
  summary: 'where a job is; with --wait, a line at each change until it gets there (exit 1 if it never will)',
  async run(args, io) {
    const { values, positionals } = parseOptions(
      args,
      {
        ...serverOptions,
        wait: { type: 'string' },
        interval: { type: 'string' },
        timeout: { type: 'string' },
      },
      ['JOB_ID'],
    );
    const target = oneOf(values.wait, 'wait', ['prepared', 'validated', 'released'] as const);
    const intervalMs = (integer(values.interval, 'interval') ?? 2) * 1000;
    const timeoutMs = (integer(values.timeout, 'timeout') ?? 0) * 1000;
    const { workbench } = signedIn(io, values);
    const jobId = positionals[0]!;
    const started = Date.now();
    let last = '';
    for (;;) {
      const job = await workbench.api.jobs.get.query({ jobId });
      const line = progressLine(job);
      if (values.json) {
        if (!target || reached[target].includes(job.status) || deadEnd(job, target)) {
          io.out(JSON.stringify(job, null, 2));
        }
      } else if (line !== last) io.out(line);
      last = line;
      if (!target || reached[target].includes(job.status)) return 0;
      const stop = deadEnd(job, target);
      if (stop) throw new CommandFailure(stop);
      if (timeoutMs > 0 && Date.now() - started >= timeoutMs) {
        throw new CommandFailure(
          `Job ${job.reference} is still ${job.status} after ${timeoutMs / 1000} seconds.`,
        );
      }
      await io.sleep(intervalMs);
    }
  },
};
