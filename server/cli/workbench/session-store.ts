import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/**
 * The CLI's sign-in, kept between commands as the browser keeps its cookie: the session cookie in a
 * file only its owner can read (0600), one file per workbench, or DATAPREP_SESSION_FILE (one per
 * user when a script acts as several people). The cookie is never printed.
 */
const storedSession = z.object({
  url: z.string(),
  cookie: z.string().min(1),
  username: z.string(),
  displayName: z.string(),
  role: z.string(),
  signedInAt: z.string(),
});
export type StoredSession = z.infer<typeof storedSession>;

export function sessionFile(baseUrl: URL, env: Record<string, string | undefined>): string {
  if (env.DATAPREP_SESSION_FILE) return path.resolve(env.DATAPREP_SESSION_FILE);
  const configHome = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), '.config');
  const host = baseUrl.host.replace(/[^A-Za-z0-9.-]/g, '_');
  return path.join(configHome, 'dataprep', `session-${host}.json`);
}

export function saveSession(file: string, session: StoredSession): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify(session, null, 2)}\n`, { mode: 0o600 });
  // writeFileSync keeps the mode of a file that already existed.
  chmodSync(file, 0o600);
}

/** The stored session, or null; a file others could read is made private again first. */
export function loadSession(file: string, warn: (line: string) => void): StoredSession | null {
  if (!existsSync(file)) return null;
  if ((statSync(file).mode & 0o077) !== 0) {
    warn(`warning: ${file} was readable by other users; it is now private (0600)`);
    chmodSync(file, 0o600);
  }
  try {
    const parsed = storedSession.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function forgetSession(file: string): void {
  rmSync(file, { force: true });
}
