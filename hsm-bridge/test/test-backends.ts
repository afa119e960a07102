import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KeyUsage, SymmetricAlgorithm } from '../../server/emv/hsm-commands';
import type { HsmBackend, KeyAttributes } from '../src/backends/backend';
import { Pkcs11Backend } from '../src/backends/pkcs11/pkcs11-backend';
import { SoftwareBackend } from '../src/backends/software/software-backend';
import { softHsmToken } from './softhsm-token';

/**
 * The two backends every bridge test runs on: the software backend in a temporary folder and a
 * SoftHSM2 token. One Pkcs11Backend per test file: C_Initialize runs once per process.
 */
export function openTestBackends(): [string, HsmBackend][] {
  return [
    ['software', new SoftwareBackend(mkdtempSync(path.join(os.tmpdir(), 'dataprep-sw-')))],
    ['pkcs11 (SoftHSM2)', new Pkcs11Backend(softHsmToken())],
  ];
}

let counter = 0;

/** Stores a test key of known value, so tests can check the exact bytes the bridge returns. */
export async function importTestKey(
  backend: HsmBackend,
  usage: KeyUsage,
  value: Buffer,
  algorithm: SymmetricAlgorithm = 'TDES2',
): Promise<KeyAttributes> {
  counter++;
  return backend.importKey(
    { keyRef: `test-${usage}-${counter}-${Date.now()}`, usage, algorithm, label: `test ${usage}` },
    value,
  );
}
