import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {
  BridgeCommand,
  CommandResult,
  KeyUsage,
  SymmetricAlgorithm,
} from '../../server/emv/hsm-commands';
import type { HsmBackend, KeyAttributes } from '../src/backends/backend';
import { Pkcs11Backend } from '../src/backends/pkcs11/pkcs11-backend';
import { SoftwareBackend } from '../src/backends/software/software-backend';
import { BridgeError } from '../src/bridge-error';
import { runCommand } from '../src/ops';
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

/** A bridge command run as the protocol runs it (params validated by the command's schema). */
export async function call<C extends BridgeCommand>(
  backend: HsmBackend,
  command: C,
  params: unknown,
): Promise<CommandResult<C>> {
  return (await runCommand(backend, command, params)) as CommandResult<C>;
}

/** The BridgeError a call is refused with (fails the test when it succeeds). */
export async function refusal(promise: Promise<unknown>): Promise<BridgeError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BridgeError) return error;
    throw error;
  }
  throw new Error('expected the bridge to refuse');
}
