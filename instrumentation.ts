/** Runs once when the web server starts: the job queue (and its in-process workers) comes up. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { jobQueue } = await import('./server/jobs/job-runner');
  await jobQueue().catch((error: unknown) => console.error('[jobs] the job queue did not start', error));
}
