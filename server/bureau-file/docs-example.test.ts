import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applicationMacInput } from './application-mac';
import { bureauMac } from './bureau-mac';
import { parseCpsFile } from './cps-parser';
import { writeCpsFile } from './cps-writer';
import { writeJsonLinesFile } from './jsonl-writer';
import { buildManifest, manifestMacInput, manifestText, parseManifest, verifyManifest } from './manifest';
import { recoverMacKey } from './mac-key';
import {
  streamOf,
  collectBytes,
  collectEvents,
  exampleCard,
  exampleHeader,
  exampleKek,
  exampleMacKey,
} from './testing';
import type { ChipApplication } from './types';

/**
 * docs/formats.md is written for bureaus that write their own parser: its examples are checked here
 * against the code, so the document and the code cannot disagree.
 */
const doc = readFileSync(path.join(__dirname, '../../docs/formats.md'), 'utf8');

function example(name: string): string {
  const match = new RegExp(`<!-- example: ${name} -->\\n\\n\`\`\`text\\n([\\s\\S]*?)\`\`\``).exec(doc);
  if (!match) throw new Error(`docs/formats.md has no example "${name}"`);
  return match[1]!;
}

/** The annotated dump: offset, bytes, comment; offsets must follow each other. */
function dumpBytes(dump: string): Buffer {
  const bytes: Buffer[] = [];
  let expected = 0;
  for (const line of dump.trimEnd().split('\n')) {
    const match = /^([0-9A-F]{4}) {2}((?:[0-9A-F]{2} )*[0-9A-F]{2})(?: {2,}.*)?$/.exec(line);
    if (!match) throw new Error(`not a dump line: ${line}`);
    expect(parseInt(match[1]!, 16), line).toBe(expected);
    const piece = Buffer.from(match[2]!.replace(/ /g, ''), 'hex');
    bytes.push(piece);
    expected += piece.length;
  }
  return Buffer.concat(bytes);
}

const exampleApplication = (): ChipApplication => {
  const chip = exampleCard().parts.find((p) => p.module === 'chip');
  if (chip?.module !== 'chip') throw new Error('the example card has no chip part');
  return chip.applications[0]!;
};

async function exampleFiles() {
  const cps = await collectBytes(writeCpsFile(exampleHeader, streamOf([exampleCard()])));
  const jsonl = await collectBytes(writeJsonLinesFile(exampleHeader, streamOf([exampleCard()])));
  return { cps, jsonl };
}

describe('docs/formats.md examples', () => {
  it('uses the example keys it prints', () => {
    expect(doc).toContain('KEK `0123456789ABCDEFFEDCBA9876543210` (KCV `08D7B4`)');
    expect(doc).toContain(
      `MAC key \`${exampleMacKey.toString('hex').toUpperCase()}\` (KCV \`${exampleHeader.macKey.kcv}\`)`,
    );
    expect(exampleHeader.kek.kcv).toBe('08D7B4');
    expect(recoverMacKey(exampleHeader, exampleKek)).toEqual(exampleMacKey);
  });

  it('prints the exact bytes of the example CPS file, which read back as the example card', async () => {
    const { cps } = await exampleFiles();
    const documented = dumpBytes(example('cps-file'));
    expect(documented.toString('hex')).toBe(cps.toString('hex'));
    const events = await collectEvents(parseCpsFile(streamOf([documented])));
    expect(events).toEqual([
      { kind: 'header', header: exampleHeader },
      { kind: 'card', card: exampleCard() },
      { kind: 'trailer', trailer: { records: 1 } },
    ]);
  });

  it('prints the exact lines of the example JSON Lines file', async () => {
    const { jsonl } = await exampleFiles();
    expect(example('jsonl-file')).toBe(jsonl.toString('utf8'));
  });

  it('prints the example application MAC input and the MAC under the example MAC key', () => {
    const input = applicationMacInput(exampleCard(), exampleApplication());
    expect(example('application-mac-input').replace(/\s/g, '')).toBe(input.toString('hex').toUpperCase());
    expect(input.length).toBe(93);
    expect(doc).toContain('the input is these 93 bytes');
    expect(example('application-mac').trim()).toBe('60087489A98DC10E');
    expect(bureauMac(exampleMacKey, input).toString('hex').toUpperCase()).toBe('60087489A98DC10E');
    expect(exampleApplication().mac).toBe('60087489A98DC10E');
  });

  it('prints the example manifest, byte for byte, and the canonical bytes its MAC covers', async () => {
    const { cps, jsonl } = await exampleFiles();
    const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
    const manifest = await buildManifest(
      {
        header: exampleHeader,
        counts: { cards: 1, applications: 1 },
        files: [
          { name: 'JOB-20261121-4E1627.cps', kind: 'cps', bytes: cps.length, sha256: sha256(cps) },
          { name: 'JOB-20261121-4E1627.jsonl', kind: 'jsonl', bytes: jsonl.length, sha256: sha256(jsonl) },
        ],
      },
      (input) => bureauMac(exampleMacKey, input).toString('hex').toUpperCase(),
    );
    expect(example('manifest')).toBe(manifestText(manifest));
    expect(example('manifest-mac-input')).toBe(`${manifestMacInput(manifest).toString('utf8')}\n`);
    const documented = parseManifest(example('manifest'));
    expect(verifyManifest(documented, recoverMacKey(documented, exampleKek))).toEqual({
      ok: true,
      problems: [],
    });
  });
});
