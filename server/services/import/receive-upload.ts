import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../errors';
import { recordAudit } from '../audit-trail';
import { sealStream } from '../cardholder-seal';
import { actorOf, requireRole, type ServiceContext } from '../context';
import { binaryDataMessage, binaryProbeBytes, describeNonCsv, signatureBytes } from './file-signature';
import {
  commitUpload,
  ensureUploadsDir,
  maxUploadBytes,
  purgeStaleUploads,
  uploadPaths,
  uploadSealContext,
  type UploadMeta,
} from './upload-store';

export interface ReceiveUploadInput {
  fileName: string;
  /** The file's bytes as they arrive. */
  body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  /** Content-Length, when the client sent one: a file announced too large is refused before any byte is read. */
  declaredBytes?: number | null;
}

export interface ReceivedUpload {
  uploadId: string;
  fileName: string;
  bytes: number;
  sha256: string;
}

export function formatBytes(bytes: number): string {
  const mib = 1024 * 1024;
  if (bytes >= mib && bytes % mib === 0) return `${bytes / mib} MiB`;
  if (bytes >= mib) return `${(bytes / mib).toFixed(1)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

export function tooLargeMessage(limit: number): string {
  return `The file is larger than the upload limit of ${formatBytes(limit)}: split it into smaller files, or ask an administrator to raise DATAPREP_MAX_UPLOAD_BYTES.`;
}

/** A file name as a person gave it, without a path or control characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return clean.slice(0, 200) || 'cardholders.csv';
}

/**
 * Receives a cardholder file as it streams in: refuses archives, compressed files, documents and
 * binary data by their first bytes, and anything past the upload limit; seals it at rest as it is
 * written; computes the SHA-256 of the original bytes. A refused file leaves nothing on disk.
 */
export async function receiveUpload(ctx: ServiceContext, input: ReceiveUploadInput): Promise<ReceivedUpload> {
  requireRole(ctx, 'analyst');
  const limit = maxUploadBytes();
  if (input.declaredBytes != null && input.declaredBytes > limit) {
    throw new AppError('TOO_LARGE', tooLargeMessage(limit));
  }
  await ensureUploadsDir();
  await purgeStaleUploads();

  const id = randomUUID();
  const paths = uploadPaths(id);
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let headBytes = 0;
  let bytes = 0;
  const seal = sealStream(uploadSealContext(id));
  const written = pipeline(seal, createWriteStream(paths.part, { flags: 'wx', mode: 0o600 }));
  // Awaited below; a write error while the next chunk is awaited must not go unhandled meanwhile.
  written.catch(() => undefined);
  const inspectHead = () => {
    const refusal = describeNonCsv(Buffer.concat(head));
    if (refusal) throw new AppError('INVALID_INPUT', refusal);
  };
  try {
    let headChecked = false;
    for await (const chunk of input.body) {
      if (bytes < binaryProbeBytes) {
        const nul = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
          .subarray(0, binaryProbeBytes - bytes)
          .indexOf(0);
        if (!headChecked) {
          head.push(Buffer.from(chunk.subarray(0, signatureBytes - headBytes)));
          headBytes += Math.min(chunk.byteLength, signatureBytes - headBytes);
          if (headBytes >= signatureBytes) {
            inspectHead();
            headChecked = true;
          }
        }
        if (nul >= 0) {
          if (!headChecked) inspectHead();
          throw new AppError('INVALID_INPUT', binaryDataMessage(bytes + nul + 1));
        }
      }
      bytes += chunk.byteLength;
      if (bytes > limit) throw new AppError('TOO_LARGE', tooLargeMessage(limit));
      hash.update(chunk);
      if (!seal.write(chunk)) await Promise.race([once(seal, 'drain'), written]);
    }
    if (!headChecked) inspectHead();
    if (bytes === 0) {
      throw new AppError('INVALID_INPUT', 'The file is empty: choose the cardholder CSV file again.');
    }
    seal.end();
    await written;
  } catch (error) {
    seal.destroy();
    await written.catch(() => undefined);
    await rm(paths.part, { force: true });
    throw error;
  }

  const meta: UploadMeta = {
    id,
    fileName: cleanFileName(input.fileName),
    bytes,
    sha256: hash.digest('hex'),
    uploadedBy: ctx.user.id,
    uploadedAt: new Date().toISOString(),
  };
  await commitUpload(meta);
  await recordAudit(ctx.db, actorOf(ctx), {
    category: 'personalization',
    action: 'upload.receive',
    objectType: 'upload',
    objectId: id,
    details: { file: meta.fileName, bytes, sha256: meta.sha256 },
  });
  return { uploadId: id, fileName: meta.fileName, bytes, sha256: meta.sha256 };
}
