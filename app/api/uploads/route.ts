import { createContextFromHeaders } from '../../../server/api/context';
import { refusal, refuseCrossSiteRequest } from '../../../server/api/request-guard';
import { AppError } from '../../../server/errors';
import { hsmBridge } from '../../../server/hsm/bridge';
import { recordAudit } from '../../../server/services/audit-trail';
import { actorOf } from '../../../server/services/context';
import { receiveUpload } from '../../../server/services/import/receive-upload';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const statusOf: Partial<Record<AppError['code'], number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  TOO_LARGE: 413,
};

/** After a refusal, this much more of the body is read (and dropped) so the client gets the answer. */
const drainAfterRefusalBytes = 8 * 1024 * 1024;

/**
 * A cardholder file, streamed as the request body (not JSON: the file may be far larger than a JSON
 * call should carry). The file name comes in the X-File-Name header, URI-encoded. Answers the upload
 * id, name, size and SHA-256, or { error: { message } }.
 */
export async function POST(request: Request) {
  const refused = refuseCrossSiteRequest(request, {
    contentTypes: ['text/csv', 'application/octet-stream'],
    contentTypeMessage: 'Uploads accept only text/csv or application/octet-stream.',
  });
  if (refused) return refused;
  const encoding = request.headers.get('content-encoding');
  if (encoding && encoding.toLowerCase() !== 'identity') {
    return refusal(415, 'Send the file uncompressed (no Content-Encoding).');
  }
  const ctx = await createContextFromHeaders(request.headers, null);
  if (!ctx.user) return refusal(401, 'Your session has ended. Please log in again.');
  const service = { db: ctx.db, user: ctx.user, origin: ctx.origin, bridge: hsmBridge };
  if (ctx.user.role !== 'analyst') {
    await recordAudit(ctx.db, actorOf(service), {
      category: 'security',
      action: 'access.denied',
      objectType: 'upload',
      result: 'refused',
    });
    return refusal(403, 'Only an issuer analyst can upload cardholder files.');
  }
  if (!request.body) return refusal(400, 'The file is empty: choose the cardholder CSV file again.');

  let fileName = 'cardholders.csv';
  try {
    fileName = decodeURIComponent(request.headers.get('x-file-name') ?? fileName);
  } catch {
    // A name that is not valid URI encoding: keep the default.
  }
  const declared = request.headers.get('content-length');
  const reader = request.body.getReader();
  const body = {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    },
  };
  try {
    const upload = await receiveUpload(service, {
      fileName,
      body,
      declaredBytes: declared && /^\d+$/.test(declared) ? Number(declared) : null,
    });
    return Response.json(upload, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    await drain(reader, drainAfterRefusalBytes);
    return refusal(statusOf[error.code] ?? 400, error.message);
  }
}

/** Reads and drops the rest of a refused body (up to a bound), then lets it go. */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, bound: number) {
  let read = 0;
  try {
    while (read < bound) {
      const { done, value } = await reader.read();
      if (done) return;
      read += value.byteLength;
    }
    await reader.cancel();
  } catch {
    // The client went away.
  }
}
