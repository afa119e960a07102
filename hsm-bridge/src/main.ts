import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { BridgeAuditLog } from './audit-log';
import { openBackend } from './backends/open-backend';
import { readBridgeConfig } from './config';
import { startBridgeServer } from './server';
import { loadOrCreateSharedKey } from './shared-key';

const config = readBridgeConfig();
mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
const backend = await openBackend(config);
const server = await startBridgeServer({
  socketPath: config.socketPath,
  sharedKey: loadOrCreateSharedKey(config.sharedKeyFile),
  backend,
  audit: new BridgeAuditLog(path.join(config.dataDir, 'bridge-audit.log')),
});
console.log(`HSM bridge (${backend.name}, token ${backend.token}) listening on ${config.socketPath}`);

async function shutdown(): Promise<void> {
  server.close();
  await backend.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
