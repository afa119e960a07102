import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { BridgeAuditLog } from '../../hsm-bridge/src/audit-log';
import { SoftwareBackend } from '../../hsm-bridge/src/backends/software/software-backend';
import { startBridgeServer } from '../../hsm-bridge/src/server';
import { HsmBridgeClient } from '../hsm/bridge-client';

export interface TestBridge {
  client: HsmBridgeClient;
  /** The backend the bridge runs on, for tests that import keys of known value. */
  backend: SoftwareBackend;
  /** The bridge's audit log file (one JSON line per call). */
  auditLogFile: string;
  /** The software HSM's data folder (key store and local master key). */
  hsmDir: string;
  /** Where another process reaches this bridge. */
  socketPath: string;
  keyFile: string;
  close: () => Promise<void>;
}

/**
 * A real HSM bridge in this process: software backend in a fresh temporary folder, its own socket
 * and shared key, and a client already pointed at it. `name` keeps socket paths apart per file.
 */
export async function startTestBridge(name: string): Promise<TestBridge> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `dataprep-${name}-`));
  const socketPath = path.join(dir, 'bridge.sock');
  const keyFile = path.join(dir, 'bridge.key');
  const auditLogFile = path.join(dir, 'bridge-audit.log');
  const hsmDir = path.join(dir, 'hsm');
  const sharedKey = randomBytes(32);
  writeFileSync(keyFile, sharedKey.toString('hex'), { mode: 0o600 });
  const backend = new SoftwareBackend(hsmDir);
  const server: net.Server = await startBridgeServer({
    socketPath,
    sharedKey,
    backend,
    audit: new BridgeAuditLog(auditLogFile),
  });
  const client = new HsmBridgeClient(socketPath, keyFile);
  return {
    client,
    backend,
    auditLogFile,
    hsmDir,
    socketPath,
    keyFile,
    close: async () => {
      client.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
