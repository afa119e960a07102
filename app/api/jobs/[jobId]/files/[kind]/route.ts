import { Readable } from 'node:stream';
import { createContextFromHeaders } from '../../../../../../server/api/context';
import { AppError } from '../../../../../../server/errors';
import { hsmBridge } from '../../../../../../server/hsm/bridge';
import { recordAudit } from '../../../../../../server/services/audit-trail';
import { actorOf } from '../../../../../../server/services/context';
import { downloadJobFile } from '../../../../../../server/services/jobs/job-output';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const statusOf: Partial<Record<AppError['code'], number>> = { FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409 };
const contentType = {
  cps: 'application/octet-stream',
  jsonl: 'application/x-ndjson; charset=utf-8',
  manifest: 'application/json; charset=utf-8',
} as const;

/** A bureau file of a released job: a plain GET (a browser download), same session and role check. */
export async function GET(
  request: Request,
  { params }: { params: Promise<{ jobId: string; kind: string }> },
) {
  const { jobId, kind } = await params;
  const ctx = await createContextFromHeaders(request.headers, null);
  if (!ctx.user) return new Response('Your session has ended. Please log in again.', { status: 401 });
  const service = { db: ctx.db, user: ctx.user, origin: ctx.origin, bridge: hsmBridge };
  if (ctx.user.role !== 'bureau_operator') {
    await recordAudit(ctx.db, actorOf(service), {
      category: 'security',
      action: 'access.denied',
      objectType: 'job-output',
      objectId: jobId,
      result: 'refused',
    });
    return new Response('Only a bureau operator can download output files.', { status: 403 });
  }
  if (!/^[0-9a-f-]{36}$/.test(jobId) || !(kind in contentType))
    return new Response('No such file.', { status: 404 });
  try {
    const file = await downloadJobFile(service, jobId, kind as keyof typeof contentType);
    return new Response(Readable.toWeb(file.body) as ReadableStream, {
      headers: {
        'content-type': contentType[kind as keyof typeof contentType],
        'content-disposition': `attachment; filename="${file.fileName}"`,
        'content-length': String(file.bytes),
        'x-content-sha256': file.sha256,
        'cache-control': 'no-store',
      },
    });
  } catch (error) {
    if (error instanceof AppError)
      return new Response(error.message, { status: statusOf[error.code] ?? 400 });
    throw error;
  }
}
