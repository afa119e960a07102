import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { toHex } from '../../emv/bytes';
import { bureauMac, buildManifest, manifestText, writeCpsFile, writeJsonLinesFile } from '../../bureau-file';
import {
  collectBytes,
  exampleHeader,
  exampleKek,
  exampleMacKey,
  streamOf,
  variedCard,
} from '../../bureau-file/testing';
import { runCli } from '../run-cli';
import { testIo } from '../testing/test-io';
import { parseKek } from './verify';

const cards = Array.from({ length: 4 }, (_, i) => variedCard(i + 1));
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const cpsName = 'JOB-20261121-4E1627.cps';
const jsonlName = 'JOB-20261121-4E1627.jsonl';
const manifestName = 'JOB-20261121-4E1627.manifest.json';

/** A delivery as the workbench writes it, with the example MAC key under the example KEK (docs/formats.md). */
async function writeDelivery(dir: string) {
  const cps = await collectBytes(writeCpsFile(exampleHeader, streamOf(cards)));
  const jsonl = await collectBytes(writeJsonLinesFile(exampleHeader, streamOf(cards)));
  const manifest = await buildManifest(
    {
      header: exampleHeader,
      counts: { cards: 4, applications: 8 },
      files: [
        { name: cpsName, kind: 'cps', bytes: cps.length, sha256: sha256(cps) },
        { name: jsonlName, kind: 'jsonl', bytes: jsonl.length, sha256: sha256(jsonl) },
      ],
    },
    (input) => toHex(bureauMac(exampleMacKey, input)),
  );
  writeFileSync(path.join(dir, cpsName), cps);
  writeFileSync(path.join(dir, jsonlName), jsonl);
  writeFileSync(path.join(dir, manifestName), manifestText(manifest));
}

let dir: string;
beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dataprep-verify-'));
  await writeDelivery(dir);
});

async function verify(kek: string, args: string[] = []) {
  const { io, out, err } = testIo({ stdin: kek });
  const status = await runCli(
    ['verify', '--manifest', path.join(dir, manifestName), '--kek-stdin', ...args],
    io,
  );
  return { status, out, err };
}

/** Flips one bit of a file, at `offset` from its end. */
function flip(name: string, offset: number) {
  const bytes = readFileSync(path.join(dir, name));
  bytes[bytes.length - offset]! ^= 0x01;
  writeFileSync(path.join(dir, name), bytes);
}

describe('npx dataprep verify', () => {
  it('passes the delivery as prepared, with the clear KEK from stdin', async () => {
    const result = await verify(`${toHex(exampleKek)}\n`);
    expect(result.out).toEqual([
      `OK    ${manifestName}: job JOB-20261121-4E1627, MAC verified (KEK kek-demo-01, KCV 08D7B4)`,
      `OK    ${cpsName}: 4 cards, 8 applications; size, SHA-256 and every application MAC verified`,
      `OK    ${jsonlName}: 4 cards, 8 applications; size, SHA-256 and every application MAC verified`,
      'OK',
    ]);
    expect(result.status).toBe(0);
  });

  it('takes the KEK as components, one per line, XORed', async () => {
    const first = Buffer.from('00112233445566778899AABBCCDDEEFF', 'hex');
    const second = Buffer.from(exampleKek.map((b, i) => b ^ first[i]!));
    const result = await verify(`${toHex(first)}\n${toHex(second).replace(/(.{4})/g, '$1 ')}\n`);
    expect(result.out.at(-1)).toBe('OK');
    expect(result.status).toBe(0);
  });

  it('finds a changed byte in the CPS file: the application MAC and the SHA-256', async () => {
    flip(cpsName, 40);
    const result = await verify(toHex(exampleKek));
    expect(result.out.slice(0, 3)).toEqual([
      `OK    ${manifestName}: job JOB-20261121-4E1627, MAC verified (KEK kek-demo-01, KCV 08D7B4)`,
      `FAIL  ${cpsName}`,
      `OK    ${jsonlName}: 4 cards, 8 applications; size, SHA-256 and every application MAC verified`,
    ]);
    expect(result.out).toContain(
      `problem: ${cpsName}: card 4 (row 9), chip application 2 (A0000000041010): the MAC does not match the application's data; do not personalize this card`,
    );
    expect(result.out.at(-1)).toBe('2 problems: do not personalize from these files');
    expect(result.status).toBe(1);
  });

  it('finds a changed manifest, a missing file and a wrong KEK', async () => {
    const manifest = readFileSync(path.join(dir, manifestName), 'utf8');
    writeFileSync(path.join(dir, manifestName), manifest.replace('"cards": 4', '"cards": 3'));
    rmSync(path.join(dir, jsonlName));
    const changed = await verify(toHex(exampleKek));
    expect(changed.out.filter((l) => l.startsWith('problem: '))).toEqual([
      'problem: manifest: the manifest MAC does not match: the manifest was changed after it was prepared',
      `problem: ${cpsName}: 4 cards and 8 applications, but the manifest counts 3 and 8`,
      `problem: ${jsonlName}: not found in ${dir}`,
    ]);
    expect(changed.status).toBe(1);

    const wrongKek = await verify('0123456789ABCDEF0123456789ABCDEF');
    expect(wrongKek.out).toEqual([
      `FAIL  ${manifestName}`,
      'problem: manifest: the KEK given has KCV D5D44F, but the file was prepared under KEK kek-demo-01 with KCV 08D7B4: use that KEK',
      '1 problem: do not personalize from these files',
    ]);
    expect(wrongKek.status).toBe(1);
  });

  it('reads the KEK from stdin only, and says what is wrong with it', async () => {
    const { io, err } = testIo({ stdin: toHex(exampleKek) });
    expect(await runCli(['verify', '--manifest', path.join(dir, manifestName)], io)).toBe(2);
    expect(err[0]).toBe(
      'error: the KEK is read from standard input only (--kek-stdin), never from the command line',
    );
    expect(() => parseKek('')).toThrow(
      'no KEK on standard input: pipe its hex, or its components one per line',
    );
    expect(() => parseKek('0123456789ABCDEFG123456789ABCDEF')).toThrow(
      'the KEK must be hexadecimal digits (0-9, A-F)',
    );
    expect(() => parseKek('0123456789ABCDEF')).toThrow(
      'the KEK must be a TDES key of 16 or 24 bytes (32 or 48 hex digits); it has 16 digits',
    );
    expect(() => parseKek(`${'00'.repeat(16)}\n${'11'.repeat(24)}`)).toThrow(
      'the KEK components must all have the same length',
    );
  });
});
