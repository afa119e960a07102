import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { forgetSession, loadSession, saveSession, sessionFile } from './session-store';

const session = {
  url: 'http://localhost:3000',
  cookie: 'dataprep_session=abc',
  username: 'officer1',
  displayName: 'Oscar Officer',
  role: 'security_officer',
  signedInAt: '2026-11-21T19:44:25.000Z',
};

describe('the session file', () => {
  it('is one per workbench under ~/.config/dataprep, or DATAPREP_SESSION_FILE', () => {
    const url = new URL('http://localhost:3000');
    expect(sessionFile(url, { HOME: '/home/oscar' })).toBe(
      '/home/oscar/.config/dataprep/session-localhost_3000.json',
    );
    expect(sessionFile(url, { HOME: '/home/oscar', XDG_CONFIG_HOME: '/cfg' })).toBe(
      '/cfg/dataprep/session-localhost_3000.json',
    );
    expect(sessionFile(url, { HOME: '/home/oscar', DATAPREP_SESSION_FILE: '/tmp/o.json' })).toBe(
      '/tmp/o.json',
    );
  });

  it('is written private (0600, in a 0700 folder), and made private again when it was not', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dataprep-session-'));
    const file = path.join(dir, 'dataprep', 'session.json');
    saveSession(file, session);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    chmodSync(file, 0o644);
    const warnings: string[] = [];
    expect(loadSession(file, (line) => warnings.push(line))).toEqual(session);
    expect(warnings).toEqual([`warning: ${file} was readable by other users; it is now private (0600)`]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    writeFileSync(file, 'not json');
    expect(loadSession(file, () => undefined)).toBeNull();
    forgetSession(file);
    expect(loadSession(file, () => undefined)).toBeNull();
    expect(() => readFileSync(file)).toThrow();
  });
});
