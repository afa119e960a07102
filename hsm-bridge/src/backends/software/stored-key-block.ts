import type { KeyUsage, SymmetricAlgorithm } from '../../../../server/emv/hsm-commands';
import {
  buildKeyBlockHeader,
  KeyBlockError,
  type KeyBlockHeader,
} from '../../../../server/emv/key-blocks/header';
import {
  openKeyBlock,
  parseKeyBlock,
  sealKeyBlock,
  type KeyBlockKeys,
} from '../../../../server/emv/key-blocks/tr31';
import { isAes, isTdes, keyLength } from '../key-lengths';

/** What the store knows of a secret key besides its value; the key reference is the entry's name. */
export interface StoredSecretKeyAttributes {
  algorithm: SymmetricAlgorithm;
  usage: KeyUsage;
  exportable?: true;
}

/**
 * The mode of use (X9.143 table 8) a stored key's header carries: what this HSM does with a key of
 * the usage (pkcs11/key-templates.ts usageCapabilities). Issuer master keys derive card keys, a
 * transport KEK encrypts, KBPK, PIN and data keys encrypt and decrypt, CVKs and MAC keys compute
 * MACs (a CVV is one), S0 only signs. A KEK also decrypts, but only for validation on a virtual card
 * (key-usage.ts); its header stays E, since openStoredKey refuses a header other than the one it
 * wrote, and every K0 key already stored says E.
 */
const storedModeOfUse: Record<KeyUsage, string> = {
  E0: 'X',
  E1: 'X',
  E2: 'X',
  E4: 'X',
  E5: 'X',
  E6: 'X',
  K0: 'E',
  K1: 'B',
  P0: 'B',
  C0: 'C',
  V2: 'C',
  M0: 'C',
  M1: 'C',
  M3: 'C',
  M6: 'C',
  M7: 'C',
  S0: 'S',
  D0: 'B',
};

/**
 * Optional block ID of the key reference: an ID beginning with a digit is for proprietary use
 * (TR-31:2018 A.5.6). It binds the block to its entry, so a block copied onto another entry of the
 * same usage does not open.
 */
const keyReferenceBlockId = '01';
/** HM optional block, SHA-256 (TR-31:2018 A.5.9): an HMAC key's block names its hash. */
const hmacSha256Block = { id: 'HM', data: '21' };

function algorithmLetter(algorithm: SymmetricAlgorithm): string {
  if (isTdes(algorithm)) return 'T';
  if (isAes(algorithm)) return 'A';
  return 'H';
}

/**
 * The header of a stored key: version D (the LMK is an AES-256 KBPK), the key's usage, algorithm and
 * mode of use, exportability E for a key created exportable under a KEK and N otherwise, the key
 * reference and, for an HMAC key, its hash.
 */
export function storedKeyBlockHeader(keyRef: string, entry: StoredSecretKeyAttributes): KeyBlockHeader {
  return {
    version: 'D',
    usage: entry.usage,
    algorithm: algorithmLetter(entry.algorithm),
    modeOfUse: storedModeOfUse[entry.usage],
    keyVersion: '00',
    exportability: entry.exportable ? 'E' : 'N',
    reserved: '00',
    optionalBlocks: [
      { id: keyReferenceBlockId, data: keyRef },
      ...(entry.algorithm === 'HMAC256' ? [hmacSha256Block] : []),
    ],
  };
}

export function sealStoredKey(
  keyRef: string,
  entry: StoredSecretKeyAttributes,
  value: Buffer,
  lmkBlockKeys: KeyBlockKeys,
): string {
  return sealKeyBlock(storedKeyBlockHeader(keyRef, entry), value, lmkBlockKeys);
}

/**
 * The clear value of a stored key. The block's header must be exactly the one the store writes for
 * its entry (reference, usage, algorithm, mode, exportability), its MAC must verify under the LMK and
 * its key must have the entry's length; anything else means the store or the LMK file was altered.
 * Errors are plain Errors, never KeyBlockError: they are the HSM's failure, not the caller's data.
 */
export function openStoredKey(
  keyRef: string,
  entry: StoredSecretKeyAttributes,
  keyBlock: string,
  lmkBlockKeys: KeyBlockKeys,
): Buffer {
  const where = `key ${keyRef} in the software key store`;
  const altered = 'the key store file or its local master key has been altered; restore both from a backup';
  try {
    const block = parseKeyBlock(keyBlock);
    const expected = buildKeyBlockHeader(storedKeyBlockHeader(keyRef, entry), keyBlock.length);
    if (block.headerText !== expected) {
      throw new Error(
        `${where}: its key block header ${block.headerText} does not match the entry (usage ${entry.usage}, ${entry.algorithm}): ${altered}`,
      );
    }
    const { key, pad } = openKeyBlock(block, lmkBlockKeys);
    pad.fill(0);
    if (key.length !== keyLength[entry.algorithm]) {
      key.fill(0);
      throw new Error(
        `${where}: its key block holds ${key.length} bytes, not a ${entry.algorithm} key: ${altered}`,
      );
    }
    return key;
  } catch (error) {
    if (error instanceof KeyBlockError)
      throw new Error(`${where}: ${error.message}: ${altered}`, { cause: error });
    throw error;
  }
}
