/**
 * The manifest (docs/formats.md, "Manifest"): counts, each file's size and SHA-256, the KEK and the
 * job's MAC key under it, and a MAC under that MAC key over the manifest's canonical bytes (RFC 8785
 * JCS of the manifest without its "mac"), so a bureau that holds the KEK can check that nothing in
 * the delivery was changed, added or removed.
 */
import { z } from 'zod';
import { toHex } from '../emv/bytes';
import { tdesKcv } from '../emv/crypto/kcv';
import { BureauFileError, jsonErrorPosition } from './bureau-file-error';
import { bureauMacMatches } from './bureau-mac';
import { canonicalJson } from './canonical-json';
import { headerProblem } from './content-rules';
import { issuePath } from './jsonl-schema';
import type { BureauFileHeader, BureauManifest, MacVerdict, ManifestFile } from './types';

export const manifestFormat = 'dataprep-bureau-manifest';
export const manifestVersion = 1;

export type UnsignedBureauManifest = Omit<BureauManifest, 'mac'>;

export interface ManifestParams {
  header: BureauFileHeader;
  counts: { cards: number; applications: number };
  files: ManifestFile[];
}

const count = z.number().int().nonnegative();
const manifestFileSchema = z.strictObject({
  name: z.string().min(1).max(255),
  kind: z.enum(['cps', 'jsonl']),
  bytes: count,
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hexadecimal digits'),
});
const manifestSchema = z.strictObject({
  format: z.literal(manifestFormat),
  version: z.literal(manifestVersion),
  job: z.string(),
  profile: z.strictObject({ name: z.string(), version: count }),
  counts: z.strictObject({ cards: count, applications: count }),
  files: z
    .array(manifestFileSchema)
    .min(1)
    .refine((files) => new Set(files.map((f) => f.name)).size === files.length, 'must not name a file twice'),
  kek: z.strictObject({ id: z.string(), kcv: z.string() }),
  macKey: z.strictObject({ cryptogram: z.string(), kcv: z.string() }),
  createdAt: z.string(),
  mac: z.string().regex(/^[0-9A-F]{16}$/, 'must be 8 bytes of upper-case hexadecimal'),
});

function requireValid(manifest: unknown): BureauManifest {
  const parsed = manifestSchema.safeParse(manifest);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BureauFileError(
      'manifest',
      null,
      `${issuePath(issue.path) || 'the manifest'}: ${issue.message}`,
    );
  }
  const { job, profile, createdAt, kek, macKey } = parsed.data;
  const problem = headerProblem({ job, profile, createdAt, kek, macKey });
  if (problem) throw new BureauFileError('manifest', null, problem.replace(/^header /, ''));
  return parsed.data;
}

/** The manifest without its MAC, keys in the documented order. */
export function unsignedManifest(params: ManifestParams): UnsignedBureauManifest {
  const { header } = params;
  return {
    format: manifestFormat,
    version: manifestVersion,
    job: header.job,
    profile: { name: header.profile.name, version: header.profile.version },
    counts: { cards: params.counts.cards, applications: params.counts.applications },
    files: params.files.map((f) => ({ name: f.name, kind: f.kind, bytes: f.bytes, sha256: f.sha256 })),
    kek: { id: header.kek.id, kcv: header.kek.kcv },
    macKey: { cryptogram: header.macKey.cryptogram, kcv: header.macKey.kcv },
    createdAt: header.createdAt,
  };
}

/** The bytes the manifest's MAC covers: UTF-8 of the JCS form of the manifest without "mac". */
export function manifestMacInput(manifest: UnsignedBureauManifest | BureauManifest): Buffer {
  const { mac: _mac, ...unsigned } = manifest as BureauManifest;
  return Buffer.from(canonicalJson(unsigned), 'utf8');
}

/**
 * The signed manifest. `mac` computes the MAC of the input: in the workbench the HSM does
 * (macOutputData), with the job's MAC key that never leaves it.
 */
export async function buildManifest(
  params: ManifestParams,
  mac: (input: Buffer) => Promise<string> | string,
): Promise<BureauManifest> {
  const unsigned = unsignedManifest(params);
  requireValid({ ...unsigned, mac: '0000000000000000' });
  return requireValid({ ...unsigned, mac: await mac(manifestMacInput(unsigned)) });
}

/** Reads a manifest file's text, checking every field; throws a BureauFileError naming the field. */
export function parseManifest(text: string): BureauManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new BureauFileError('manifest', null, `is not JSON${jsonErrorPosition(error)}`);
  }
  return requireValid(value);
}

/** The manifest as written for the bureau: the documented key order, 2-space indentation, final LF. */
export function manifestText(manifest: BureauManifest): string {
  return `${JSON.stringify({ ...unsignedManifest({ header: manifest, counts: manifest.counts, files: manifest.files }), mac: manifest.mac }, null, 2)}\n`;
}

/** The bureau's check of the manifest's MAC, with the MAC key recovered under its KEK. */
export function verifyManifest(manifest: BureauManifest, macKey: Buffer): MacVerdict {
  const problems: string[] = [];
  const kcv = toHex(tdesKcv(macKey));
  if (kcv !== manifest.macKey.kcv) {
    problems.push(
      `the MAC key given has KCV ${kcv}, but the manifest's MAC key has KCV ${manifest.macKey.kcv}: recover it from the manifest's cryptogram with the job's KEK`,
    );
  } else if (!bureauMacMatches(macKey, manifestMacInput(manifest), manifest.mac)) {
    problems.push('the manifest MAC does not match: the manifest was changed after it was prepared');
  }
  return { ok: problems.length === 0, problems };
}
