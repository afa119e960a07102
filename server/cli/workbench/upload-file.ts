import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { CommandFailure, type Workbench } from './workbench-client';

/** What /api/uploads answers for a received file (app/(workbench)/jobs/new/upload-file.ts). */
export interface UploadedFile {
  uploadId: string;
  fileName: string;
  bytes: number;
  sha256: string;
}

/**
 * Streams a cardholder file to /api/uploads as the browser does: the file is the request body (not
 * JSON), its name URI-encoded in X-File-Name; never read whole into memory.
 */
export async function uploadCardholderFile(workbench: Workbench, file: string): Promise<UploadedFile> {
  let bytes: number;
  try {
    bytes = statSync(file).size;
  } catch (error) {
    throw new CommandFailure(`cannot read ${file}: ${(error as Error).message}`);
  }
  const response = await workbench.request('/api/uploads', {
    method: 'POST',
    headers: {
      'content-type': 'text/csv',
      'x-file-name': encodeURIComponent(path.basename(file)),
      'content-length': String(bytes),
    },
    body: Readable.toWeb(createReadStream(file)) as ReadableStream,
    // A streamed request body (fetch needs to be told it sends before it reads the answer).
    duplex: 'half',
  } as RequestInit);
  const body = (await response.json().catch(() => null)) as
    (UploadedFile & { error?: { message?: string } }) | null;
  if (response.status === 200 && body?.uploadId) return body;
  throw new CommandFailure(body?.error?.message ?? `the upload failed (HTTP ${response.status}); try again.`);
}
