/**
 * GlobalPlatform Secure Channel Protocol 03 (GP Card Spec 2.2 Amendment D) as pure state
 * transitions for both ends: the host wraps commands and unwraps responses, the card the reverse.
 */
import { concat, requireLength } from '../bytes';
import { type CommandApdu, encodeCommandApdu, parseCommandApdu } from './command-apdu';
import { aesCbcDecrypt, aesCbcEncrypt, aesEcbEncrypt } from './des';
import { aesCmac, padIso9797, removePaddingMethod2 } from './mac';
import {
  SCP03_DERIVATION_CONSTANT,
  type Scp03SessionKeys,
  type Scp03StaticKeys,
  deriveScp03SessionKeys,
  scp03Kdf,
} from './scp03-kdf';

/** Security level bits of EXTERNAL AUTHENTICATE P1 (GP Amendment D 7.1.2.1). */
export const SCP03_SECURITY_LEVEL = { cMac: 0x01, cDecryption: 0x02, rMac: 0x10, rEncryption: 0x20 } as const;

export interface Scp03InitializeUpdateResponse {
  keyDiversificationData: Buffer;
  keyVersion: number;
  scpIdentifier: number;
  iParameter: number;
  cardChallenge: Buffer;
  cardCryptogram: Buffer;
  /** Present when the card challenge is pseudo-random (i-parameter b5). */
  sequenceCounter: Buffer | null;
}

/** INITIALIZE UPDATE response data for SCP03 (GP Amendment D 7.1.1.6), status word removed. */
export function parseScp03InitializeUpdateResponse(data: Uint8Array): Scp03InitializeUpdateResponse {
  requireLength(data, [29, 32], 'SCP03 INITIALIZE UPDATE response');
  const b = Buffer.from(data);
  if (b[11] !== 0x03) {
    throw new RangeError(
      `INITIALIZE UPDATE response names SCP ${b[11]!.toString(16).padStart(2, '0')}, not SCP03`,
    );
  }
  return {
    keyDiversificationData: b.subarray(0, 10),
    keyVersion: b[10]!,
    scpIdentifier: b[11]!,
    iParameter: b[12]!,
    cardChallenge: b.subarray(13, 21),
    cardCryptogram: b.subarray(21, 29),
    sequenceCounter: b.length === 32 ? b.subarray(29, 32) : null,
  };
}

/** Card cryptogram (GP Amendment D 6.2.2.2): 64 bits of the KDF under S-MAC, constant 00. */
export function scp03CardCryptogram(
  sMac: Uint8Array,
  hostChallenge: Uint8Array,
  cardChallenge: Uint8Array,
): Buffer {
  return scp03Kdf(sMac, SCP03_DERIVATION_CONSTANT.cardCryptogram, concat(hostChallenge, cardChallenge), 64);
}

/** Host cryptogram (GP Amendment D 6.2.2.3): as the card cryptogram with constant 01. */
export function scp03HostCryptogram(
  sMac: Uint8Array,
  hostChallenge: Uint8Array,
  cardChallenge: Uint8Array,
): Buffer {
  return scp03Kdf(sMac, SCP03_DERIVATION_CONSTANT.hostCryptogram, concat(hostChallenge, cardChallenge), 64);
}

export interface Scp03Session {
  readonly keys: Scp03SessionKeys;
  readonly securityLevel: number;
  /** The full 16-byte CMAC of the last command (GP Amendment D 6.2.4); zeros at the start. */
  readonly macChainingValue: Buffer;
  /** Commands sent since EXTERNAL AUTHENTICATE, the input of the C-DEC and R-ENC ICVs (6.2.6, 6.2.7). */
  readonly encryptionCounter: number;
}

/** A session right after INITIALIZE UPDATE: zero chaining value, counter not yet used. */
export function newScp03Session(keys: Scp03SessionKeys, securityLevel: number): Scp03Session {
  const valid = [0x00, 0x01, 0x03, 0x11, 0x13, 0x33];
  if (!valid.includes(securityLevel)) {
    throw new RangeError(
      `SCP03 security level must be one of 00, 01, 03, 11, 13, 33, got ${securityLevel.toString(16).padStart(2, '0').toUpperCase()}`,
    );
  }
  return { keys, securityLevel, macChainingValue: Buffer.alloc(16), encryptionCounter: 0 };
}

function counterBlock(counter: number, firstByte = 0x00): Buffer {
  const block = Buffer.alloc(16);
  block.writeUIntBE(counter, 10, 6);
  block[0] = firstByte;
  return block;
}

/** C-DEC ICV (GP Amendment D 6.2.6): AES(S-ENC) of the counter; R-ENC's has 80 in its first byte (6.2.7). */
function commandIcv(session: Scp03Session): Buffer {
  return aesEcbEncrypt(session.keys.sEnc, counterBlock(session.encryptionCounter));
}

function responseIcv(session: Scp03Session): Buffer {
  return aesEcbEncrypt(session.keys.sEnc, counterBlock(session.encryptionCounter, 0x80));
}

/** C-MAC (GP Amendment D 6.2.4): CMAC over chaining value || header with Lc + 8 || data. */
function commandCmac(session: Scp03Session, apdu: CommandApdu): Buffer {
  const header = Buffer.from([apdu.cla | 0x04, apdu.ins, apdu.p1, apdu.p2, apdu.data.length + 8]);
  return aesCmac(session.keys.sMac, concat(session.macChainingValue, header, apdu.data));
}

function has(session: Scp03Session, bit: number): boolean {
  return (session.securityLevel & bit) !== 0;
}

function wrap(
  session: Scp03Session,
  apdu: CommandApdu,
  encrypt: boolean,
): { apdu: Buffer; session: Scp03Session } {
  // The counter moves for every command once the channel is open, with or without data (6.2.6).
  const counted = { ...session, encryptionCounter: session.encryptionCounter + 1 };
  const data =
    encrypt && apdu.data.length > 0
      ? aesCbcEncrypt(counted.keys.sEnc, padIso9797(apdu.data, 2, 16), commandIcv(counted))
      : apdu.data;
  const protectedApdu = { ...apdu, cla: apdu.cla | 0x04, data };
  const cmac = commandCmac(counted, protectedApdu);
  const wrapped = encodeCommandApdu({ ...protectedApdu, data: concat(data, cmac.subarray(0, 8)) });
  return { apdu: wrapped, session: { ...counted, macChainingValue: cmac } };
}

/** Host side: EXTERNAL AUTHENTICATE (GP Amendment D 7.1.2): host cryptogram and C-MAC, never encrypted. */
export function scp03ExternalAuthenticate(
  session: Scp03Session,
  hostCryptogram: Uint8Array,
): { apdu: Buffer; session: Scp03Session } {
  requireLength(hostCryptogram, [8], 'host cryptogram');
  const command = {
    cla: 0x80,
    ins: 0x82,
    p1: session.securityLevel,
    p2: 0x00,
    data: Buffer.from(hostCryptogram),
    le: null,
  };
  const { apdu, session: next } = wrap(session, command, false);
  // EXTERNAL AUTHENTICATE opens the channel; the counter starts counting the commands after it.
  return { apdu, session: { ...next, encryptionCounter: 0 } };
}

/** Host side: protects one command (GP Amendment D 6.2.4 C-MAC, 6.2.6 C-DECRYPTION). */
export function scp03WrapCommand(
  session: Scp03Session,
  command: Uint8Array,
): { apdu: Buffer; session: Scp03Session } {
  if (!has(session, SCP03_SECURITY_LEVEL.cMac)) return { apdu: Buffer.from(command), session };
  return wrap(session, parseCommandApdu(command), has(session, SCP03_SECURITY_LEVEL.cDecryption));
}

/** R-MAC (GP Amendment D 6.2.5): CMAC under S-RMAC over the command's chaining value || data || SW. */
function responseMac(session: Scp03Session, data: Uint8Array, sw: Uint8Array): Buffer {
  return aesCmac(session.keys.sRmac, concat(session.macChainingValue, data, sw)).subarray(0, 8);
}

export type Scp03Result<T> = ({ ok: true; session: Scp03Session } & T) | { ok: false; reason: string };

/**
 * Host side: checks the R-MAC and removes R-ENCRYPTION (GP Amendment D 6.2.5, 6.2.7), giving
 * data || SW. Error status words (other than 9000 / 62xx / 63xx) carry no R-MAC.
 */
export function scp03UnwrapResponse(
  session: Scp03Session,
  response: Uint8Array,
): Scp03Result<{ response: Buffer }> {
  if (response.length < 2)
    throw new RangeError(`response APDU must be at least 2 bytes, got ${response.length}`);
  const r = Buffer.from(response);
  const sw = r.subarray(r.length - 2);
  let data: Buffer = r.subarray(0, r.length - 2);
  const protectedSw = sw[0] === 0x90 || sw[0] === 0x62 || sw[0] === 0x63;
  if (!has(session, SCP03_SECURITY_LEVEL.rMac) || !protectedSw) return { ok: true, response: r, session };
  if (data.length < 8) return { ok: false, reason: 'response has no R-MAC' };
  const receivedMac = data.subarray(data.length - 8);
  data = data.subarray(0, data.length - 8);
  if (!responseMac(session, data, sw).equals(receivedMac))
    return { ok: false, reason: 'R-MAC does not verify' };
  if (has(session, SCP03_SECURITY_LEVEL.rEncryption) && data.length > 0) {
    if (data.length % 16 !== 0)
      return { ok: false, reason: 'encrypted response is not a whole number of blocks' };
    try {
      data = removePaddingMethod2(aesCbcDecrypt(session.keys.sEnc, data, responseIcv(session)));
    } catch {
      return { ok: false, reason: 'decrypted response has no 80 padding' };
    }
  }
  return { ok: true, response: concat(data, sw), session };
}

/** Card side: checks the C-MAC and removes C-DECRYPTION, mirroring scp03WrapCommand. */
export function scp03UnwrapCommand(
  session: Scp03Session,
  wrapped: Uint8Array,
): Scp03Result<{ command: Buffer }> {
  if (!has(session, SCP03_SECURITY_LEVEL.cMac)) return { ok: true, command: Buffer.from(wrapped), session };
  const apdu = parseCommandApdu(wrapped);
  if ((apdu.cla & 0x04) === 0 || apdu.data.length < 8) return { ok: false, reason: 'command has no C-MAC' };
  const counted = { ...session, encryptionCounter: session.encryptionCounter + 1 };
  const protectedApdu = { ...apdu, data: apdu.data.subarray(0, apdu.data.length - 8) };
  const cmac = commandCmac(counted, protectedApdu);
  if (!cmac.subarray(0, 8).equals(apdu.data.subarray(apdu.data.length - 8))) {
    return { ok: false, reason: 'C-MAC does not verify' };
  }
  let data = protectedApdu.data;
  if (has(session, SCP03_SECURITY_LEVEL.cDecryption) && data.length > 0) {
    if (data.length % 16 !== 0)
      return { ok: false, reason: 'encrypted data is not a whole number of blocks' };
    try {
      data = removePaddingMethod2(aesCbcDecrypt(counted.keys.sEnc, data, commandIcv(counted)));
    } catch {
      return { ok: false, reason: 'decrypted data has no 80 padding' };
    }
  }
  const command = encodeCommandApdu({ ...apdu, cla: apdu.cla & ~0x04, data });
  return { ok: true, command, session: { ...counted, macChainingValue: cmac } };
}

/** Card side: adds R-ENCRYPTION and the R-MAC to data || SW (GP Amendment D 6.2.5, 6.2.7). */
export function scp03WrapResponse(session: Scp03Session, data: Uint8Array, sw: Uint8Array): Buffer {
  requireLength(sw, [2], 'status word');
  const protectedSw = sw[0] === 0x90 || sw[0] === 0x62 || sw[0] === 0x63;
  if (!has(session, SCP03_SECURITY_LEVEL.rMac) || !protectedSw) return concat(data, sw);
  const body =
    has(session, SCP03_SECURITY_LEVEL.rEncryption) && data.length > 0
      ? aesCbcEncrypt(session.keys.sEnc, padIso9797(data, 2, 16), responseIcv(session))
      : Buffer.from(data);
  return concat(body, responseMac(session, body, sw), sw);
}

/**
 * Card side: EXTERNAL AUTHENTICATE (GP Amendment D 7.1.2), checked with C-MAC only; on success the
 * session moves to the level in P1 and the encryption counter starts from zero.
 */
export function scp03CardExternalAuthenticate(
  session: Scp03Session,
  wrapped: Uint8Array,
  expectedHostCryptogram: Uint8Array,
): Scp03Result<{ command: Buffer }> {
  const result = scp03UnwrapCommand({ ...session, securityLevel: SCP03_SECURITY_LEVEL.cMac }, wrapped);
  if (!result.ok) return result;
  const apdu = parseCommandApdu(result.command);
  if (apdu.ins !== 0x82) return { ok: false, reason: 'command is not EXTERNAL AUTHENTICATE' };
  if (!apdu.data.equals(Buffer.from(expectedHostCryptogram))) {
    return { ok: false, reason: 'host cryptogram does not verify' };
  }
  const next = newScp03Session(session.keys, apdu.p1);
  return {
    ok: true,
    command: result.command,
    session: { ...next, macChainingValue: result.session.macChainingValue },
  };
}

export interface Scp03HostHandshake {
  staticKeys: Scp03StaticKeys;
  hostChallenge: Uint8Array;
  /** INITIALIZE UPDATE response data without the status word. */
  initializeUpdateResponse: Uint8Array;
  securityLevel: number;
}

/**
 * Host side of mutual authentication (GP Amendment D 7.1): session keys from host || card
 * challenge, card cryptogram check, EXTERNAL AUTHENTICATE. Stop when `cardCryptogramOk` is false.
 */
export function openScp03HostSession(handshake: Scp03HostHandshake): {
  session: Scp03Session;
  cardCryptogramOk: boolean;
  externalAuthenticate: Buffer;
} {
  requireLength(handshake.hostChallenge, [8], 'host challenge');
  const response = parseScp03InitializeUpdateResponse(handshake.initializeUpdateResponse);
  const context = concat(handshake.hostChallenge, response.cardChallenge);
  const keys = deriveScp03SessionKeys(handshake.staticKeys, context);
  const cardCryptogram = scp03CardCryptogram(keys.sMac, handshake.hostChallenge, response.cardChallenge);
  const hostCryptogram = scp03HostCryptogram(keys.sMac, handshake.hostChallenge, response.cardChallenge);
  const { apdu, session } = scp03ExternalAuthenticate(
    newScp03Session(keys, handshake.securityLevel),
    hostCryptogram,
  );
  return {
    session,
    cardCryptogramOk: cardCryptogram.equals(response.cardCryptogram),
    externalAuthenticate: apdu,
  };
}
