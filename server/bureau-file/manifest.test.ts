import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../emv/bytes';
import { adjustOddParity } from '../emv/crypto/des';
import { bureauMac } from './bureau-mac';
import { verifyBureauFile } from './bureau-verification';
import { canonicalJson } from './canonical-json';
import { writeCpsFile } from './cps-writer';
import { writeJsonLinesFile } from './jsonl-writer';
import { buildManifest, manifestMacInput, manifestText, parseManifest, verifyManifest } from './manifest';
import {
  streamOf,
  collectBytes,
  exampleHeader,
  exampleKek,
  exampleMacKey,
  inChunks,
  variedCard,
} from './testing';
import type { BureauManifest } from './types';

const cards = Array.from({ length: 4 }, (_, i) => variedCard(i + 1));
const applications = cards.reduce(
  (sum, card) => sum + card.parts.reduce((n, p) => n + (p.module === 'chip' ? p.applications.length : 0), 0),
  0,
);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const macWithExampleKey = (input: Buffer) => bureauMac(exampleMacKey, input).toString('hex').toUpperCase();

async function delivery() {
  const cps = await collectBytes(writeCpsFile(exampleHeader, streamOf(cards)));
  const jsonl = await collectBytes(writeJsonLinesFile(exampleHeader, streamOf(cards)));
  const manifest = await buildManifest(
    {
      header: exampleHeader,
      counts: { cards: cards.length, applications },
      files: [
        { name: 'JOB-20261121-4E1627.cps', kind: 'cps', bytes: cps.length, sha256: sha256(cps) },
        { name: 'JOB-20261121-4E1627.jsonl', kind: 'jsonl', bytes: jsonl.length, sha256: sha256(jsonl) },
      ],
    },
    macWithExampleKey,
  );
  return { cps, jsonl, manifest };
}

describe('canonicalJson (RFC 8785 JCS)', () => {
  it('sorts keys by UTF-16 code units at every level, without whitespace, escaping as JSON.stringify', () => {
    expect(canonicalJson({ b: 1, a: 'é\n\u0001"\\', c: [true, null, { z: 0, A: 2 }] })).toBe(
      '{"a":"é\\n\\u0001\\"\\\\","b":1,"c":[true,null,{"A":2,"z":0}]}',
    );
    // RFC 8785 3.2.3 sorts by UTF-16 code units: \r (000D) < 1 (0031) < € (20AC) < 😀 (D83D DE00).
    expect(canonicalJson({ '😀': 1, '€': 2, '\r': 3, '1': 4 })).toBe('{"\\r":3,"1":4,"€":2,"😀":1}');
    expect(() => canonicalJson({ n: 1.5 })).toThrow('canonical JSON holds whole numbers only, got 1.5');
  });
});

describe('manifest', () => {
  it('is signed over its canonical form without the mac, and verifies with the key recovered under the KEK', async () => {
    const { manifest } = await delivery();
    expect(Object.keys(manifest)).toEqual([
      'format',
      'version',
      'job',
      'profile',
      'counts',
      'files',
      'kek',
      'macKey',
      'createdAt',
      'mac',
    ]);
    expect(manifest.counts).toEqual({ cards: 4, applications: 8 });
    const input = manifestMacInput(manifest).toString('utf8');
    expect(input.startsWith('{"counts":{"applications":8,"cards":4},"createdAt":')).toBe(true);
    expect(input).not.toContain('"mac"');
    expect(manifest.mac).toBe(macWithExampleKey(Buffer.from(input)));
    expect(verifyManifest(parseManifest(manifestText(manifest)), exampleMacKey)).toEqual({
      ok: true,
      problems: [],
    });
  });

  it('fails its MAC when any field changes', async () => {
    const { manifest } = await delivery();
    const changes: ((m: BureauManifest) => void)[] = [
      (m) => (m.counts.cards = 3),
      (m) => (m.files[0]!.sha256 = '0'.repeat(64)),
      (m) => (m.files[1]!.bytes += 1),
      (m) => (m.profile.version = 4),
      (m) => (m.job = 'JOB-20261121-4E1628'),
      (m) => m.files.reverse(),
    ];
    for (const change of changes) {
      const changed = structuredClone(manifest);
      change(changed);
      expect(verifyManifest(changed, exampleMacKey)).toEqual({
        ok: false,
        problems: ['the manifest MAC does not match: the manifest was changed after it was prepared'],
      });
    }
    const otherKey = adjustOddParity(fromHex('1111111111111111EEEEEEEEEEEEEEEE'));
    expect(verifyManifest(manifest, otherKey).problems[0]).toMatch(
      /^the MAC key given has KCV [0-9A-F]{6}, but the manifest's MAC key has KCV BAB030: recover it/,
    );
  });

  it('refuses a manifest outside its format, naming the field', async () => {
    const { manifest } = await delivery();
    const text = manifestText(manifest);
    expect(() =>
      parseManifest(
        text.replace(/"sha256": "([0-9a-f]+)"/, (_, h: string) => `"sha256": "${h.toUpperCase()}"`),
      ),
    ).toThrow('manifest: files[0].sha256: must be 64 lower-case hexadecimal digits');
    expect(() => parseManifest(text.replace('"kcv": "08D7B4"', '"kcv": "08D7"'))).toThrow(
      'manifest: KEK KCV must be 3 bytes, got 2',
    );
    expect(() => parseManifest('{')).toThrow(/^manifest: is not JSON \(/);
    await expect(
      buildManifest(
        { header: exampleHeader, counts: { cards: 0, applications: 0 }, files: [] },
        macWithExampleKey,
      ),
    ).rejects.toThrow('manifest: files: Too small: expected array to have >=1 items');
  });
});

describe("the bureau's check of a delivery (verifyBureauFile)", () => {
  it('accepts both files of an intact delivery, read in small chunks', async () => {
    const { cps, jsonl, manifest } = await delivery();
    for (const [name, bytes] of [
      ['JOB-20261121-4E1627.cps', cps],
      ['JOB-20261121-4E1627.jsonl', jsonl],
    ] as const) {
      expect(await verifyBureauFile(manifest, { name, chunks: inChunks(bytes, 64) }, exampleKek)).toEqual({
        ok: true,
        problems: [],
        cards: 4,
        applications: 8,
      });
    }
  });

  it('refuses a file changed outside any MAC (an embossed name) by its SHA-256', async () => {
    const { cps, manifest } = await delivery();
    const changed = Buffer.from(cps.toString('latin1').replace('JOSE^', 'JOSX^'), 'latin1');
    const verdict = await verifyBureauFile(
      manifest,
      { name: 'JOB-20261121-4E1627.cps', chunks: inChunks(changed, 64) },
      exampleKek,
    );
    expect(verdict.ok).toBe(false);
    expect(verdict.problems).toEqual([
      `JOB-20261121-4E1627.cps: ${cps.length} bytes with SHA-256 ${sha256(changed)}, but the manifest says ${cps.length} bytes with SHA-256 ${sha256(cps)}`,
    ]);
  });

  it('refuses a truncated file, a wrong KEK and a file the manifest does not list', async () => {
    const { jsonl, manifest } = await delivery();
    const truncated = await verifyBureauFile(
      manifest,
      { name: 'JOB-20261121-4E1627.jsonl', chunks: inChunks(jsonl.subarray(0, jsonl.length - 31), 64) },
      exampleKek,
    );
    expect(truncated).toEqual({
      ok: false,
      problems: [
        'JOB-20261121-4E1627.jsonl: JSON Lines file, line 5: the file ends after 4 cards without a trailer (it was cut short)',
      ],
      cards: 4,
      applications: 8,
    });
    const wrongKek = adjustOddParity(fromHex('FEDCBA98765432100123456789ABCDEF'));
    const refused = await verifyBureauFile(
      manifest,
      { name: 'JOB-20261121-4E1627.jsonl', chunks: inChunks(jsonl, 64) },
      wrongKek,
    );
    expect(refused.problems[0]).toMatch(
      /^the KEK given has KCV [0-9A-F]{6}, but the file was prepared under KEK kek-demo-01/,
    );
    expect(
      (await verifyBureauFile(manifest, { name: 'other.cps', chunks: inChunks(jsonl, 64) }, exampleKek))
        .problems,
    ).toEqual(['the manifest lists no file named other.cps']);
  });
});
