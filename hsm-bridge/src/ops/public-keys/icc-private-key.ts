import type { KeyObject } from 'node:crypto';
import { toHex } from '../../../../server/emv/bytes';
import { padIso9797 } from '../../../../server/emv/crypto/mac';
import type { RsaPublicKey } from '../../../../server/emv/certificates/rsa';
import type { HsmBackend } from '../../backends/backend';

export type CrtComponentName = 'p' | 'q' | 'dp' | 'dq' | 'qInv';
export type ModulusExponentName = 'modulus' | 'privateExponent';
type JwkName = 'n' | 'd' | 'p' | 'q' | 'dp' | 'dq' | 'qi';

/**
 * The CRT components in the order of EMV CPS's ICC private key DGIs: 8205 p, 8204 q, 8203 dp
 * (d mod (p - 1)), 8202 dq (d mod (q - 1)), 8201 qInv (q^-1 mod p); `jwk` names them as RFC 7518 does.
 */
const crtComponents: [CrtComponentName, JwkName][] = [
  ['p', 'p'],
  ['q', 'q'],
  ['dp', 'dp'],
  ['dq', 'dq'],
  ['qInv', 'qi'],
];

/** EMV CPS v1.1 Annex A's other form of an ICC private key: the modulus and the private exponent. */
const modulusExponentComponents: [ModulusExponentName, JwkName][] = [
  ['modulus', 'n'],
  ['privateExponent', 'd'],
];

export function iccPublicKey(privateKey: KeyObject): RsaPublicKey {
  const jwk = privateKey.export({ format: 'jwk' });
  return { modulus: Buffer.from(jwk.n!, 'base64url'), exponent: Buffer.from(jwk.e!, 'base64url') };
}

/**
 * An ICC private key as its CRT components, each encrypted under the KEK with TDES-ECB. Each
 * component is first written on half the modulus length (rounded up), so a card loads fixed-size
 * values, then padded as componentsUnderKek says.
 */
export function crtComponentsUnderKek(
  backend: HsmBackend,
  kekRef: string,
  privateKey: KeyObject,
): Promise<Record<CrtComponentName, string>> {
  return componentsUnderKek(backend, kekRef, privateKey, crtComponents, (modulusLength) =>
    Math.ceil(modulusLength / 2),
  );
}

/**
 * An ICC private key as modulus and private exponent (EMV CPS v1.1 Annex A), each written on the
 * modulus length, then padded and encrypted under the KEK exactly as the CRT components are.
 */
export function modulusExponentUnderKek(
  backend: HsmBackend,
  kekRef: string,
  privateKey: KeyObject,
): Promise<Record<ModulusExponentName, string>> {
  return componentsUnderKek(
    backend,
    kekRef,
    privateKey,
    modulusExponentComponents,
    (modulusLength) => modulusLength,
  );
}

/**
 * Each value is written on a fixed length (leading zeros), then padded to a multiple of 8 bytes with
 * ISO/IEC 9797-1 padding method 2 (80 00..), which always adds the 80 byte, so the card finds the end
 * of the value unambiguously. The padded values go to the HSM in one call: ECB encrypts each 8-byte
 * block independently, so the ciphertext splits back into the encrypted values.
 */
async function componentsUnderKek<Name extends string>(
  backend: HsmBackend,
  kekRef: string,
  privateKey: KeyObject,
  components: [Name, JwkName][],
  fixedLength: (modulusLength: number) => number,
): Promise<Record<Name, string>> {
  const jwk = privateKey.export({ format: 'jwk' });
  const componentLength = fixedLength(Buffer.from(jwk.n!, 'base64url').length);
  const clear = components.map(([, jwkName]) => {
    const value = Buffer.from(jwk[jwkName]!, 'base64url');
    if (value.length > componentLength) {
      value.fill(0);
      throw new Error(`ICC private key component is longer than ${componentLength} bytes`);
    }
    const fixed = Buffer.concat([Buffer.alloc(componentLength - value.length), value]);
    value.fill(0);
    const padded = padIso9797(fixed, 2);
    fixed.fill(0);
    return padded;
  });
  const joined = Buffer.concat(clear);
  try {
    const encrypted = await backend.encrypt(kekRef, 'ecb', joined);
    let offset = 0;
    const result = {} as Record<Name, string>;
    for (const [index, [name]] of components.entries()) {
      const length = clear[index]!.length;
      result[name] = toHex(encrypted.subarray(offset, offset + length));
      offset += length;
    }
    return result;
  } finally {
    joined.fill(0);
    for (const value of clear) value.fill(0);
  }
}
