import { modesOfUse, type KeyBlockVersion } from '../../../../server/emv/key-blocks/header';
import { keyUsageNames, type KeyUsage, type SymmetricAlgorithm } from '../../../../server/emv/hsm-commands';
import type { KeyAttributes } from '../../backends/backend';
import { isAes, isTdes, keyLength } from '../../backends/key-lengths';

/**
 * How the workbench's usages travel in TR-31 headers. `exported` is the mode of use a block we build
 * carries; `accepted` are the modes an imported block may carry: each must allow everything the
 * workbench does with a key of that usage (pkcs11/key-templates.ts usageCapabilities), N always does.
 */
export interface UsageInKeyBlocks {
  exported: string;
  accepted: readonly string[];
  /** What the workbench does with such a key, for the refusal message. */
  needs: string;
}

const derivation: UsageInKeyBlocks = { exported: 'X', accepted: ['X', 'N'], needs: 'derive card keys' };
const encryptDecrypt: UsageInKeyBlocks = {
  exported: 'B',
  accepted: ['B', 'N'],
  needs: 'encrypt and decrypt',
};
const mac: UsageInKeyBlocks = { exported: 'C', accepted: ['C', 'G', 'N'], needs: 'generate MACs' };

export const exchangedUsages: Partial<Record<KeyUsage, UsageInKeyBlocks>> = {
  E0: derivation,
  E1: derivation,
  E2: derivation,
  E4: derivation,
  E5: derivation,
  E6: derivation,
  // A KEK is shared with the party that decrypts what we encrypt: B, as TR-31 blocks carry KEKs. The
  // HSM decrypts under it too, playing that party in validation on a virtual card, so E is refused.
  K0: {
    exported: 'B',
    accepted: ['B', 'N'],
    needs: 'encrypt keys for transport and decrypt the bureau data in validation on a virtual card',
  },
  K1: encryptDecrypt,
  P0: encryptDecrypt,
  D0: encryptDecrypt,
  C0: mac,
  // TR-31 V2 (Visa PVV): the HSM only encrypts a TSP under it; C (generate and verify) says so.
  V2: { exported: 'C', accepted: ['C', 'G', 'N'], needs: 'compute PIN verification values' },
  M0: mac,
  M1: mac,
  M3: mac,
  M6: mac,
};

/** The usages that never travel in a key block, and why. */
export const neverExchanged: Partial<Record<KeyUsage, string>> = {
  S0: 'an S0 key is the issuer RSA private key: it never leaves the HSM and does not travel in a TR-31 key block',
  M7: 'an M7 key is the audit chain HMAC key: it is generated in the HSM and never leaves it',
};

/** What a mode of use lets a key do in this HSM, to check `accepted` against usageCapabilities. */
export const modeAllows: Record<string, { encrypt: boolean; decrypt: boolean }> = {
  B: { encrypt: true, decrypt: true },
  C: { encrypt: true, decrypt: false },
  D: { encrypt: false, decrypt: true },
  E: { encrypt: true, decrypt: false },
  G: { encrypt: true, decrypt: false },
  N: { encrypt: true, decrypt: true },
  X: { encrypt: true, decrypt: false },
};

export function describeMode(mode: string): string {
  return `${mode} (${modesOfUse[mode] ?? 'unknown'})`;
}

export function describeUsage(usage: KeyUsage): string {
  return `${usage} (${keyUsageNames[usage]})`;
}

/** The header algorithm letter of a workbench key (X9.143 table 7). */
export function keyBlockAlgorithm(algorithm: SymmetricAlgorithm): 'T' | 'A' {
  if (isTdes(algorithm)) return 'T';
  if (isAes(algorithm)) return 'A';
  throw new Error(`a ${algorithm} key does not travel in a key block`);
}

/** Why a key of this header algorithm cannot be stored, or null for T and A. */
export function unsupportedAlgorithm(letter: string): string | null {
  return letter === 'T' || letter === 'A'
    ? null
    : `key block algorithm ${letter} is not one the workbench stores: only T (TDES) and A (AES)`;
}

/** The workbench algorithm of a key read from a block (header letter, key length), or why it cannot be stored. */
export function workbenchAlgorithm(
  letter: string,
  length: number,
): { algorithm: SymmetricAlgorithm } | { refusal: string } {
  const byLength: Record<string, Record<number, SymmetricAlgorithm>> = {
    T: { 16: 'TDES2', 24: 'TDES3' },
    A: { 16: 'AES128', 24: 'AES192', 32: 'AES256' },
  };
  const algorithm = byLength[letter]?.[length];
  if (algorithm) return { algorithm };
  const unsupported = unsupportedAlgorithm(letter);
  if (unsupported) return { refusal: unsupported };
  return {
    refusal:
      letter === 'T'
        ? `the key block holds a ${length}-byte TDES key: the workbench stores double- and triple-length TDES keys only`
        : `the key block holds a ${length}-byte AES key: AES keys are 16, 24 or 32 bytes`,
  };
}

/** A version B KBPK must be TDES, a version D KBPK AES. */
export function kbpkMismatch(kbpk: KeyAttributes, version: KeyBlockVersion): string | null {
  if (version === 'B' && !isTdes(kbpk.algorithm)) {
    return `a version B key block needs a TDES KBPK, and key ${kbpk.keyRef} is ${kbpk.algorithm}: use version D`;
  }
  if (version === 'D' && !isAes(kbpk.algorithm)) {
    return `a version D key block needs an AES KBPK, and key ${kbpk.keyRef} is ${kbpk.algorithm}: use version B`;
  }
  return null;
}

/**
 * ANSI X9.24-1: a key is protected only by a key at least as strong. Version B carries TDES keys, no
 * longer than the KBPK; version D carries TDES keys and AES keys no longer than the KBPK.
 */
export function weakerProtection(
  kbpkAlgorithm: SymmetricAlgorithm | 'RSA',
  keyAlgorithm: SymmetricAlgorithm,
  version: KeyBlockVersion,
): string | null {
  if (kbpkAlgorithm === 'RSA') return `an RSA key cannot protect a key block`;
  if (version === 'B' && !isTdes(keyAlgorithm)) {
    return `a version B key block (TDES KBPK) carries only TDES keys, and this key is ${keyAlgorithm}: use version D`;
  }
  const tdesUnderAes = version === 'D' && isTdes(keyAlgorithm);
  if (!tdesUnderAes && keyLength[keyAlgorithm] > keyLength[kbpkAlgorithm]) {
    return `a ${keyAlgorithm} key cannot be protected by a shorter ${kbpkAlgorithm} KBPK (ANSI X9.24-1): use a longer KBPK`;
  }
  return null;
}
