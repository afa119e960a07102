import type { BridgeConfig } from '../config';
import type { HsmBackend } from './backend';

export async function openBackend(config: BridgeConfig): Promise<HsmBackend> {
  if (config.pkcs11) {
    const { Pkcs11Backend } = await import('./pkcs11/pkcs11-backend');
    return new Pkcs11Backend(config.pkcs11);
  }
  const { SoftwareBackend } = await import('./software/software-backend');
  return new SoftwareBackend(config.dataDir);
}
