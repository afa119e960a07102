import path from 'node:path';
import { z } from 'zod';

const env = z.object({
  HSM_BRIDGE_SOCKET: z.string().optional(),
  HSM_BRIDGE_KEY_FILE: z.string().optional(),
  HSM_BRIDGE_DATA_DIR: z.string().optional(),
  PKCS11_MODULE: z.string().optional(),
  PKCS11_TOKEN_LABEL: z.string().optional(),
  PKCS11_PIN: z.string().optional(),
});

export interface BridgeConfig {
  socketPath: string;
  sharedKeyFile: string;
  dataDir: string;
  pkcs11: { modulePath: string; tokenLabel: string; pin: string } | null;
}

/**
 * Where the bridge listens, the file holding the key shared with the server, and which HSM to use:
 * PKCS#11 when PKCS11_MODULE is set (with token label and PIN), otherwise the software backend.
 * The server reads the same variables (server/hsm/bridge-config.ts), so both agree by default.
 */
export function readBridgeConfig(source: NodeJS.ProcessEnv = process.env): BridgeConfig {
  const vars = env.parse(source);
  const dataDir = path.resolve(vars.HSM_BRIDGE_DATA_DIR ?? path.join('.data', 'hsm-bridge'));
  let pkcs11: BridgeConfig['pkcs11'] = null;
  if (vars.PKCS11_MODULE) {
    if (!vars.PKCS11_TOKEN_LABEL || !vars.PKCS11_PIN) {
      throw new Error('PKCS11_MODULE is set: PKCS11_TOKEN_LABEL and PKCS11_PIN must be set too');
    }
    pkcs11 = {
      modulePath: vars.PKCS11_MODULE,
      tokenLabel: vars.PKCS11_TOKEN_LABEL,
      pin: vars.PKCS11_PIN,
    };
  }
  return {
    socketPath: path.resolve(vars.HSM_BRIDGE_SOCKET ?? path.join('.data', 'hsm-bridge.sock')),
    sharedKeyFile: path.resolve(vars.HSM_BRIDGE_KEY_FILE ?? path.join('.data', 'hsm-bridge.key')),
    dataDir,
    pkcs11,
  };
}
