/**
 * What a custodian's browser does with a clear key component (the contract is in
 * server/emv/hsm-commands/key-blocks.ts): compute its KCV locally, and encrypt it to the HSM's
 * ceremony key with RSA-OAEP (SHA-256), so the server only ever relays ciphertext. Browsers have no
 * DES, so TDES goes through webcrypto-liner (DES-EDE3-CBC).
 */
import { componentHex, type CeremonyAlgorithm } from '../../../../server/emv/crypto/key-component';
export type { CeremonyAlgorithm };

export function parseComponent(text: string, algorithm: CeremonyAlgorithm): Uint8Array<ArrayBuffer> | string {
  const read = componentHex(text, algorithm);
  if ('problem' in read) return read.problem;
  return Uint8Array.from(read.hex.match(/../g)!.map((byte) => parseInt(byte, 16)));
}

const toHex = (bytes: ArrayBuffer | Uint8Array) =>
  Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();

/** TDES: first 3 bytes of E(8 zero bytes), ANSI X9.24-1; AES: first 5 bytes of AES-CMAC(16 zero bytes). */
export async function componentKcv(
  component: Uint8Array<ArrayBuffer>,
  algorithm: CeremonyAlgorithm,
): Promise<string> {
  if (algorithm === 'TDES2' || algorithm === 'TDES3') {
    const { Crypto } = await import('webcrypto-liner/build/index.es.js');
    const liner = new Crypto();
    const key24 =
      algorithm === 'TDES2' ? new Uint8Array([...component, ...component.subarray(0, 8)]) : component;
    const key = await liner.subtle.importKey('raw', key24, { name: 'DES-EDE3-CBC' } as never, false, [
      'encrypt',
    ]);
    const out = await liner.subtle.encrypt(
      { name: 'DES-EDE3-CBC', iv: new Uint8Array(8) } as never,
      key,
      new Uint8Array(8),
    );
    return toHex(out).slice(0, 6);
  }
  const subtle = globalThis.crypto.subtle;
  const key = await subtle.importKey('raw', component, { name: 'AES-CBC' }, false, ['encrypt']);
  const cbc = async (block: Uint8Array<ArrayBuffer>) =>
    new Uint8Array(await subtle.encrypt({ name: 'AES-CBC', iv: new Uint8Array(16) }, key, block)).subarray(
      0,
      16,
    );
  const l = await cbc(new Uint8Array(16));
  const k1 = new Uint8Array(16);
  for (let i = 0; i < 16; i++) k1[i] = ((l[i]! << 1) | (i < 15 ? l[i + 1]! >> 7 : 0)) & 0xff;
  if (l[0]! & 0x80) k1[15] = k1[15]! ^ 0x87;
  return toHex(await cbc(k1)).slice(0, 10);
}

export async function encryptComponent(spkiHex: string, component: Uint8Array<ArrayBuffer>): Promise<string> {
  const spki = Uint8Array.from(spkiHex.match(/../g)!.map((byte) => parseInt(byte, 16)));
  const subtle = globalThis.crypto.subtle;
  const key = await subtle.importKey('spki', spki, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['encrypt']);
  return toHex(await subtle.encrypt({ name: 'RSA-OAEP' }, key, component));
}
