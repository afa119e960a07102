import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Pkcs11Config } from '../src/backends/pkcs11/pkcs11-backend';

const defaultModule = '/usr/lib/softhsm/libsofthsm2.so';

/**
 * The PKCS#11 token the tests use: the one named by PKCS11_MODULE / PKCS11_TOKEN_LABEL / PKCS11_PIN
 * (as .ci/run sets up), or else a fresh SoftHSM2 token in a temporary folder. SOFTHSM2_CONF must be
 * set before the library is loaded, so call this before constructing a Pkcs11Backend.
 */
export function softHsmToken(): Pkcs11Config {
  if (process.env.PKCS11_MODULE && process.env.PKCS11_TOKEN_LABEL && process.env.PKCS11_PIN) {
    return {
      modulePath: process.env.PKCS11_MODULE,
      tokenLabel: process.env.PKCS11_TOKEN_LABEL,
      pin: process.env.PKCS11_PIN,
    };
  }
  if (!existsSync(defaultModule)) {
    throw new Error(`SoftHSM2 is not installed (${defaultModule}): apt-get install -y softhsm2`);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dataprep-softhsm-'));
  mkdirSync(path.join(dir, 'tokens'));
  const conf = path.join(dir, 'softhsm2.conf');
  writeFileSync(
    conf,
    `directories.tokendir = ${dir}/tokens\nobjectstore.backend = file\nlog.level = ERROR\n`,
  );
  process.env.SOFTHSM2_CONF = conf;
  const label = 'dataprep-test';
  execFileSync(
    'softhsm2-util',
    ['--init-token', '--free', '--label', label, '--pin', '1234', '--so-pin', '123456'],
    {
      env: { ...process.env, SOFTHSM2_CONF: conf },
      stdio: 'ignore',
    },
  );
  return { modulePath: defaultModule, tokenLabel: label, pin: '1234' };
}
