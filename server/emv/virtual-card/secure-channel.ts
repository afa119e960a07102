/**
 * The card side of the GlobalPlatform secure channel a personalization device opens before STORE DATA
 * (EMV CPS v1.1 section 4.3: SELECT, INITIALIZE UPDATE, EXTERNAL AUTHENTICATE): SCP02 (GP Card Spec
 * 2.3 Annex E) and SCP03 (GP Card Spec 2.2 Amendment D), built on the card-side functions of
 * crypto/scp02.ts and crypto/scp03.ts. Every step returns the next state and a status word.
 */
import { concat, requireLength } from '../bytes';
import type { CommandApdu } from '../crypto/command-apdu';
import {
  type Scp02Session,
  deriveScp02SessionKeys,
  newScp02Session,
  scp02CardCryptogram,
  scp02CardExternalAuthenticate,
  scp02HostCryptogram,
  scp02UnwrapCommand,
  scp02WrapResponse,
} from '../crypto/scp02';
import {
  type Scp03Session,
  newScp03Session,
  scp03CardCryptogram,
  scp03CardExternalAuthenticate,
  scp03HostCryptogram,
  scp03UnwrapCommand,
  scp03WrapResponse,
} from '../crypto/scp03';
import { SCP03_DERIVATION_CONSTANT, deriveScp03SessionKeys, scp03Kdf } from '../crypto/scp03-kdf';
import type { ScpProtocol } from './dgi-encryption';
import { SW } from './status-words';

export interface CardSecureChannelConfig {
  protocol: ScpProtocol;
  /** The card's static keys (ENC, MAC, DEK), as the card manufacturer loaded them from the KMC. */
  keys: { enc: Buffer; mac: Buffer; dek: Buffer };
  /** Key diversification data returned in INITIALIZE UPDATE (10 bytes; CPS: bytes 4-9 the CSN). */
  keyDiversificationData: Buffer;
  keyVersion: number;
  /**
   * i-parameter. SCP02 (GP 2.3 E.1.1): b5 (10) ICV encryption, b6 (20) R-MAC support ('15' is usual,
   * '35' with R-MAC). SCP03 (Amendment D 5.1):
   * b5 (10) pseudo-random card challenge, b6 (20) R-MAC, b7 (40) R-ENC ('70' is usual).
   */
  iParameter: number;
  /** The sequence counter the next INITIALIZE UPDATE uses (2 bytes for SCP02, 3 for SCP03). */
  sequenceCounter: number;
}

type Session = { protocol: 'SCP02'; session: Scp02Session } | { protocol: 'SCP03'; session: Scp03Session };

export type ChannelState =
  | { phase: 'closed' }
  | ({ phase: 'initialized'; owner: string; hostCryptogram: Buffer; rMacSupported: boolean } & Session)
  | ({ phase: 'open'; owner: string } & Session);

export const CLOSED: ChannelState = { phase: 'closed' };

export interface ChannelStep {
  state: ChannelState;
  data: Buffer;
  sw: number;
  /** Why the command was refused, in words, for the card's diagnostics. */
  reason?: string;
  /** The sequence counter after this step. */
  sequenceCounter?: number;
}

function refuse(state: ChannelState, sw: number, reason: string): ChannelStep {
  return { state, data: Buffer.alloc(0), sw, reason };
}

/**
 * INITIALIZE UPDATE (GP 2.3 E.5.1 / Amendment D 7.1.1): P1 the key version (00: any), data the
 * 8-byte host challenge. Any open session ends here. `owner` is the AID the session is bound to;
 * `sdAid` the security domain's AID, the context of SCP03's pseudo-random card challenge (6.2.2.1).
 */
export function initializeUpdate(
  config: CardSecureChannelConfig,
  apdu: CommandApdu,
  owner: string,
  sdAid: Buffer,
  random: (length: number) => Buffer,
): ChannelStep {
  if (apdu.data.length !== 8) return refuse(CLOSED, SW.wrongLength, 'host challenge must be 8 bytes');
  if (apdu.p1 !== 0 && apdu.p1 !== config.keyVersion) {
    return refuse(CLOSED, SW.referencedDataNotFound, `the card has no key set with version ${apdu.p1}`);
  }
  const hostChallenge = apdu.data;
  const { keys, keyDiversificationData: kdd, keyVersion, iParameter } = config;
  requireLength(kdd, [10], 'key diversification data');
  if (config.protocol === 'SCP02') {
    const counter = Buffer.alloc(2);
    counter.writeUInt16BE(config.sequenceCounter & 0xffff);
    const cardChallenge = random(6);
    const sessionKeys = deriveScp02SessionKeys(keys, counter);
    const icvEncryption = (iParameter & 0x10) !== 0;
    const session = newScp02Session({ keys: sessionKeys, securityLevel: 0x01, icvEncryption });
    const cryptogram = scp02CardCryptogram(sessionKeys.sEnc, hostChallenge, counter, cardChallenge);
    return {
      state: {
        phase: 'initialized',
        owner,
        protocol: 'SCP02',
        session,
        hostCryptogram: scp02HostCryptogram(sessionKeys.sEnc, counter, cardChallenge, hostChallenge),
        rMacSupported: (iParameter & 0x20) !== 0,
      },
      data: concat(kdd, Buffer.from([keyVersion, 0x02]), counter, cardChallenge, cryptogram),
      sw: SW.ok,
      sequenceCounter: config.sequenceCounter,
    };
  }
  const pseudoRandom = (iParameter & 0x10) !== 0;
  const counter = Buffer.alloc(3);
  counter.writeUIntBE(config.sequenceCounter & 0xffffff, 0, 3);
  // Amendment D 6.2.2.1: a pseudo-random challenge is the KDF under Key-ENC of counter || SD AID.
  const cardChallenge = pseudoRandom
    ? scp03Kdf(keys.enc, SCP03_DERIVATION_CONSTANT.pseudoRandomCardChallenge, concat(counter, sdAid), 64)
    : random(8);
  const sessionKeys = deriveScp03SessionKeys(keys, concat(hostChallenge, cardChallenge));
  return {
    state: {
      phase: 'initialized',
      owner,
      protocol: 'SCP03',
      session: newScp03Session(sessionKeys, 0x01),
      hostCryptogram: scp03HostCryptogram(sessionKeys.sMac, hostChallenge, cardChallenge),
      rMacSupported: (iParameter & 0x20) !== 0,
    },
    data: concat(
      kdd,
      Buffer.from([keyVersion, 0x03, iParameter]),
      cardChallenge,
      scp03CardCryptogram(sessionKeys.sMac, hostChallenge, cardChallenge),
      pseudoRandom ? counter : Buffer.alloc(0),
    ),
    sw: SW.ok,
    sequenceCounter: pseudoRandom ? config.sequenceCounter + 1 : config.sequenceCounter,
  };
}

/**
 * EXTERNAL AUTHENTICATE (GP 2.3 E.5.2 / Amendment D 7.1.2): only right after INITIALIZE UPDATE, checked
 * with C-MAC; a wrong host cryptogram gives 6300, a wrong C-MAC 6982, a level the card does not
 * support 6A86. Either failure closes the channel.
 */
export function externalAuthenticate(state: ChannelState, wrapped: Buffer): ChannelStep {
  if (state.phase !== 'initialized') {
    return refuse(CLOSED, SW.conditionsOfUseNotSatisfied, 'EXTERNAL AUTHENTICATE without INITIALIZE UPDATE');
  }
  try {
    const result =
      state.protocol === 'SCP02'
        ? scp02CardExternalAuthenticate(state.session, wrapped, state.hostCryptogram)
        : scp03CardExternalAuthenticate(state.session, wrapped, state.hostCryptogram);
    if (!result.ok) {
      const sw =
        result.reason === 'host cryptogram does not verify'
          ? SW.authenticationFailed
          : SW.securityStatusNotSatisfied;
      return refuse(CLOSED, sw, `EXTERNAL AUTHENTICATE refused: ${result.reason}`);
    }
    if (state.protocol === 'SCP02' && (result.session.securityLevel & 0x10) !== 0 && !state.rMacSupported) {
      return refuse(
        CLOSED,
        SW.incorrectP1P2,
        'this card does not support R-MAC with SCP02 (its i-parameter has no b6)',
      );
    }
    const open =
      state.protocol === 'SCP02'
        ? {
            phase: 'open' as const,
            owner: state.owner,
            protocol: 'SCP02' as const,
            session: result.session as Scp02Session,
          }
        : {
            phase: 'open' as const,
            owner: state.owner,
            protocol: 'SCP03' as const,
            session: result.session as Scp03Session,
          };
    return { state: open, data: Buffer.alloc(0), sw: SW.ok };
  } catch (error) {
    return refuse(CLOSED, SW.incorrectP1P2, `EXTERNAL AUTHENTICATE refused: ${(error as Error).message}`);
  }
}

/** Whether the open session checks a C-MAC on every command (CPS 4.3: personalization requires it). */
export function hasCommandMac(state: ChannelState): boolean {
  return state.phase === 'open' && (state.session.securityLevel & 0x01) !== 0;
}

/**
 * Checks and removes the protection of a command (C-MAC, C-DECRYPTION). A failure closes the session
 * (GP 2.3 E.4.4: the card ends the secure channel on a wrong C-MAC) and is answered with 6982.
 */
export function unwrapCommand(
  state: ChannelState,
  apdu: Buffer,
):
  | { ok: true; state: ChannelState; command: Buffer }
  | { ok: false; state: ChannelState; sw: number; reason: string } {
  if (state.phase !== 'open') {
    return {
      ok: false,
      state: CLOSED,
      sw: SW.securityStatusNotSatisfied,
      reason: 'no secure channel is open',
    };
  }
  const result =
    state.protocol === 'SCP02'
      ? scp02UnwrapCommand(state.session, apdu)
      : scp03UnwrapCommand(state.session, apdu);
  if (!result.ok) {
    return {
      ok: false,
      state: CLOSED,
      sw: SW.securityStatusNotSatisfied,
      reason: `secure channel: ${result.reason}`,
    };
  }
  const next: ChannelState =
    state.protocol === 'SCP02'
      ? { ...state, session: result.session as Scp02Session }
      : { ...state, session: result.session as Scp03Session };
  return { ok: true, state: next, command: result.command };
}

/**
 * Adds the R-MAC to a response when the session asks for it: SCP03 (Amendment D 6.2.5, with R-ENC
 * 6.2.7) or SCP02 (GP 2.3 Annex E, APDU Response R-MAC Generation; its chaining value moves on).
 */
export function wrapResponse(
  state: ChannelState,
  data: Buffer,
  sw: number,
): { state: ChannelState; response: Buffer } {
  const swBytes = Buffer.from([sw >> 8, sw & 0xff]);
  if (state.phase === 'open' && state.protocol === 'SCP03')
    return { state, response: scp03WrapResponse(state.session, data, swBytes) };
  if (state.phase === 'open' && state.protocol === 'SCP02') {
    const wrapped = scp02WrapResponse(state.session, data, swBytes);
    return { state: { ...state, session: wrapped.session }, response: wrapped.response };
  }
  return { state, response: concat(data, swBytes) };
}

/** The key that protects secret DGIs: SCP02's session DEK, SCP03's static DEK. */
export function dataEncryptionKey(state: ChannelState): Buffer | undefined {
  return state.phase === 'open' ? state.session.keys.dek : undefined;
}
