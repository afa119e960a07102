/** Runs once when the web server starts: jobs a crash left approved or running are picked up again. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { resumeInterruptedJobs } = await import('./server/jobs/job-runner');
  await resumeInterruptedJobs().catch((error: unknown) => console.error('[jobs] could not resume', error));
}
