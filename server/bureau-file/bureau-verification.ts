/**
 * The bureau's whole check of one delivered file, in the order docs/formats.md gives it: recover the
 * job's MAC key with the KEK, check the manifest's MAC, then read the file through, checking that its
 * header is the manifest's, every application's MAC, the counts, the size and the SHA-256. It reads
 * the file once with flat memory; the virtual-card validation uses it as a bureau would.
 */
import { verifyApplicationMacs } from './application-mac';
import { BureauFileError } from './bureau-file-error';
import { canonicalJson } from './canonical-json';
import { parseCpsFile } from './cps-parser';
import { digestingStream } from './file-digest';
import { parseJsonLinesFile } from './jsonl-parser';
import { verifyManifest } from './manifest';
import { recoverMacKey } from './mac-key';
import type { BureauFileHeader, BureauManifest, MacVerdict } from './types';

const maxProblems = 100;

export interface DeliveryVerdict extends MacVerdict {
  cards: number;
  applications: number;
}

const headerFields = (h: BureauFileHeader) =>
  canonicalJson({ job: h.job, profile: h.profile, createdAt: h.createdAt, kek: h.kek, macKey: h.macKey });

export async function verifyBureauFile(
  manifest: BureauManifest,
  file: { name: string; chunks: AsyncIterable<Buffer> },
  kek: Buffer,
): Promise<DeliveryVerdict> {
  const problems: string[] = [];
  const verdict = (cards = 0, applications = 0): DeliveryVerdict => ({
    ok: problems.length === 0,
    problems:
      problems.length > maxProblems
        ? [...problems.slice(0, maxProblems), `and ${problems.length - maxProblems} more problems`]
        : problems,
    cards,
    applications,
  });
  let macKey: Buffer;
  try {
    macKey = recoverMacKey(manifest, kek);
  } catch (error) {
    problems.push((error as Error).message);
    return verdict();
  }
  try {
    problems.push(...verifyManifest(manifest, macKey).problems);
    const entry = manifest.files.find((f) => f.name === file.name);
    if (!entry) {
      problems.push(`the manifest lists no file named ${file.name}`);
      return verdict();
    }
    const tap = digestingStream(file.chunks);
    const events = entry.kind === 'cps' ? parseCpsFile(tap.chunks) : parseJsonLinesFile(tap.chunks);
    let cards = 0;
    let applications = 0;
    try {
      for await (const event of events) {
        if (event.kind === 'header' && headerFields(event.header) !== headerFields(manifest)) {
          problems.push(`${file.name}: its header (job, profile, time, KEK, MAC key) is not the manifest's`);
        } else if (event.kind === 'card') {
          cards++;
          for (const part of event.card.parts) {
            if (part.module === 'chip') applications += part.applications.length;
          }
          problems.push(
            ...verifyApplicationMacs(event.card, macKey).problems.map((p) => `${file.name}: ${p}`),
          );
        }
      }
    } catch (error) {
      if (!(error instanceof BureauFileError)) throw error;
      problems.push(`${file.name}: ${error.message}`);
      return verdict(cards, applications);
    }
    const digest = tap.digest();
    if (digest.bytes !== entry.bytes || digest.sha256 !== entry.sha256) {
      problems.push(
        `${file.name}: ${digest.bytes} bytes with SHA-256 ${digest.sha256}, but the manifest says ${entry.bytes} bytes with SHA-256 ${entry.sha256}`,
      );
    }
    if (cards !== manifest.counts.cards || applications !== manifest.counts.applications) {
      problems.push(
        `${file.name}: ${cards} cards and ${applications} applications, but the manifest counts ${manifest.counts.cards} and ${manifest.counts.applications}`,
      );
    }
    return verdict(cards, applications);
  } finally {
    macKey.fill(0);
  }
}
