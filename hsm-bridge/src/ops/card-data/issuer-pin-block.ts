import { xor } from '../../../../server/emv/bytes';
import { panFieldIso4 } from '../../../../server/emv/crypto/pin-block';
import {
  iso2PinBlockFromPinField,
  type IssuerPinBlockFormat,
  pinFieldOfIso0Or3Block,
} from '../../../../server/emv/crypto/pin-translation';
import type { HsmBackend, KeyAttributes } from '../../backends/backend';
import { isAes, isTdes } from '../../backends/key-lengths';
import { BridgeError } from '../../bridge-error';
import { requireKeyForPurpose } from '../../key-usage';

/** The issuer's PIN key (usage P0), of the algorithm the PIN block format needs. */
export async function requireIssuerPinKey(
  backend: HsmBackend,
  keyRef: string,
  format: IssuerPinBlockFormat,
  purpose: string,
): Promise<KeyAttributes> {
  const pinKey = await requireKeyForPurpose(backend, keyRef, ['P0'], purpose);
  const aes = format === 4;
  if (aes ? !isAes(pinKey.algorithm) : !isTdes(pinKey.algorithm)) {
    throw new BridgeError(
      'BAD_REQUEST',
      aes ? 'format 4 PIN blocks need an AES PIN key' : 'format 0 and 3 PIN blocks need a TDES PIN key',
    );
  }
  return pinKey;
}

/** Bytes of an enciphered issuer PIN block: 8 for formats 0 and 3, 16 for format 4. */
export function issuerPinBlockLength(format: IssuerPinBlockFormat): number {
  return format === 4 ? 16 : 8;
}

/**
 * The plain-text PIN field of an issuer PIN block, deciphered with the PIN key inside the HSM:
 * formats 0 and 3 (ISO 9564-1:2017 9.3.1, 9.3.4) are TDES-ECB then XOR the PAN field; format 4
 * (9.3.5) is AES-D(K, AES-D(K, block) XOR PAN field).
 */
async function decipherPinField(
  backend: HsmBackend,
  pinKey: KeyAttributes,
  format: IssuerPinBlockFormat,
  pinBlock: Buffer,
  pan: string,
): Promise<Buffer> {
  const first = await backend.decrypt(pinKey.keyRef, 'ecb', pinBlock);
  try {
    if (format !== 4) return pinFieldOfIso0Or3Block(first, pan);
    const intermediate = xor(first, panFieldIso4(pan));
    try {
      return await backend.decrypt(pinKey.keyRef, 'ecb', intermediate);
    } finally {
      intermediate.fill(0);
    }
  } finally {
    first.fill(0);
  }
}

/**
 * An issuer PIN block as the clear ISO 9564-1 format 2 block (control 2, length, PIN, F fill) inside
 * the bridge, checked on the way (pin-translation.ts: PinBlockRefused when the block does not hold a
 * PIN bound to this PAN). The caller zeroes the result.
 */
export async function issuerPinBlockToIso2(
  backend: HsmBackend,
  pinKey: KeyAttributes,
  format: IssuerPinBlockFormat,
  pinBlock: Buffer,
  pan: string,
): Promise<Buffer> {
  const pinField = await decipherPinField(backend, pinKey, format, pinBlock, pan);
  try {
    return iso2PinBlockFromPinField(pinField, format);
  } finally {
    pinField.fill(0);
  }
}
