/**
 * Status words the virtual card answers with and their meanings (ISO/IEC 7816-4:2020 5.6, EMV 4.4
 * Book 3 6.3.5 and Book 1 11, GP Card Spec 2.3 11.1.3). One table, read by the card, the
 * personalization driver and the terminal, so a transcript always names a status word the same way.
 */

export const SW = {
  ok: 0x9000,
  /** Book 3 6.5.4: issuer authentication failed (EXTERNAL AUTHENTICATE); GP: host cryptogram wrong. */
  authenticationFailed: 0x6300,
  wrongLength: 0x6700,
  securityStatusNotSatisfied: 0x6982,
  authenticationMethodBlocked: 0x6983,
  conditionsOfUseNotSatisfied: 0x6985,
  incorrectData: 0x6a80,
  functionNotSupported: 0x6a81,
  fileNotFound: 0x6a82,
  recordNotFound: 0x6a83,
  incorrectP1P2: 0x6a86,
  referencedDataNotFound: 0x6a88,
  insNotSupported: 0x6d00,
  claNotSupported: 0x6e00,
} as const;

const MEANINGS: Readonly<Record<number, string>> = {
  [SW.ok]: 'success',
  [SW.authenticationFailed]: 'authentication failed',
  [SW.wrongLength]: 'wrong length',
  [SW.securityStatusNotSatisfied]: 'security status not satisfied',
  [SW.authenticationMethodBlocked]: 'authentication method blocked',
  [SW.conditionsOfUseNotSatisfied]: 'conditions of use not satisfied',
  [SW.incorrectData]: 'incorrect parameters in the data field',
  [SW.functionNotSupported]: 'function not supported',
  [SW.fileNotFound]: 'file or application not found',
  [SW.recordNotFound]: 'record not found',
  [SW.incorrectP1P2]: 'incorrect parameters P1-P2',
  [SW.referencedDataNotFound]: 'referenced data not found',
  [SW.insNotSupported]: 'instruction not supported',
  [SW.claNotSupported]: 'class not supported',
};

export function swHex(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}

/** "6A80 (incorrect parameters in the data field)"; 63Cx names the tries left (ISO 7816-4 5.6). */
export function describeStatusWord(sw: number): string {
  if ((sw & 0xfff0) === 0x63c0) return `${swHex(sw)} (verification failed, ${sw & 0x0f} tries left)`;
  const meaning = MEANINGS[sw];
  return meaning ? `${swHex(sw)} (${meaning})` : swHex(sw);
}

/** The status word of a response APDU (its last two bytes). */
export function statusWordOf(response: Uint8Array): number {
  if (response.length < 2)
    throw new RangeError(`response APDU must be at least 2 bytes, got ${response.length}`);
  return (response[response.length - 2]! << 8) | response[response.length - 1]!;
}

/** Response data without the status word. */
export function responseDataOf(response: Uint8Array): Buffer {
  return Buffer.from(response.subarray(0, Math.max(0, response.length - 2)));
}

export function encodeResponse(data: Uint8Array, sw: number): Buffer {
  return Buffer.concat([Buffer.from(data), Buffer.from([sw >> 8, sw & 0xff])]);
}
