import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { openStream } from '../cardholder-seal';

/**
 * Uploaded cardholder files wait here, sealed (AES-256-GCM under the data-at-rest key), until a job
 * is created from them: <id>.sealed holds the file, <id>.json what is known about it. A file being
 * received is <id>.part; a file being imported is <id>.importing.
 */
export const uploadRetentionMs = 24 * 60 * 60 * 1000;

export function uploadsDir(): string {
  return path.resolve(
    /*turbopackIgnore: true*/ process.env.DATAPREP_UPLOAD_DIR ??
      path.join(/*turbopackIgnore: true*/ process.env.DATAPREP_DATA_DIR ?? '.data', 'uploads'),
  );
}

const defaultMaxUploadBytes = 256 * 1024 * 1024;

/** DATAPREP_MAX_UPLOAD_BYTES, 256 MiB when unset. */
export function maxUploadBytes(): number {
  const configured = process.env.DATAPREP_MAX_UPLOAD_BYTES;
  if (configured === undefined || configured === '') return defaultMaxUploadBytes;
  const parsed = z.coerce.number().int().positive().safeParse(configured);
  if (!parsed.success) throw new Error('DATAPREP_MAX_UPLOAD_BYTES must be a whole number of bytes');
  return parsed.data;
}

export const uploadMetaSchema = z.object({
  id: z.uuid(),
  fileName: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  uploadedBy: z.uuid(),
  uploadedAt: z.iso.datetime(),
});
export type UploadMeta = z.infer<typeof uploadMetaSchema>;

export function uploadPaths(id: string) {
  const dir = uploadsDir();
  return {
    dir,
    part: path.join(/*turbopackIgnore: true*/ dir, `${id}.part`),
    sealed: path.join(/*turbopackIgnore: true*/ dir, `${id}.sealed`),
    importing: path.join(/*turbopackIgnore: true*/ dir, `${id}.importing`),
    meta: path.join(/*turbopackIgnore: true*/ dir, `${id}.json`),
  };
}

/** What the file is sealed to: a sealed upload cannot be passed off as another one. */
export const uploadSealContext = (id: string) => `upload/${id}`;

export async function ensureUploadsDir(): Promise<void> {
  await mkdir(uploadsDir(), { recursive: true, mode: 0o700 });
}

/** Makes a received file available: the sealed file first, then its description. */
export async function commitUpload(meta: UploadMeta): Promise<void> {
  const paths = uploadPaths(meta.id);
  await rename(paths.part, paths.sealed);
  await writeFile(`${paths.meta}.part`, JSON.stringify(meta), { mode: 0o600 });
  await rename(`${paths.meta}.part`, paths.meta);
}

export async function findUpload(id: string): Promise<UploadMeta | null> {
  if (!z.uuid().safeParse(id).success) return null;
  try {
    return uploadMetaSchema.parse(JSON.parse(await readFile(uploadPaths(id).meta, 'utf8')));
  } catch {
    return null;
  }
}

/**
 * Takes the upload out of reach of another import while this one reads it (a second click, a second
 * tab). Returns null when it is gone or already being imported.
 */
export async function claimUpload(id: string) {
  const paths = uploadPaths(id);
  try {
    await rename(paths.sealed, paths.importing);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return {
    /** The original bytes, decrypted and authenticated as they are read. */
    open: (): Readable => {
      const file = createReadStream(paths.importing);
      const opened = openStream(uploadSealContext(id));
      file.on('error', (error) => opened.destroy(error));
      opened.on('close', () => file.destroy());
      return file.pipe(opened);
    },
    /** The import did not happen: the file may be used again. */
    release: () => rename(paths.importing, paths.sealed).catch(() => undefined),
    /** The job holds the cards now: the file is no longer needed. */
    remove: () => deleteUpload(id),
  };
}

export async function deleteUpload(id: string): Promise<void> {
  const paths = uploadPaths(id);
  await Promise.all(
    [paths.part, paths.sealed, paths.importing, paths.meta, `${paths.meta}.part`].map((file) =>
      rm(file, { force: true }),
    ),
  );
}

/** Deletes uploads older than the retention (24 hours), whatever state they were left in. */
export async function purgeStaleUploads(now = Date.now()): Promise<number> {
  let names: string[];
  try {
    names = await readdir(uploadsDir());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  let purged = 0;
  for (const name of names) {
    const file = path.join(/*turbopackIgnore: true*/ uploadsDir(), name);
    try {
      if (now - (await stat(file)).mtimeMs > uploadRetentionMs) {
        await rm(file, { force: true });
        purged++;
      }
    } catch {
      // Gone in the meantime (imported, or purged by another request).
    }
  }
  return purged;
}
