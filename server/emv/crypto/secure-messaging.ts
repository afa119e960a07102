/**
 * EMV issuer-script secure messaging (EMV 4.4 Book 2 section 9): the MAC a script command carries
 * (9.2, integrity and authentication), the encipherment of its data (9.3, confidentiality) and the
 * PIN data of PIN CHANGE/UNBLOCK (EMV 4.4 Book 3 6.5.10). Pure: the HSM bridge derives the card's
 * keys and calls these with them, and a test can call them with clear keys.
 *
 * PIN data are handled as ISO 9564-1 format 2 blocks (control 2, length, PIN, F fill) in buffers the
 * caller zeroes; no message names a PIN.
 */
import { concat, requireLength, xor } from '../bytes';
import { type CommandApdu, encodeCommandApdu } from './command-apdu';
import { tdesCbcEncrypt, tdesEcbEncrypt } from './des';
import { macAlgorithm3, padIso9797 } from './mac';
import { deriveCommonSessionKey, deriveVisaSmSessionKey } from './session-keys';

/**
 * How the card derives its secure-messaging session keys from MK-SMI / MK-SMC:
 * - `emv-csk`: the EMV common session key (EMV 4.4 Book 2 A1.3.1) with R = the application
 *   cryptogram (ARQC) of the transaction the script answers; what the EMV common core definitions
 *   (CCD) and M/Chip cards do;
 * - `visa-sm`: the Visa key, MK xor ATC (session-keys.ts deriveVisaSmSessionKey), for VIS cards.
 */
export type SecureMessagingSessionKeyMethod = 'emv-csk' | 'visa-sm';

/** The transaction a script answers: its ATC (9F36) and its ARQC (9F26). */
export interface ScriptTransaction {
  atc: Uint8Array;
  arqc: Uint8Array;
}

/** A secure-messaging session key (MK-SMI or MK-SMC to SK-SMI or SK-SMC); the caller zeroes it. */
export function deriveSecureMessagingSessionKey(
  iccMasterKey: Uint8Array,
  method: SecureMessagingSessionKeyMethod,
  transaction: ScriptTransaction,
): Buffer {
  requireLength(transaction.atc, [2], 'ATC');
  requireLength(transaction.arqc, [8], 'ARQC');
  if (method === 'emv-csk') return deriveCommonSessionKey(iccMasterKey, transaction.arqc);
  if (method === 'visa-sm') return deriveVisaSmSessionKey(iccMasterKey, transaction.atc);
  throw new RangeError(
    `secure messaging session key method must be "emv-csk" or "visa-sm", got "${String(method)}"`,
  );
}

/**
 * What the script MAC covers besides the command (EMV 4.4 Book 2 9.2.3): `header-atc-arqc-data`
 * puts the ATC and the ARQC between the header and the data, so a script cannot be replayed into
 * another transaction (needed with a session key that does not depend on the ARQC, as Visa's);
 * `header-data` is the command alone, for session keys already derived from the ARQC (`emv-csk`).
 */
export type ScriptMacInput = 'header-atc-arqc-data' | 'header-data';

/** An issuer script command before secure messaging: CLA INS P1 P2 and its (possibly enciphered) data. */
export interface ScriptCommand {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data: Uint8Array;
}

/** Secure-messaging indication in CLA (ISO/IEC 7816-4 5.4.1; EMV 4.4 Book 3 6.3.2: '84', '8C'...). */
const CLA_SECURE_MESSAGING = 0x04;

/**
 * Appends the secure-messaging MAC to a script command (EMV 4.4 Book 2 9.2.1.2 format 2, 9.2.3):
 * CLA gets the secure-messaging bit, Lc counts the data and the MAC, and the MAC is ISO/IEC 9797-1
 * MAC algorithm 3 with padding method 2 under SK-SMI over CLA INS P1 P2 Lc [|| ATC || ARQC] || data,
 * the leftmost `macLength` bytes (4 to 8) of the result. Returns the command APDU, without Le.
 */
export function macScriptCommand(
  skSmi: Uint8Array,
  command: ScriptCommand,
  macInput: ScriptMacInput,
  transaction: ScriptTransaction,
  macLength = 8,
): Buffer {
  requireLength(skSmi, [16], 'SK-SMI');
  if (!Number.isInteger(macLength) || macLength < 4 || macLength > 8) {
    throw new RangeError(`script MAC length must be 4 to 8 bytes, got ${macLength}`);
  }
  const lc = command.data.length + macLength;
  if (lc > 255) {
    throw new RangeError(
      `script command data must be at most ${255 - macLength} bytes with a ${macLength}-byte MAC, got ${command.data.length}`,
    );
  }
  const cla = command.cla | CLA_SECURE_MESSAGING;
  const header = Buffer.from([cla, command.ins, command.p1, command.p2, lc]);
  const binding =
    macInput === 'header-atc-arqc-data'
      ? concat(
          requireTransactionPart(transaction.atc, 2, 'ATC'),
          requireTransactionPart(transaction.arqc, 8, 'ARQC'),
        )
      : Buffer.alloc(0);
  const mac = macAlgorithm3(skSmi, concat(header, binding, command.data), 2).subarray(0, macLength);
  const apdu: CommandApdu = { ...command, cla, data: concat(command.data, mac), le: null };
  return encodeCommandApdu(apdu);
}

function requireTransactionPart(value: Uint8Array, length: number, name: string): Uint8Array {
  requireLength(value, [length], name);
  return value;
}

/**
 * The PIN data of PIN CHANGE/UNBLOCK and how they are enciphered under SK-SMC (EMV 4.4 Book 2 9.3,
 * format 2: the whole data field enciphered):
 * - `emv`: the new PIN as an ISO 9564-1 format 2 block, padded (ISO/IEC 9797-1 method 2, always)
 *   and TDES-CBC enciphered with a zero ICV, 16 bytes (the CCD form);
 * - `mastercard`: the same block TDES-CBC enciphered without padding, 8 bytes (M/Chip);
 * - `visa`: the VIS PIN block, new PIN (and the current PIN for a change with current PIN) XOR the
 *   rightmost 4 bytes of the ICC's MK-AC key A; then its length byte 08 is prefixed, padding
 *   method 2 added and the 16 bytes TDES-ECB enciphered.
 * Only `visa` binds a current PIN; the other two are PIN change without current PIN.
 */
export type PinChangeEncipherment = 'emv' | 'mastercard' | 'visa';

function nibble(block: Uint8Array, index: number): number {
  const byte = block[index >> 1]!;
  return index % 2 === 0 ? byte >> 4 : byte & 0x0f;
}

/** PIN length of an ISO 9564-1 format 2 block (its second nibble), checked to be 4 to 12. */
function iso2PinLength(block: Uint8Array, name: string): number {
  requireLength(block, [8], name);
  const length = nibble(block, 1);
  if (nibble(block, 0) !== 2 || length < 4 || length > 12) {
    throw new RangeError(`${name} is not an ISO 9564-1 format 2 PIN block`);
  }
  return length;
}

/**
 * The VIS PIN block (Visa Integrated Circuit Card Specification C.11): block A is 00 00 00 00 ||
 * the rightmost 4 bytes of key A (the left half) of the ICC's MK-AC; block B is 0 || N || new PIN
 * || F fill (the format 2 block with control nibble 0); block C, with a current PIN, is that PIN
 * left-justified with 0 fill. The PIN block is A xor B [xor C].
 */
export function visPinBlock(iccMkAc: Uint8Array, newPin: Uint8Array, currentPin: Uint8Array | null): Buffer {
  requireLength(iccMkAc, [16], 'ICC MK-AC');
  iso2PinLength(newPin, 'new PIN block');
  const blockA = concat(Buffer.alloc(4), iccMkAc.subarray(4, 8));
  const blockB = Buffer.from(newPin);
  blockB[0] = blockB[0]! & 0x0f;
  let pinBlock = xor(blockA, blockB);
  blockB.fill(0);
  if (currentPin) {
    const length = iso2PinLength(currentPin, 'current PIN block');
    const blockC = Buffer.alloc(8);
    for (let i = 0; i < length; i++) {
      const digit = nibble(currentPin, 2 + i);
      blockC[i >> 1] = blockC[i >> 1]! | (i % 2 === 0 ? digit << 4 : digit);
    }
    const withCurrent = xor(pinBlock, blockC);
    pinBlock.fill(0);
    blockC.fill(0);
    pinBlock = withCurrent;
  }
  return pinBlock;
}

/** The PIN data for a PIN change (see PinChangeEncipherment), enciphered under SK-SMC. */
export function encipherPinChangeData(
  skSmc: Uint8Array,
  encipherment: PinChangeEncipherment,
  newPin: Uint8Array,
  options: { currentPin?: Uint8Array | null; iccMkAc?: Uint8Array | null } = {},
): Buffer {
  requireLength(skSmc, [16], 'SK-SMC');
  iso2PinLength(newPin, 'new PIN block');
  if (encipherment === 'visa') {
    if (!options.iccMkAc) throw new RangeError('the visa PIN block needs the ICC MK-AC');
    const pinBlock = visPinBlock(options.iccMkAc, newPin, options.currentPin ?? null);
    const plain = padIso9797(concat(Buffer.from([pinBlock.length]), pinBlock), 2);
    try {
      return tdesEcbEncrypt(skSmc, plain);
    } finally {
      pinBlock.fill(0);
      plain.fill(0);
    }
  }
  if (options.currentPin) {
    throw new RangeError(`the ${encipherment} PIN data cannot carry the current PIN; use the visa form`);
  }
  if (encipherment === 'mastercard') return tdesCbcEncrypt(skSmc, newPin);
  if (encipherment === 'emv') {
    const plain = padIso9797(newPin, 2);
    try {
      return tdesCbcEncrypt(skSmc, plain);
    } finally {
      plain.fill(0);
    }
  }
  throw new RangeError(
    `PIN change encipherment must be "emv", "mastercard" or "visa", got "${String(encipherment)}"`,
  );
}

/** PIN CHANGE/UNBLOCK P2 (EMV 4.4 Book 3 6.5.10.2): 01 with the current PIN, 02 without. */
export function pinChangeP2(withCurrentPin: boolean): number {
  return withCurrentPin ? 0x01 : 0x02;
}
