/**
 * The bureau's side of the job's MAC key: it travels in the header and the manifest as a TDES-ECB
 * cryptogram under the transport KEK, with its check value, and the bureau decrypts it with its copy
 * of that KEK (in its HSM; here with a clear key, for tests and the virtual-card validation).
 */
import { toHex } from '../emv/bytes';
import { tdesEcbDecrypt } from '../emv/crypto/des';
import { tdesKcv } from '../emv/crypto/kcv';
import type { KekReference } from './types';

/**
 * Decrypts the MAC key under `kek` after checking that `kek` is the KEK the file names (by KCV), and
 * checks the result against the MAC key's KCV. Throws, saying which check failed and what to do.
 */
export function recoverMacKey(
  delivery: { kek: KekReference; macKey: { cryptogram: string; kcv: string } },
  kek: Buffer,
): Buffer {
  const kekKcv = toHex(tdesKcv(kek));
  if (kekKcv !== delivery.kek.kcv) {
    throw new Error(
      `the KEK given has KCV ${kekKcv}, but the file was prepared under KEK ${delivery.kek.id} with KCV ${delivery.kek.kcv}: use that KEK`,
    );
  }
  if (!/^[0-9A-F]{32}$/.test(delivery.macKey.cryptogram)) {
    throw new Error('the MAC key cryptogram must be 16 bytes of upper-case hexadecimal');
  }
  const macKey = tdesEcbDecrypt(kek, Buffer.from(delivery.macKey.cryptogram, 'hex'));
  const macKcv = toHex(tdesKcv(macKey));
  if (macKcv !== delivery.macKey.kcv) {
    macKey.fill(0);
    throw new Error(
      `the MAC key decrypted under the KEK has KCV ${macKcv}, but the file says ${delivery.macKey.kcv}: the cryptogram was altered`,
    );
  }
  return macKey;
}
