/**
 * The bureau's check of a delivery, offline (docs/formats.md, "Files for the bureau"): the job's MAC
 * key recovered under the clear KEK, the manifest's MAC, and each file's header, size, SHA-256, card
 * and application counts and every application MAC (server/bureau-file verifyBureauFile).
 */
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  BureauFileError,
  parseManifest,
  recoverMacKey,
  verifyBureauFile,
  verifyManifest,
  type BureauManifest,
} from '../../bureau-file';
import { parseOptions, required, UsageError } from '../cli-args';
import type { CliCommand } from '../cli-command';
import { CommandFailure } from '../workbench/workbench-client';

/**
 * The clear KEK as piped in: one line of hex (16 or 24 bytes), or its components one per line, XORed
 * here as the HSM combines them (the parity bits the HSM then sets do not change a TDES result).
 */
export function parseKek(text: string): Buffer {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.replace(/\s+/g, '').toUpperCase())
    .filter((line) => line.length > 0);
  if (lines.length === 0)
    throw new UsageError('no KEK on standard input: pipe its hex, or its components one per line');
  const parts = lines.map((line, i) => {
    const what = lines.length === 1 ? 'the KEK' : `component ${i + 1} of the KEK`;
    if (!/^[0-9A-F]+$/.test(line)) throw new UsageError(`${what} must be hexadecimal digits (0-9, A-F)`);
    if (line.length !== 32 && line.length !== 48) {
      throw new UsageError(
        `${what} must be a TDES key of 16 or 24 bytes (32 or 48 hex digits); it has ${line.length} digits`,
      );
    }
    return Buffer.from(line, 'hex');
  });
  if (parts.some((part) => part.length !== parts[0]!.length)) {
    throw new UsageError('the KEK components must all have the same length');
  }
  const kek = Buffer.alloc(parts[0]!.length);
  for (const part of parts) for (let i = 0; i < kek.length; i++) kek[i]! ^= part[i]!;
  for (const part of parts) part.fill(0);
  return kek;
}

export interface DeliveryReport {
  /** One line per thing checked: the manifest, then each file. */
  lines: string[];
  /** Every problem found, each saying where; none means the delivery is exactly what was prepared. */
  problems: string[];
}

export async function verifyDelivery(
  manifestFile: string,
  dir: string,
  kek: Buffer,
): Promise<DeliveryReport> {
  const lines: string[] = [];
  const problems: string[] = [];
  let manifest: BureauManifest;
  try {
    manifest = parseManifest(readFileSync(manifestFile, 'utf8'));
  } catch (error) {
    if (!(error instanceof BureauFileError)) throw error;
    return { lines: [`FAIL  ${path.basename(manifestFile)}`], problems: [error.message] };
  }
  let macKey: Buffer;
  try {
    macKey = recoverMacKey(manifest, kek);
  } catch (error) {
    return {
      lines: [`FAIL  ${path.basename(manifestFile)}`],
      problems: [`manifest: ${(error as Error).message}`],
    };
  }
  const manifestProblems = verifyManifest(manifest, macKey).problems;
  macKey.fill(0);
  problems.push(...manifestProblems.map((p) => `manifest: ${p}`));
  lines.push(
    manifestProblems.length === 0
      ? `OK    ${path.basename(manifestFile)}: job ${manifest.job}, MAC verified (KEK ${manifest.kek.id}, KCV ${manifest.kek.kcv})`
      : `FAIL  ${path.basename(manifestFile)}`,
  );
  for (const entry of manifest.files) {
    const file = path.join(dir, entry.name);
    if (!existsSync(file)) {
      problems.push(`${entry.name}: not found in ${dir}`);
      lines.push(`FAIL  ${entry.name}`);
      continue;
    }
    const verdict = await verifyBureauFile(
      manifest,
      { name: entry.name, chunks: createReadStream(file) },
      kek,
    );
    // verifyBureauFile checks the manifest's MAC again for each file: said once above.
    const own = verdict.problems.filter((p) => !manifestProblems.includes(p));
    problems.push(...own);
    lines.push(
      own.length === 0
        ? `OK    ${entry.name}: ${verdict.cards} cards, ${verdict.applications} applications; size, SHA-256 and every application MAC verified`
        : `FAIL  ${entry.name}`,
    );
  }
  return { lines, problems };
}

export const verify: CliCommand = {
  name: 'verify',
  synopsis: '--manifest FILE --kek-stdin [--dir DIR]',
  summary:
    'the bureau\u2019s check of a delivery, offline, with the clear KEK from standard input: manifest MAC, each file\u2019s size and SHA-256, every application MAC',
  async run(args, io) {
    const { values } = parseOptions(args, {
      manifest: { type: 'string' },
      'kek-stdin': { type: 'boolean' },
      dir: { type: 'string' },
      json: { type: 'boolean' },
    });
    const manifestFile = required(values.manifest, 'manifest', 'the job\u2019s manifest file');
    if (!values['kek-stdin']) {
      throw new UsageError(
        'the KEK is read from standard input only (--kek-stdin), never from the command line',
      );
    }
    if (!existsSync(manifestFile)) throw new CommandFailure(`${manifestFile} does not exist`);
    const kek = parseKek(await io.readStdin());
    let report: DeliveryReport;
    try {
      report = await verifyDelivery(manifestFile, values.dir ?? path.dirname(manifestFile), kek);
    } finally {
      kek.fill(0);
    }
    if (values.json) {
      io.out(JSON.stringify({ ok: report.problems.length === 0, problems: report.problems }, null, 2));
    } else {
      for (const line of report.lines) io.out(line);
      if (report.problems.length === 0) io.out('OK');
      else {
        for (const problem of report.problems) io.out(`problem: ${problem}`);
        io.out(
          `${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}: do not personalize from these files`,
        );
      }
    }
    return report.problems.length === 0 ? 0 : 1;
  },
};
