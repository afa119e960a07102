import { listJobRejections } from '../../../../../db/queries/jobs';
import { createContextFromHeaders } from '../../../../../server/api/context';
import { toCsv } from '../../../../../server/services/csv-export';
import { requireJob } from '../../../../../server/services/jobs/job-workflow';
import { AppError } from '../../../../../server/errors';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The rejected rows of a job as CSV (masked PANs, formula-injection safe), for analysts and officers. */
export async function GET(request: Request, { params }: { params: Promise<{ jobId: string }> }) {
  const { jobId } = await params;
  const ctx = await createContextFromHeaders(request.headers, null);
  if (!ctx.user) return new Response('Your session has ended. Please log in again.', { status: 401 });
  if (ctx.user.role !== 'analyst' && ctx.user.role !== 'security_officer') {
    return new Response('Your role does not allow this download.', { status: 403 });
  }
  if (!/^[0-9a-f-]{36}$/.test(jobId)) return new Response('No such job.', { status: 404 });
  try {
    const job = await requireJob(ctx.db, jobId);
    const rows = await listJobRejections(ctx.db, { jobId });
    const body = toCsv(
      ['input', 'row', 'field', 'value', 'reason'],
      rows.map((r) => [r.input, r.rowNumber, r.field, r.value, r.reason]),
    );
    return new Response(body, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${job.reference}-rejected-rows.csv"`,
        'cache-control': 'no-store',
      },
    });
  } catch (error) {
    if (error instanceof AppError) return new Response(error.message, { status: 404 });
    throw error;
  }
}
