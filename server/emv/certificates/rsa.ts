/**
 * Raw RSA (no padding) on BigInt, as EMV uses it: the certificate formats carry their own header,
 * padding and trailer, so the cipher is a bare modular exponentiation (EMV 4.4 Book 2 Annex A2.1).
 * Private operations take the private exponent alone because that is how keys are handed to the
 * workbench for test cards; production signing happens in the HSM, not here.
 */

import { CertificateError } from './errors';

export interface RsaPublicKey {
  modulus: Uint8Array;
  exponent: Uint8Array;
}

export interface RsaPrivateKey {
  modulus: Uint8Array;
  privateExponent: Uint8Array;
}

/** Big-endian unsigned integer (Book 2 A2.1 treats the block as one big-endian number). */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
}

/** Big-endian encoding left-padded to `length` bytes, so results keep the modulus length. */
export function bigIntToBytes(value: bigint, length: number): Buffer {
  const hex = value.toString(16);
  if (hex.length > length * 2) {
    throw new RangeError(`integer does not fit in ${length} bytes`);
  }
  return Buffer.from(hex.padStart(length * 2, '0'), 'hex');
}

/** Square-and-multiply; BigInt has no built-in modular exponentiation. */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  if (modulus === 1n) return 0n;
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    e >>= 1n;
    b = (b * b) % modulus;
  }
  return result;
}

function checkedOperation(
  input: Uint8Array,
  modulus: Uint8Array,
  exponent: Uint8Array,
  name: string,
  keyName: string,
): Buffer {
  if (modulus.length === 0 || modulus[0] === 0) {
    throw new RangeError(`${keyName} modulus must not be empty or start with a zero byte`);
  }
  // Book 2 5.3 step 1 / 6.4 step 1: the block is exactly as long as the key's modulus.
  if (input.length !== modulus.length) {
    throw new CertificateError(
      'length',
      `${name} is ${input.length} bytes, but the ${keyName} modulus is ${modulus.length} bytes`,
    );
  }
  const n = bytesToBigInt(modulus);
  const x = bytesToBigInt(input);
  if (x >= n) {
    throw new CertificateError('value-range', `${name} is not smaller than the ${keyName} modulus`);
  }
  return bigIntToBytes(modPow(x, bytesToBigInt(exponent), n), modulus.length);
}

/** Recovers the data of a signed block with the public key (Book 2 A2.1, the verifier's side). */
export function rsaRecover(
  signature: Uint8Array,
  key: RsaPublicKey,
  name = 'signature',
  keyName = 'public key',
): Buffer {
  return checkedOperation(signature, key.modulus, key.exponent, name, keyName);
}

/** Signs a block that already has the EMV header, padding and trailer (Book 2 A2.1, signer's side). */
export function rsaSign(
  data: Uint8Array,
  key: RsaPrivateKey,
  name = 'data to sign',
  keyName = 'private key',
): Buffer {
  return checkedOperation(data, key.modulus, key.privateExponent, name, keyName);
}
