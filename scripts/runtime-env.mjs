import path from 'node:path';

/**
 * One data folder holds everything the embedded defaults keep on disk: the PGlite database, the
 * software HSM's key store and local master key, the bridge socket and its shared key, and the
 * data-at-rest key. DATAPREP_DATA_DIR moves all of it; each variable can still be set on its own.
 */
export function runtimeEnv(base = process.env) {
  const dataDir = path.resolve(base.DATAPREP_DATA_DIR ?? '.data');
  return {
    ...base,
    DATAPREP_DATA_DIR: dataDir,
    PGLITE_DATA_DIR: base.PGLITE_DATA_DIR ?? path.join(dataDir, 'pglite'),
    HSM_BRIDGE_SOCKET: base.HSM_BRIDGE_SOCKET ?? path.join(dataDir, 'hsm-bridge.sock'),
    HSM_BRIDGE_KEY_FILE: base.HSM_BRIDGE_KEY_FILE ?? path.join(dataDir, 'hsm-bridge.key'),
    HSM_BRIDGE_DATA_DIR: base.HSM_BRIDGE_DATA_DIR ?? path.join(dataDir, 'hsm-bridge'),
    DATA_AT_REST_KEY_FILE: base.DATA_AT_REST_KEY_FILE ?? path.join(dataDir, 'data-at-rest.key'),
  };
}
