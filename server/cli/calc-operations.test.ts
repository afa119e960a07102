import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const dataprep = (args: string[], env: Record<string, string> = {}) =>
  spawnSync('npx', ['dataprep', ...args], { encoding: 'utf8', env: { ...process.env, ...env } });

describe('npx dataprep calc OPERATION', () => {
  it('derives an ICC master key with its KCV (pyemv vector)', () => {
    const result = dataprep([
      'calc',
      'icc-master-key',
      '--imk',
      '0123456789ABCDEFFEDCBA9876543210',
      '--pan',
      '12345678901234567',
      '--psn',
      '45',
      '--option',
      'A',
    ]);
    expect(result.stdout).toBe(
      'ICC master key: 946DC1A8C78A624519BC4645CB073737\nICC master key KCV: FF089D\n',
    );
    expect(result.status).toBe(0);
  });

  it('names a bad input and exits 1', () => {
    const result = dataprep(['calc', 'kcv', '--key', '123', '--method', 'tdes']);
    expect(result.stderr).toContain('error: key must be an even number of hexadecimal digits');
    expect(result.status).toBe(1);
  });

  it('is refused in production mode', () => {
    const result = dataprep(['calc', 'kcv', '--key', '00', '--method', 'tdes'], {
      DATAPREP_MODE: 'production',
    });
    expect(result.stderr).toContain(
      'The crypto calculator works on clear test keys and is refused in production mode.',
    );
    expect(result.status).toBe(2);
  });
});
