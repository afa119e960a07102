import path from 'node:path';
import { HsmBridgeClient } from './bridge-client';

const globalForBridge = globalThis as unknown as { hsmBridge?: HsmBridgeClient };

/** The process's one connection to the HSM bridge; same variables and defaults as hsm-bridge/src/config.ts. */
export function hsmBridge(): HsmBridgeClient {
  globalForBridge.hsmBridge ??= new HsmBridgeClient(
    path.resolve(
      /*turbopackIgnore: true*/ process.env.HSM_BRIDGE_SOCKET ?? path.join('.data', 'hsm-bridge.sock'),
    ),
    path.resolve(
      /*turbopackIgnore: true*/ process.env.HSM_BRIDGE_KEY_FILE ?? path.join('.data', 'hsm-bridge.key'),
    ),
  );
  return globalForBridge.hsmBridge;
}
