/**
 * Application cryptograms (ARQC, TC, AAC) and the issuer's response cryptogram (ARPC),
 * EMV 4.4 Book 2 8.1 and 8.2.
 */
import { concat, requireLength, xor } from '../bytes';
import { tdesEcbEncrypt } from './des';
import { macAlgorithm3 } from './mac';

/** Padding of the cryptogram input: 1 for Visa CVN 10/18 style (00), 2 for EMV CSK and M/Chip (80 00..). */
export type CryptogramPadding = 1 | 2;

/**
 * Application cryptogram (EMV 4.4 Book 2 8.1.2): ISO/IEC 9797-1 MAC algorithm 3 under the AC
 * session key (or, for Visa CVN 10, the ICC master key itself) over the CDOL data.
 */
export function computeApplicationCryptogram(
  key: Uint8Array,
  data: Uint8Array,
  padding: CryptogramPadding = 2,
): Buffer {
  requireLength(key, [16], 'application cryptogram key');
  if (padding !== 1 && padding !== 2) {
    throw new RangeError(`application cryptogram padding must be 1 or 2, got ${String(padding)}`);
  }
  return macAlgorithm3(key, data, padding);
}

/**
 * ARPC method 1 (EMV 4.4 Book 2 8.2.1): DES3(key)[ARQC xor (ARC || 00*6)]. The key is the AC
 * session key in EMV CSK flows and the ICC master key for Visa CVN 10 and M/Chip.
 */
export function computeArpcMethod1(key: Uint8Array, arqc: Uint8Array, arc: Uint8Array): Buffer {
  requireLength(key, [16], 'ARPC key');
  requireLength(arqc, [8], 'ARQC');
  requireLength(arc, [2], 'authorisation response code');
  return tdesEcbEncrypt(key, xor(arqc, concat(arc, Buffer.alloc(6))));
}

/**
 * ARPC method 2 (EMV 4.4 Book 2 8.2.2): the leftmost 4 bytes of MAC algorithm 3 with padding
 * method 2 over ARQC || CSU || proprietary authentication data (0 to 8 bytes).
 */
export function computeArpcMethod2(
  key: Uint8Array,
  arqc: Uint8Array,
  csu: Uint8Array,
  proprietaryAuthenticationData: Uint8Array = Buffer.alloc(0),
): Buffer {
  requireLength(key, [16], 'ARPC key');
  requireLength(arqc, [8], 'ARQC');
  requireLength(csu, [4], 'card status update');
  if (proprietaryAuthenticationData.length > 8) {
    throw new RangeError(
      `proprietary authentication data must be 0 to 8 bytes, got ${proprietaryAuthenticationData.length}`,
    );
  }
  return macAlgorithm3(key, concat(arqc, csu, proprietaryAuthenticationData), 2).subarray(0, 4);
}
