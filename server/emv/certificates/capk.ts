/**
 * Certification authority public keys as the schemes publish them (EMV 4.4 Book 2 section 11.2.2:
 * the CA Public Key Check Sum lets a terminal or a key ceremony confirm a key was entered without
 * error).
 */

import { requireLength } from '../bytes';
import { sha1 } from './common';

export interface CaPublicKey {
  /** Registered Application Provider Identifier, 5 bytes. */
  rid: Uint8Array;
  /** Certification Authority Public Key Index (tag 8F), 1 byte. */
  index: Uint8Array;
  modulus: Uint8Array;
  exponent: Uint8Array;
}

/** SHA-1 over RID || index || modulus || exponent (Book 2 11.2.2, CA Public Key Check Sum). */
export function caPublicKeyChecksum(key: CaPublicKey): Buffer {
  requireLength(key.rid, [5], 'RID');
  requireLength(key.index, [1], 'CA public key index');
  requireLength(key.exponent, [1, 3], 'CA public key exponent');
  if (key.modulus.length === 0) throw new RangeError('CA public key modulus must not be empty');
  return sha1(key.rid, key.index, key.modulus, key.exponent);
}
