/**
 * The bureau's personalization device, as a pure driver (EMV CPS v1.1 section 4.3; GP Card Spec 2.3
 * Annex E, Amendment D): per application, SELECT, INITIALIZE UPDATE, check the card cryptogram,
 * EXTERNAL AUTHENTICATE, then one STORE DATA per DGI in the file's order (split when a DGI does not fit
 * one command), the last one flagged; secret DGIs go from the transport KEK to the DEK through
 * `translateSecret`, which the app routes through the HSM bridge. Every status word is checked; the
 * first failure stops the run with a reason in words.
 */
import { concat, fromHex, toHex } from '../bytes';
import { tdesEcbDecrypt } from '../crypto/des';
import {
  openScp02HostSession,
  scp02UnwrapResponse,
  scp02WrapCommand,
  type Scp02Session,
} from '../crypto/scp02';
import {
  openScp03HostSession,
  scp03UnwrapResponse,
  scp03WrapCommand,
  type Scp03Session,
} from '../crypto/scp03';
import { encodeDgi } from '../profile/dgis';
import { encryptDgiData, type ScpProtocol } from '../virtual-card/dgi-encryption';
import { SW, describeStatusWord, responseDataOf, statusWordOf } from '../virtual-card/status-words';
import { Transcript, maskPans, type TranscriptEntry } from './transcript';

/** Anything that answers APDUs: the virtual card, or a reader in another setting. */
export interface CardLink {
  transmit(apdu: Buffer): Buffer;
  /** The virtual card's diagnosis of its last refusal, when it has one. */
  explain?(): string | undefined;
  /** Cold reset on an interface, when the link can do one. */
  powerOn?(cardInterface: 'contact' | 'contactless'): void;
}

/** One DGI as the bureau file carries it: secret ones encrypted under the transport KEK. */
export interface BureauDgi {
  dgi: string;
  data: Buffer;
  /** True when `data` is encrypted under the transport KEK (and must reach the card under the DEK). */
  encrypted: boolean;
}

export interface BureauApplication {
  aid: string;
  name: string;
  dgis: readonly BureauDgi[];
}

export interface StaticKeys {
  enc: Buffer;
  mac: Buffer;
  dek: Buffer;
}

export interface SecretTranslation {
  dgi: string;
  /** The DGI data under the transport KEK. */
  underKek: Buffer;
  protocol: ScpProtocol;
  /** SCP02's session DEK or SCP03's static DEK. */
  dek: Buffer;
}

/** KEK -> DEK re-encryption; in the app, the HSM bridge does it without the clear leaving the HSM. */
export type SecretTranslator = (request: SecretTranslation) => Buffer | Promise<Buffer>;

/** The software translator for tests: TDES-ECB decryption under a clear KEK, then the DEK encryption. */
export function clearKekTranslator(kek: Buffer): SecretTranslator {
  return ({ underKek, protocol, dek }) => encryptDgiData(protocol, dek, tdesEcbDecrypt(kek, underKek));
}

export interface PersonalizationOptions {
  protocol: ScpProtocol;
  /** The card's static keys, or how to get them from the key diversification data it returns. */
  staticKeys: StaticKeys | ((keyDiversificationData: Buffer) => StaticKeys);
  translateSecret: SecretTranslator;
  /** Host challenges; tests pass a deterministic source. */
  random: (length: number) => Buffer;
  /** EXTERNAL AUTHENTICATE P1: C-MAC and C-DECRYPTION ('03') unless told otherwise. */
  securityLevel?: number;
  /** Key version for INITIALIZE UPDATE P1; 00 lets the card choose. */
  keyVersion?: number;
  /** Most data bytes in one STORE DATA before secure messaging; 239 leaves room for padding and MAC. */
  maxStoreData?: number;
  /** SCP02 i-parameter b5, which INITIALIZE UPDATE does not return: true for the usual '15' and '55'. */
  scp02IcvEncryption?: boolean;
  /** PANs to mask in the transcript. */
  pans?: readonly string[];
}

export interface PersonalizationResult {
  ok: boolean;
  /** Where and why personalization stopped. */
  failure?: { application: string; reason: string };
  transcript: TranscriptEntry[];
}

type Session = { protocol: 'SCP02'; session: Scp02Session } | { protocol: 'SCP03'; session: Scp03Session };

class Failure extends Error {}

function check(response: Buffer, what: string, card: CardLink): void {
  const sw = statusWordOf(response);
  if (sw === SW.ok) return;
  const diagnosis = card.explain?.();
  throw new Failure(
    `${what} answered ${describeStatusWord(sw)}${diagnosis ? `: the card says "${diagnosis}"` : ''}`,
  );
}

/** Personalizes every application in order; stops at the first failure. */
export async function personalizeCard(
  card: CardLink,
  applications: readonly BureauApplication[],
  options: PersonalizationOptions,
): Promise<PersonalizationResult> {
  const transcript = new Transcript();
  const done = (result: Omit<PersonalizationResult, 'transcript'>): PersonalizationResult => ({
    ...result,
    transcript: maskPans(transcript.entries, options.pans ?? []),
  });
  card.powerOn?.('contact');
  for (const application of applications) {
    try {
      await personalizeApplication(card, application, options, transcript);
    } catch (error) {
      if (!(error instanceof Failure)) throw error;
      return done({ ok: false, failure: { application: application.name, reason: error.message } });
    }
  }
  return done({ ok: true });
}

async function personalizeApplication(
  card: CardLink,
  application: BureauApplication,
  options: PersonalizationOptions,
  transcript: Transcript,
): Promise<void> {
  const step = `personalization: ${application.name}`;
  const exchange = (apdu: Buffer, view?: Parameters<Transcript['record']>[3], note?: string) => {
    const response = card.transmit(apdu);
    transcript.record(step, apdu, response, view, note);
    return response;
  };
  const aid = fromHex(application.aid, 'AID');
  check(
    exchange(concat(Buffer.from([0x00, 0xa4, 0x04, 0x00, aid.length]), aid, Buffer.from([0]))),
    `SELECT ${application.aid}`,
    card,
  );
  const hostChallenge = options.random(8);
  const iu = exchange(
    concat(Buffer.from([0x80, 0x50, options.keyVersion ?? 0, 0x00, 8]), hostChallenge, Buffer.from([0])),
  );
  check(iu, 'INITIALIZE UPDATE', card);
  const iuData = responseDataOf(iu);
  const level = options.securityLevel ?? 0x03;
  const staticKeys =
    typeof options.staticKeys === 'function'
      ? options.staticKeys(iuData.subarray(0, 10))
      : options.staticKeys;
  let session: Session;
  let externalAuthenticate: Buffer;
  try {
    const opened =
      options.protocol === 'SCP02'
        ? openScp02HostSession({
            staticKeys,
            hostChallenge,
            initializeUpdateResponse: iuData,
            securityLevel: level,
            icvEncryption: options.scp02IcvEncryption ?? true,
          })
        : openScp03HostSession({
            staticKeys,
            hostChallenge,
            initializeUpdateResponse: iuData,
            securityLevel: level,
          });
    if (!opened.cardCryptogramOk) {
      throw new Failure(
        'INITIALIZE UPDATE: the card cryptogram does not verify: the card does not hold the static keys derived from this KMC (or the KDD, key version or protocol differ)',
      );
    }
    session = { protocol: options.protocol, session: opened.session } as Session;
    externalAuthenticate = opened.externalAuthenticate;
  } catch (error) {
    if (error instanceof Failure) throw error;
    throw new Failure(`INITIALIZE UPDATE response cannot be used: ${(error as Error).message}`);
  }
  check(
    exchange(externalAuthenticate, { kind: 'raw' }, 'host cryptogram with C-MAC'),
    'EXTERNAL AUTHENTICATE',
    card,
  );
  const max = options.maxStoreData ?? 239;
  let sequence = 0;
  const dgis = application.dgis;
  for (const [index, dgi] of dgis.entries()) {
    let data = dgi.data;
    if (dgi.encrypted) {
      try {
        const request = {
          dgi: dgi.dgi,
          underKek: dgi.data,
          protocol: options.protocol,
          dek: session.session.keys.dek,
        };
        data = await options.translateSecret(request);
      } catch (error) {
        throw new Failure(
          `DGI ${dgi.dgi}: re-encryption from the transport KEK to the DEK failed: ${(error as Error).message}`,
        );
      }
    }
    const bytes = encodeDgi(dgi.dgi, data);
    for (let offset = 0; offset < bytes.length; offset += max) {
      const chunk = bytes.subarray(offset, offset + max);
      const last = index === dgis.length - 1 && offset + max >= bytes.length;
      const p1 = (last ? 0x80 : 0) | (dgi.encrypted ? 0x60 : 0);
      const plain = concat(Buffer.from([0x80, 0xe2, p1, sequence, chunk.length]), chunk);
      const response = sendProtected(card, session, plain);
      const view = { kind: 'dgi' as const, dgi: dgi.dgi, encrypted: dgi.encrypted };
      transcript.record(
        step,
        plain,
        response,
        view,
        `sent with ${level & 0x02 ? 'C-MAC and C-DECRYPTION' : 'C-MAC'}${level & 0x10 ? ', R-MAC verified' : ''}`,
      );
      check(
        response,
        `STORE DATA ${toHex(Buffer.from([sequence]))} (DGI ${dgi.dgi}${last ? ', the last' : ''})`,
        card,
      );
      sequence = (sequence + 1) & 0xff;
    }
  }
}

/** Wraps one command in the session and unwraps the response (R-MAC when the level has it). */
function sendProtected(card: CardLink, session: Session, plain: Buffer): Buffer {
  if (session.protocol === 'SCP02') {
    const wrapped = scp02WrapCommand(session.session, plain);
    const response = card.transmit(wrapped.apdu);
    const unwrapped = scp02UnwrapResponse(wrapped.session, response);
    if (!unwrapped.ok) throw new Failure(`STORE DATA response: ${unwrapped.reason}`);
    session.session = unwrapped.session;
    return unwrapped.response;
  }
  const wrapped = scp03WrapCommand(session.session, plain);
  session.session = wrapped.session;
  const response = card.transmit(wrapped.apdu);
  const unwrapped = scp03UnwrapResponse(session.session, response);
  if (!unwrapped.ok) throw new Failure(`STORE DATA response: ${unwrapped.reason}`);
  return unwrapped.response;
}
