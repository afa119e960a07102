/**
 * The one MAC of the bureau files: ISO/IEC 9797-1:2011 MAC algorithm 1 (CBC-MAC, IV zero, no output
 * transformation) with TDES under the job's double-length MAC key (K1 K2 K1), padding method 3 (a
 * first block holding the data's length in bits, then zeros to a whole block), all 8 bytes kept.
 *
 * Padding method 3 is what makes a CBC-MAC safe over messages of different lengths: no padded input
 * is a prefix of another, so MACs of two applications cannot be spliced into a third (ISO/IEC
 * 9797-1:2011 Annex B). The HSM computes the same value with the key inside it
 * (hsm-bridge/src/ops/bureau-output/mac-output-data.ts); this is the bureau's side, with a clear key.
 */
import { timingSafeEqual } from 'node:crypto';
import { requireLength } from '../emv/bytes';
import { macAlgorithm1 } from '../emv/crypto/mac';

export const bureauMacLength = 8;

export function bureauMac(macKey: Uint8Array, input: Uint8Array): Buffer {
  requireLength(macKey, [16], 'bureau MAC key');
  return macAlgorithm1(macKey, input, 3);
}

/** Compares in constant time; a MAC of the wrong length or not hex never matches. */
export function bureauMacMatches(macKey: Uint8Array, input: Uint8Array, macHex: string): boolean {
  if (!/^[0-9A-F]{16}$/.test(macHex)) return false;
  return timingSafeEqual(bureauMac(macKey, input), Buffer.from(macHex, 'hex'));
}
