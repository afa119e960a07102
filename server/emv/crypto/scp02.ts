/**
 * GlobalPlatform Secure Channel Protocol 02 (GP Card Spec 2.3 Annex E), as pure state
 * transitions: every wrap or unwrap takes a session and returns the next one, so a
 * personalization host and a virtual card can run the same code side by side.
 */
import { concat, requireLength } from '../bytes';
import { type CommandApdu, encodeCommandApdu, parseCommandApdu } from './command-apdu';
import { desEncryptBlock, tdesCbcDecrypt, tdesCbcEncrypt } from './des';
import { macAlgorithm1, macAlgorithm3, padIso9797, removePaddingMethod2 } from './mac';

export interface Scp02StaticKeys {
  enc: Uint8Array;
  mac: Uint8Array;
  dek: Uint8Array;
}

export interface Scp02SessionKeys {
  sEnc: Buffer;
  cMac: Buffer;
  rMac: Buffer;
  dek: Buffer;
}

/** Security level bits of EXTERNAL AUTHENTICATE P1 (GP Card Spec 2.3 E.5.2.3). */
export const SCP02_SECURITY_LEVEL = { cMac: 0x01, cDecryption: 0x02, rMac: 0x10 } as const;

/** Derivation constants of GP Card Spec 2.3 E.4.1. */
const CONSTANT = { cMac: 0x0101, rMac: 0x0102, dek: 0x0181, sEnc: 0x0182 } as const;

/**
 * The block each SCP02 session key is TDES-CBC (IV zero) of under its static key (GP Card Spec 2.3
 * E.4.1): constant || sequence counter || 00*12. Exported for an HSM that holds the static key.
 */
export function scp02SessionKeyDerivationData(
  purpose: keyof Scp02SessionKeys,
  sequenceCounter: Uint8Array,
): Buffer {
  requireLength(sequenceCounter, [2], 'SCP02 sequence counter');
  const derivationData = Buffer.alloc(16);
  derivationData.writeUInt16BE(CONSTANT[purpose], 0);
  Buffer.from(sequenceCounter).copy(derivationData, 2);
  return derivationData;
}

function sessionKey(
  staticKey: Uint8Array,
  purpose: keyof Scp02SessionKeys,
  sequenceCounter: Uint8Array,
): Buffer {
  return tdesCbcEncrypt(staticKey, scp02SessionKeyDerivationData(purpose, sequenceCounter));
}

/**
 * SCP02 session keys (GP Card Spec 2.3 E.4.1): TDES-CBC, IV zero, of constant || sequence
 * counter || 00*12 under each static key; C-MAC and R-MAC keys both come from the MAC key.
 */
export function deriveScp02SessionKeys(keys: Scp02StaticKeys, sequenceCounter: Uint8Array): Scp02SessionKeys {
  requireLength(keys.enc, [16], 'SCP02 static ENC key');
  requireLength(keys.mac, [16], 'SCP02 static MAC key');
  requireLength(keys.dek, [16], 'SCP02 static DEK key');
  requireLength(sequenceCounter, [2], 'SCP02 sequence counter');
  return {
    sEnc: sessionKey(keys.enc, 'sEnc', sequenceCounter),
    cMac: sessionKey(keys.mac, 'cMac', sequenceCounter),
    rMac: sessionKey(keys.mac, 'rMac', sequenceCounter),
    dek: sessionKey(keys.dek, 'dek', sequenceCounter),
  };
}

export interface Scp02InitializeUpdateResponse {
  keyDiversificationData: Buffer;
  keyVersion: number;
  scpIdentifier: number;
  sequenceCounter: Buffer;
  cardChallenge: Buffer;
  cardCryptogram: Buffer;
}

/** INITIALIZE UPDATE response data for SCP02 (GP Card Spec 2.3 E.5.1.6), status word removed. */
export function parseScp02InitializeUpdateResponse(data: Uint8Array): Scp02InitializeUpdateResponse {
  requireLength(data, [28], 'SCP02 INITIALIZE UPDATE response');
  const b = Buffer.from(data);
  if (b[11] !== 0x02) {
    throw new RangeError(
      `INITIALIZE UPDATE response names SCP ${b[11]!.toString(16).padStart(2, '0')}, not SCP02`,
    );
  }
  return {
    keyDiversificationData: b.subarray(0, 10),
    keyVersion: b[10]!,
    scpIdentifier: b[11]!,
    sequenceCounter: b.subarray(12, 14),
    cardChallenge: b.subarray(14, 20),
    cardCryptogram: b.subarray(20, 28),
  };
}

/** Card cryptogram (GP Card Spec 2.3 E.4.2.1): full TDES CBC-MAC under S-ENC, padding 2. */
export function scp02CardCryptogram(
  sEnc: Uint8Array,
  hostChallenge: Uint8Array,
  sequenceCounter: Uint8Array,
  cardChallenge: Uint8Array,
): Buffer {
  requireLength(hostChallenge, [8], 'host challenge');
  requireLength(cardChallenge, [6], 'SCP02 card challenge');
  return macAlgorithm1(sEnc, concat(hostChallenge, sequenceCounter, cardChallenge), 2);
}

/** Host cryptogram (GP Card Spec 2.3 E.4.2.2): the card's inputs in the opposite order. */
export function scp02HostCryptogram(
  sEnc: Uint8Array,
  sequenceCounter: Uint8Array,
  cardChallenge: Uint8Array,
  hostChallenge: Uint8Array,
): Buffer {
  requireLength(hostChallenge, [8], 'host challenge');
  requireLength(cardChallenge, [6], 'SCP02 card challenge');
  return macAlgorithm1(sEnc, concat(sequenceCounter, cardChallenge, hostChallenge), 2);
}

export interface Scp02Session {
  readonly keys: Scp02SessionKeys;
  /** Security level in force for commands; EXTERNAL AUTHENTICATE is always C-MAC only. */
  readonly securityLevel: number;
  /** i-parameter b5 (GP Card Spec 2.3 E.1.1): the ICV of each later C-MAC is DES-encrypted. */
  readonly icvEncryption: boolean;
  /** The previous C-MAC, the chaining value for the next one; null before the first command. */
  readonly lastCMac: Buffer | null;
  /**
   * R-MAC chaining value (GP Card Spec 2.3 Annex E, APDU Response R-MAC Generation and Verification):
   * the C-MAC of EXTERNAL AUTHENTICATE, then each R-MAC; null while the level has no R-MAC.
   */
  readonly rMacChain: Buffer | null;
  /** The R-MAC input of the command whose response is awaited (header, Lc, plain data); null if none. */
  readonly rMacCommand: Buffer | null;
}

export interface Scp02SessionParameters {
  keys: Scp02SessionKeys;
  securityLevel: number;
  icvEncryption: boolean;
}

/** A session right after INITIALIZE UPDATE, before any C-MAC (ICV zero). */
export function newScp02Session({
  keys,
  securityLevel,
  icvEncryption,
}: Scp02SessionParameters): Scp02Session {
  // GP Card Spec 2.3 E.5.2.3: 00 none, 01 C-MAC, 03 C-MAC + C-DEC, 11 / 13 the same with R-MAC.
  if (![0x00, 0x01, 0x03, 0x11, 0x13].includes(securityLevel)) {
    throw new RangeError(
      `SCP02 security level must be one of 00, 01 (C-MAC), 03 (C-MAC, C-DEC), 11 (C-MAC, R-MAC), 13 (C-MAC, C-DEC, R-MAC), got ${securityLevel.toString(16).padStart(2, '0').toUpperCase()}`,
    );
  }
  return { keys, securityLevel, icvEncryption, lastCMac: null, rMacChain: null, rMacCommand: null };
}

/**
 * ICV for the next C-MAC (GP Card Spec 2.3 E.4.4): zero for the first command, then the previous
 * C-MAC, encrypted with single DES under the left half of the C-MAC key when the i-parameter asks.
 */
function nextIcv(session: Scp02Session): Buffer {
  if (session.lastCMac === null) return Buffer.alloc(8);
  if (!session.icvEncryption) return session.lastCMac;
  return desEncryptBlock(session.keys.cMac.subarray(0, 8), session.lastCMac);
}

/**
 * C-MAC on the modified APDU (GP Card Spec 2.3 E.4.4.1): CLA with bit 04 set and Lc counting the
 * MAC, over the plaintext data, MAC algorithm 3 with padding 2 and the chained ICV.
 */
function commandMac(session: Scp02Session, apdu: CommandApdu): Buffer {
  const header = Buffer.from([apdu.cla | 0x04, apdu.ins, apdu.p1, apdu.p2, apdu.data.length + 8]);
  return macAlgorithm3(session.keys.cMac, concat(header, apdu.data), 2, nextIcv(session));
}

function hasRMac(session: Scp02Session): boolean {
  return (session.securityLevel & SCP02_SECURITY_LEVEL.rMac) !== 0;
}

/**
 * The command part of the R-MAC input (GP Card Spec 2.3 Annex E, APDU Response R-MAC Generation and
 * Verification): the command as it was before C-MAC and C-DECRYPTION, its CLA with the secure
 * messaging and logical channel bits (b3-b1) cleared, then INS P1 P2, and Lc with the plain data
 * (Lc = 00 for a command without data). Le is not part of it.
 */
function rMacCommandInput(apdu: CommandApdu): Buffer {
  const header = Buffer.from([apdu.cla & ~0x07, apdu.ins, apdu.p1, apdu.p2, apdu.data.length]);
  return concat(header, apdu.data);
}

/**
 * R-MAC (same section): MAC algorithm 3 (single DES CBC, final triple DES) under the R-MAC session
 * key, ISO 9797-1 padding method 2, over command input || Li || response data || SW1 SW2, where Li is
 * the length of the response data without the R-MAC. The ICV is the chaining value (no ICV
 * encryption: that i-parameter option is for the C-MAC only).
 */
function responseMac(rMac: Buffer, chain: Buffer, command: Buffer, data: Uint8Array, sw: Uint8Array): Buffer {
  return macAlgorithm3(rMac, concat(command, Buffer.from([data.length & 0xff]), data, sw), 2, chain);
}

function wrap(
  session: Scp02Session,
  apdu: CommandApdu,
  encrypt: boolean,
): { apdu: Buffer; session: Scp02Session } {
  const mac = commandMac(session, apdu);
  // C-DECRYPTION (E.4.5): the MAC covers the plaintext; then the data is padded and enciphered.
  const data =
    encrypt && apdu.data.length > 0 ? tdesCbcEncrypt(session.keys.sEnc, padIso9797(apdu.data, 2)) : apdu.data;
  const wrapped = encodeCommandApdu({ ...apdu, cla: apdu.cla | 0x04, data: concat(data, mac) });
  const rMacCommand = hasRMac(session) ? rMacCommandInput(apdu) : null;
  return { apdu: wrapped, session: { ...session, lastCMac: mac, rMacCommand } };
}

/** Host side: EXTERNAL AUTHENTICATE (GP Card Spec 2.3 E.5.2) with the host cryptogram and its C-MAC. */
export function scp02ExternalAuthenticate(
  session: Scp02Session,
  hostCryptogram: Uint8Array,
): { apdu: Buffer; session: Scp02Session } {
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
  // The first R-MAC chains from the C-MAC of EXTERNAL AUTHENTICATE, whose own response has no R-MAC.
  return {
    apdu,
    session: { ...next, rMacCommand: null, rMacChain: hasRMac(session) ? next.lastCMac : null },
  };
}

/** Host side: protects one command at the session's security level (GP Card Spec 2.3 E.4.4, E.4.5). */
export function scp02WrapCommand(
  session: Scp02Session,
  command: Uint8Array,
): { apdu: Buffer; session: Scp02Session } {
  if ((session.securityLevel & SCP02_SECURITY_LEVEL.cMac) === 0) {
    return { apdu: Buffer.from(command), session };
  }
  const apdu = parseCommandApdu(command);
  return wrap(session, apdu, (session.securityLevel & SCP02_SECURITY_LEVEL.cDecryption) !== 0);
}

export type Scp02UnwrapResult =
  { ok: true; command: Buffer; session: Scp02Session } | { ok: false; reason: string };

/**
 * Card side: checks and removes C-MAC and C-DECRYPTION (GP Card Spec 2.3 E.4.4, E.4.5). A failed
 * check is a result, not an exception, because the card answers it with a status word (6982).
 */
export function scp02UnwrapCommand(session: Scp02Session, wrapped: Uint8Array): Scp02UnwrapResult {
  if ((session.securityLevel & SCP02_SECURITY_LEVEL.cMac) === 0) {
    return { ok: true, command: Buffer.from(wrapped), session };
  }
  const apdu = parseCommandApdu(wrapped);
  if ((apdu.cla & 0x04) === 0 || apdu.data.length < 8) return { ok: false, reason: 'command has no C-MAC' };
  const receivedMac = apdu.data.subarray(apdu.data.length - 8);
  let data = apdu.data.subarray(0, apdu.data.length - 8);
  if ((session.securityLevel & SCP02_SECURITY_LEVEL.cDecryption) !== 0 && data.length > 0) {
    if (data.length % 8 !== 0) return { ok: false, reason: 'encrypted data is not a whole number of blocks' };
    try {
      data = removePaddingMethod2(tdesCbcDecrypt(session.keys.sEnc, data));
    } catch {
      return { ok: false, reason: 'decrypted data has no 80 padding' };
    }
  }
  const plain: CommandApdu = { ...apdu, cla: apdu.cla & ~0x04, data };
  const expectedMac = commandMac(session, plain);
  if (!expectedMac.equals(receivedMac)) return { ok: false, reason: 'C-MAC does not verify' };
  const rMacCommand = hasRMac(session) ? rMacCommandInput(plain) : null;
  return {
    ok: true,
    command: encodeCommandApdu(plain),
    session: { ...session, lastCMac: expectedMac, rMacCommand },
  };
}

export type Scp02ResponseResult =
  { ok: true; response: Buffer; session: Scp02Session } | { ok: false; reason: string };

/**
 * Host side: checks and removes the R-MAC of the response to the last wrapped command (GP Card
 * Spec 2.3 Annex E, APDU Response R-MAC Generation and Verification), giving data || SW. Every
 * response carries an R-MAC, error status words included. Without R-MAC the response is unchanged.
 */
export function scp02UnwrapResponse(session: Scp02Session, response: Uint8Array): Scp02ResponseResult {
  if (response.length < 2)
    throw new RangeError(`response APDU must be at least 2 bytes, got ${response.length}`);
  const r = Buffer.from(response);
  if (!hasRMac(session)) return { ok: true, response: r, session };
  if (session.rMacCommand === null || session.rMacChain === null) {
    return { ok: false, reason: 'no command is waiting for a response' };
  }
  if (r.length < 10) return { ok: false, reason: 'response has no R-MAC' };
  const sw = r.subarray(r.length - 2);
  const data = r.subarray(0, r.length - 10);
  const received = r.subarray(r.length - 10, r.length - 2);
  const expected = responseMac(session.keys.rMac, session.rMacChain, session.rMacCommand, data, sw);
  if (!expected.equals(received)) return { ok: false, reason: 'R-MAC does not verify' };
  return {
    ok: true,
    response: concat(data, sw),
    session: { ...session, rMacChain: expected, rMacCommand: null },
  };
}

/**
 * Card side: appends the R-MAC to the response of the last unwrapped command (same section), for
 * every status word; the R-MAC becomes the next chaining value. Without R-MAC: data || SW.
 */
export function scp02WrapResponse(
  session: Scp02Session,
  data: Uint8Array,
  sw: Uint8Array,
): { response: Buffer; session: Scp02Session } {
  requireLength(sw, [2], 'status word');
  if (!hasRMac(session) || session.rMacCommand === null || session.rMacChain === null) {
    return { response: concat(data, sw), session };
  }
  const mac = responseMac(session.keys.rMac, session.rMacChain, session.rMacCommand, data, sw);
  return { response: concat(data, mac, sw), session: { ...session, rMacChain: mac, rMacCommand: null } };
}

/**
 * Card side: EXTERNAL AUTHENTICATE (GP Card Spec 2.3 E.5.2). It is checked with C-MAC only,
 * whatever level it requests; on success the session moves to the level in P1.
 */
export function scp02CardExternalAuthenticate(
  session: Scp02Session,
  wrapped: Uint8Array,
  expectedHostCryptogram: Uint8Array,
): Scp02UnwrapResult {
  const result = scp02UnwrapCommand({ ...session, securityLevel: SCP02_SECURITY_LEVEL.cMac }, wrapped);
  if (!result.ok) return result;
  const apdu = parseCommandApdu(result.command);
  if (apdu.ins !== 0x82) return { ok: false, reason: 'command is not EXTERNAL AUTHENTICATE' };
  if (!apdu.data.equals(Buffer.from(expectedHostCryptogram))) {
    return { ok: false, reason: 'host cryptogram does not verify' };
  }
  const next = newScp02Session({ ...session, securityLevel: apdu.p1 });
  const lastCMac = result.session.lastCMac;
  const rMacChain = hasRMac(next) ? lastCMac : null;
  return { ok: true, command: result.command, session: { ...next, lastCMac, rMacChain } };
}

export interface Scp02HostHandshake {
  staticKeys: Scp02StaticKeys;
  hostChallenge: Uint8Array;
  /** INITIALIZE UPDATE response data without the status word. */
  initializeUpdateResponse: Uint8Array;
  securityLevel: number;
  icvEncryption: boolean;
}

/**
 * Host side of mutual authentication (GP Card Spec 2.3 E.5.1-E.5.2): derives the session keys,
 * checks the card cryptogram and builds EXTERNAL AUTHENTICATE. A caller must stop when
 * `cardCryptogramOk` is false: the card does not hold the keys the host expects.
 */
export function openScp02HostSession(handshake: Scp02HostHandshake): {
  session: Scp02Session;
  cardCryptogramOk: boolean;
  externalAuthenticate: Buffer;
} {
  const response = parseScp02InitializeUpdateResponse(handshake.initializeUpdateResponse);
  const keys = deriveScp02SessionKeys(handshake.staticKeys, response.sequenceCounter);
  return openScp02HostSessionWithKeys(keys, handshake);
}

/**
 * As openScp02HostSession, with session keys derived elsewhere (an HSM that holds the static keys
 * derives them from scp02SessionKeyDerivationData with the response's sequence counter).
 */
export function openScp02HostSessionWithKeys(
  keys: Scp02SessionKeys,
  handshake: Omit<Scp02HostHandshake, 'staticKeys'>,
): {
  session: Scp02Session;
  cardCryptogramOk: boolean;
  externalAuthenticate: Buffer;
} {
  requireLength(handshake.hostChallenge, [8], 'host challenge');
  const response = parseScp02InitializeUpdateResponse(handshake.initializeUpdateResponse);
  const { sequenceCounter, cardChallenge } = response;
  const cardCryptogram = scp02CardCryptogram(
    keys.sEnc,
    handshake.hostChallenge,
    sequenceCounter,
    cardChallenge,
  );
  const hostCryptogram = scp02HostCryptogram(
    keys.sEnc,
    sequenceCounter,
    cardChallenge,
    handshake.hostChallenge,
  );
  const initial = newScp02Session({
    keys,
    securityLevel: handshake.securityLevel,
    icvEncryption: handshake.icvEncryption,
  });
  const { apdu, session } = scp02ExternalAuthenticate(initial, hostCryptogram);
  return {
    session,
    cardCryptogramOk: cardCryptogram.equals(response.cardCryptogram),
    externalAuthenticate: apdu,
  };
}
