/**
 * Encryption of secret DGIs in STORE DATA (EMV CPS v1.1 section 4.3.5 and Annex A, "encrypted DGIs").
 *
 * SCP02: CPS encrypts the DGI data field with the session DEK (GP Card Spec 2.3 E.4.1, derivation
 * constant 0181) in TDES-ECB, without padding: every CPS secret (keys, PIN block, CRT components
 * padded with 80 00..) is already a whole number of 8-byte blocks.
 *
 * SCP03: GP Amendment D has no session DEK (6.2.1: the static DEK protects sensitive data) and CPS
 * v1.1 predates AES. This core chooses AES-CBC with a zero ICV under the static DEK, as PUT KEY does
 * for SCP03 keys, after ISO/IEC 9797-1 padding method 2 is always added (so a receiver strips it
 * unambiguously, whatever the clear length).
 */
import { requireLength } from '../bytes';
import { aesCbcDecrypt, aesCbcEncrypt, tdesEcbDecrypt, tdesEcbEncrypt } from '../crypto/des';
import { padIso9797, removePaddingMethod2 } from '../crypto/mac';

export type ScpProtocol = 'SCP02' | 'SCP03';

/** Encrypts a secret DGI's clear data for the card (the personalization device's side). */
export function encryptDgiData(protocol: ScpProtocol, dek: Uint8Array, clear: Uint8Array): Buffer {
  if (protocol === 'SCP02') {
    requireLength(dek, [16], 'SCP02 session DEK');
    if (clear.length === 0 || clear.length % 8 !== 0) {
      throw new RangeError(`encrypted DGI data must be a whole number of 8-byte blocks, got ${clear.length}`);
    }
    return tdesEcbEncrypt(dek, clear);
  }
  requireLength(dek, [16, 24, 32], 'SCP03 DEK');
  return aesCbcEncrypt(dek, padIso9797(clear, 2, 16));
}

/**
 * Decrypts a secret DGI's data field (the card's side). Returns an error message, not an exception:
 * the card answers it with a status word.
 */
export function decryptDgiData(
  protocol: ScpProtocol,
  dek: Uint8Array,
  data: Uint8Array,
): { ok: true; clear: Buffer } | { ok: false; reason: string } {
  const block = protocol === 'SCP02' ? 8 : 16;
  if (data.length === 0 || data.length % block !== 0) {
    return {
      ok: false,
      reason: `encrypted data is ${data.length} bytes, not a whole number of ${block}-byte blocks`,
    };
  }
  if (protocol === 'SCP02') return { ok: true, clear: tdesEcbDecrypt(dek, data) };
  try {
    return { ok: true, clear: removePaddingMethod2(aesCbcDecrypt(dek, data)) };
  } catch {
    return { ok: false, reason: 'decrypted data does not end with 80 00.. padding: wrong DEK?' };
  }
}
