/**
 * What a custodian's terminal does with a clear key component, as the browser does in
 * app/(workbench)/keys/ceremonies/component-crypto.ts (contract: server/emv/hsm-commands/key-blocks.ts):
 * its KCV computed locally, and the component encrypted to the HSM's one-time ceremony key with
 * RSA-OAEP (SHA-256, no label), so the workbench only ever relays ciphertext.
 */
import { constants, createHash, createPublicKey, publicEncrypt } from 'node:crypto';
import { aesKcvCmac, tdesKcv } from '../emv/crypto/kcv';
import { componentHex, type CeremonyAlgorithm } from '../emv/crypto/key-component';

export type { CeremonyAlgorithm };

/** The component as typed or piped (spaces and line breaks allowed), or a message saying what is wrong. */
export function parseComponent(text: string, algorithm: CeremonyAlgorithm): Buffer | string {
  const read = componentHex(text, algorithm);
  return 'problem' in read ? read.problem : Buffer.from(read.hex, 'hex');
}

/** TDES: 3 bytes of E(8 zero bytes) (X9.24-1 A.2); AES: 5 bytes of AES-CMAC(16 zero bytes) (A.3). */
export function componentKcv(component: Buffer, algorithm: CeremonyAlgorithm): string {
  const kcv = algorithm.startsWith('TDES') ? tdesKcv(component) : aesKcvCmac(component);
  return kcv.toString('hex').toUpperCase();
}

/** SHA-256 of the ceremony key's DER SubjectPublicKeyInfo, as the officer's screen shows it. */
export function ceremonyKeyFingerprint(spkiHex: string): string {
  return createHash('sha256').update(Buffer.from(spkiHex, 'hex')).digest('hex').toUpperCase();
}

/** RSA-OAEP with SHA-256 (and MGF1 SHA-256) of the raw component bytes: 256 bytes, upper-case hex. */
export function encryptComponent(spkiHex: string, component: Buffer): string {
  return publicEncrypt(
    {
      key: createPublicKey({ key: Buffer.from(spkiHex, 'hex'), format: 'der', type: 'spki' }),
      padding: constants.RSA_PKCS1_OAEP_PADDING,
      oaepHash: 'sha256',
    },
    component,
  )
    .toString('hex')
    .toUpperCase();
}
