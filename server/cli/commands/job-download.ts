import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { BureauFileError, parseManifest, type BureauManifest } from '../../bureau-file';
import { parseOptions, required, serverOptions } from '../cli-args';
import { printResult, type CliCommand } from '../cli-command';
import { CommandFailure, signedIn, type Workbench } from '../workbench/workbench-client';

interface Landed {
  kind: string;
  fileName: string;
  bytes: number;
  sha256: string;
}

/**
 * Streams one bureau file to DIR/<name>.part while hashing it, and renames it only once its size and
 * SHA-256 are the ones expected; a file that does not match is deleted, never left under its name.
 */
async function download(
  workbench: Workbench,
  jobId: string,
  file: { kind: string; fileName: string },
  dir: string,
  expected?: { bytes: number; sha256: string },
): Promise<Landed> {
  const response = await workbench.request(`/api/jobs/${jobId}/files/${file.kind}`);
  if (!response.ok || !response.body) {
    const message = (await response.text().catch(() => '')).trim();
    throw new CommandFailure(
      `${file.fileName}: ${message || `the download failed (HTTP ${response.status})`}`,
    );
  }
  const target = path.join(dir, path.basename(file.fileName));
  const partial = `${target}.part`;
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    await pipeline(
      Readable.fromWeb(response.body as WebReadableStream),
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          hash.update(chunk);
          bytes += chunk.length;
          yield chunk;
        }
      },
      createWriteStream(partial, { mode: 0o600 }),
    );
  } catch (error) {
    rmSync(partial, { force: true });
    throw new CommandFailure(
      `${file.fileName}: the download was interrupted (${(error as Error).message}); download it again.`,
    );
  }
  const sha256 = hash.digest('hex');
  if (expected && (expected.bytes !== bytes || expected.sha256 !== sha256)) {
    rmSync(partial, { force: true });
    throw new CommandFailure(
      `${file.fileName}: received ${bytes} bytes with SHA-256 ${sha256}, but the manifest says ${expected.bytes} bytes with SHA-256 ${expected.sha256}; the file was deleted. Download it again.`,
    );
  }
  renameSync(partial, target);
  return { kind: file.kind, fileName: path.basename(file.fileName), bytes, sha256 };
}

export const jobsDownload: CliCommand = {
  name: 'jobs download',
  synopsis: 'JOB_ID --out DIR',
  summary:
    'the bureau\u2019s files of a released job (bureau operator): the manifest, then each file, its size and SHA-256 checked against the manifest as it lands',
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { ...serverOptions, out: { type: 'string' } }, [
      'JOB_ID',
    ]);
    const dir = required(values.out, 'out', 'the folder to write the files to');
    const jobId = positionals[0]!;
    const { workbench } = signedIn(io, values);
    const job = (await workbench.api.exports.list.query()).find((j) => j.id === jobId);
    if (!job)
      throw new CommandFailure(`No released job has the id ${jobId}: see "npx dataprep jobs released".`);
    const manifestFile = job.files.find((f) => f.kind === 'manifest');
    if (!manifestFile) throw new CommandFailure(`Job ${job.reference} has no manifest.`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const landed: Landed[] = [await download(workbench, jobId, manifestFile, dir, manifestFile)];
    let manifest: BureauManifest;
    try {
      manifest = parseManifest(readFileSync(path.join(dir, landed[0]!.fileName), 'utf8'));
    } catch (error) {
      if (error instanceof BureauFileError)
        throw new CommandFailure(`${manifestFile.fileName}: ${error.message}`);
      throw error;
    }
    if (!values.json)
      io.out(`${landed[0]!.fileName}  ${landed[0]!.bytes} bytes  SHA-256 ${landed[0]!.sha256}`);
    for (const entry of manifest.files) {
      const file = await download(workbench, jobId, { kind: entry.kind, fileName: entry.name }, dir, entry);
      landed.push(file);
      if (!values.json)
        io.out(`${file.fileName}  ${file.bytes} bytes  SHA-256 ${file.sha256}  matches the manifest`);
    }
    printResult(io, values.json, { job: job.reference, dir, files: landed }, () => [
      `Job ${job.reference}: ${manifest.counts.cards} cards, ${manifest.counts.applications} applications, in ${dir}.`,
      `Check the manifest's MAC and every application MAC with the KEK: npx dataprep verify --manifest ${path.join(dir, landed[0]!.fileName)} --kek-stdin`,
    ]);
    return 0;
  },
};

export const jobsReleased: CliCommand = {
  name: 'jobs released',
  synopsis: '',
  summary: 'the jobs released to the bureau, with their files (bureau operator)',
  async run(args, io) {
    const { values } = parseOptions(args, serverOptions);
    const { workbench } = signedIn(io, values);
    const jobs = await workbench.api.exports.list.query();
    printResult(io, values.json, jobs, () =>
      jobs.length === 0
        ? ['No job has been released to the bureau.']
        : jobs.flatMap((job) => [
            `${job.reference}  ${job.status}  ${job.records} cards${job.oneTimeDownload ? '  one-time download' : ''}  (id ${job.id})`,
            ...job.files.map(
              (f) =>
                `  ${f.fileName}  ${f.bytes} bytes  SHA-256 ${f.sha256}${f.taken ? `  downloaded by ${f.taken.by} at ${f.taken.at.toISOString()}` : ''}`,
            ),
          ]),
    );
    return 0;
  },
};
