import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultVectorFile, loadVectors } from '../emv/vectors/load-vectors';

function calc(file: string) {
  const result = spawnSync('npx', ['dataprep', 'calc', '--vectors', file], { encoding: 'utf8' });
  const lines = result.stdout.trim().split('\n');
  return { status: result.status, lines, summary: lines.at(-1) };
}

describe('npx dataprep calc --vectors', () => {
  it('passes every published vector, with no failure and no skip', () => {
    const total = loadVectors().length;
    const { status, summary } = calc(defaultVectorFile());
    expect(summary).toBe(`${total} passed, 0 failed, 0 skipped`);
    expect(status).toBe(0);
  });

  it('reports a wrong expected value as expected vs. got, and an unknown algorithm as skipped', () => {
    const [first] = loadVectors().filter((v) => v.algorithm === 'tdes_kcv');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dataprep-vectors-'));
    const file = path.join(dir, 'vectors.json');
    writeFileSync(
      file,
      JSON.stringify([
        first,
        { ...first, name: 'tampered kcv', expected: { kcv: '000000' } },
        { ...first, name: 'future algorithm', algorithm: 'quantum_kcv' },
      ]),
    );
    const { status, lines, summary } = calc(file);
    expect(lines).toContain(`FAIL  tampered kcv: kcv: expected 000000, got ${String(first!.expected.kcv)}`);
    expect(lines).toContain('SKIP  future algorithm: algorithm quantum_kcv is not supported');
    expect(summary).toBe('1 passed, 1 failed, 1 skipped');
    expect(status).toBe(1);
  });
});
