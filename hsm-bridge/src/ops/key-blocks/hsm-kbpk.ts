import { xor } from '../../../../server/emv/bytes';
import { padIso9797 } from '../../../../server/emv/crypto/mac';
import { keyBlockCipherBlock, type KeyBlockVersion } from '../../../../server/emv/key-blocks/header';
import {
  assembleKeyBlockKeys,
  keyBlockKeyDerivationInputs,
  type KeyBlockKeys,
} from '../../../../server/emv/key-blocks/tr31';
import type { HsmBackend, KeyAttributes } from '../../backends/backend';
import { keyLength } from '../../backends/key-lengths';

/** Doubling in GF(2^n) for the CMAC subkeys (NIST SP 800-38B 6.1): Rb = 0x1B for 64-bit blocks, 0x87 for 128. */
function doubleBlock(block: Buffer): Buffer {
  const out = Buffer.alloc(block.length);
  for (let i = 0; i < block.length; i++) {
    out[i] = ((block[i]! << 1) & 0xff) | (i + 1 < block.length ? block[i + 1]! >> 7 : 0);
  }
  if (block[0]! & 0x80) out[block.length - 1]! ^= block.length === 16 ? 0x87 : 0x1b;
  return out;
}

/**
 * KBEK and KBAK of a KBPK that stays in the HSM (TR-31:2018 5.3.2): each derivation input is one
 * 8-byte message, so its CMAC (SP 800-38B 6.2) is one encryption with the KBPK of the message XOR
 * K1 (TDES: a complete block) or of the padded message XOR K2 (AES). Only the KBPK's encrypt
 * primitive is used; the derived keys live in the bridge for one call and the caller wipes them.
 */
export async function deriveKeyBlockKeysInHsm(
  backend: HsmBackend,
  kbpk: KeyAttributes,
  version: KeyBlockVersion,
): Promise<KeyBlockKeys> {
  const length = keyLength[kbpk.algorithm as keyof typeof keyLength];
  const inputs = keyBlockKeyDerivationInputs(version, length);
  const blockSize = keyBlockCipherBlock[version];
  const k1 = doubleBlock(await backend.encrypt(kbpk.keyRef, 'ecb', Buffer.alloc(blockSize)));
  const k2 = doubleBlock(k1);
  const cmac = (message: Buffer) =>
    backend.encrypt(
      kbpk.keyRef,
      'ecb',
      message.length === blockSize ? xor(message, k1) : xor(padIso9797(message, 2, blockSize), k2),
    );
  try {
    return assembleKeyBlockKeys(length, {
      kbek: await Promise.all(inputs.kbek.map(cmac)),
      kbak: await Promise.all(inputs.kbak.map(cmac)),
    });
  } finally {
    k1.fill(0);
    k2.fill(0);
  }
}

export function wipeKeyBlockKeys(keys: KeyBlockKeys): void {
  keys.kbek.fill(0);
  keys.kbak.fill(0);
}
