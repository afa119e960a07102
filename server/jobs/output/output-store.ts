import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { digestingStream } from '../../bureau-file';
import { openStream, sealStream } from '../../services/cardholder-seal';

/**
 * The bureau files of each job, sealed at rest (AES-256-GCM STREAM under the data-at-rest key) in
 * <data dir>/outputs/<job id>/<kind>.sealed; a file being written is <kind>.part until complete.
 */
export function outputsDir(): string {
  return path.resolve(
    /*turbopackIgnore: true*/ process.env.DATAPREP_OUTPUT_DIR ??
      path.join(/*turbopackIgnore: true*/ process.env.DATAPREP_DATA_DIR ?? '.data', 'outputs'),
  );
}

export const outputKinds = ['cps', 'jsonl', 'manifest'] as const;
export type OutputKind = (typeof outputKinds)[number];

const fileOf = (jobId: string, kind: OutputKind, suffix: string) =>
  path.join(/*turbopackIgnore: true*/ outputsDir(), jobId, `${kind}.${suffix}`);
const contextOf = (jobId: string, kind: OutputKind) => `output/${jobId}/${kind}`;

/** Seals `chunks` into the job's file of `kind`; returns the size and SHA-256 of the clear bytes. */
export async function writeSealedOutput(
  jobId: string,
  kind: OutputKind,
  chunks: AsyncIterable<Buffer>,
): Promise<{ bytes: number; sha256: string }> {
  await mkdir(path.dirname(fileOf(jobId, kind, 'part')), { recursive: true, mode: 0o700 });
  const part = fileOf(jobId, kind, 'part');
  const digesting = digestingStream(chunks);
  try {
    await pipeline(
      Readable.from(digesting.chunks),
      sealStream(contextOf(jobId, kind)),
      createWriteStream(part, { mode: 0o600 }),
    );
  } catch (error) {
    await rm(part, { force: true });
    throw error;
  }
  await rename(part, fileOf(jobId, kind, 'sealed'));
  return digesting.digest();
}

/** The clear bytes of a job's output file, decrypted (and authenticated) as they are read. */
export function readSealedOutput(jobId: string, kind: OutputKind): Readable {
  const source = createReadStream(fileOf(jobId, kind, 'sealed'));
  const opened = openStream(contextOf(jobId, kind));
  source.on('error', (error) => opened.destroy(error));
  return source.pipe(opened);
}

/** Cardholder data is purged after retention: the job's files go with it. */
export async function removeOutputs(jobId: string): Promise<void> {
  await rm(path.join(/*turbopackIgnore: true*/ outputsDir(), jobId), { recursive: true, force: true });
}
