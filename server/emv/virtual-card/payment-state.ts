/**
 * The state of a personalized payment application: counters that survive a power cycle (ATC, last
 * online ATC register, PIN Try Counter) and the state of the transaction in progress, which a SELECT
 * or a reset clears (EMV 4.4 Book 3 section 6 and 10).
 */
import type { CardInterface, PaymentApplicationData } from './application-data';
import type { AcType, CryptogramScheme, CvrFacts } from './cryptogram-scheme';

export interface PersistentCounters {
  /** Application Transaction Counter (9F36), incremented by each GET PROCESSING OPTIONS. */
  atc: number;
  /** Last Online ATC Register (9F13). */
  lastOnlineAtc: number;
  /** PIN Try Counter (9F17); undefined without an offline PIN. */
  pinTryCounter?: number;
}

export interface TransactionState {
  interface: CardInterface;
  /** PDOL data (the value of tag 83) of GET PROCESSING OPTIONS; set once it succeeded. */
  pdolData?: Buffer;
  aip?: Buffer;
  atc?: Buffer;
  cdol1Data?: Buffer;
  terminalData?: Map<string, Buffer>;
  unpredictableNumber?: Buffer;
  acKey?: Buffer;
  firstAc?: { type: AcType; ac: Buffer };
  secondAc?: AcType;
  facts: CvrFacts;
}

export interface PaymentContext {
  app: PaymentApplicationData;
  scheme: CryptogramScheme;
  counters: PersistentCounters;
  tx: TransactionState;
  random: (length: number) => Buffer;
}

export interface CardReply {
  data: Buffer;
  sw: number;
  /** Why the card refused, for its diagnostics. */
  reason?: string;
}

export function newTransaction(cardInterface: CardInterface): TransactionState {
  return {
    interface: cardInterface,
    facts: {
      offlinePinPerformed: false,
      offlinePinFailed: false,
      pinTryLimitExceeded: false,
      issuerAuthentication: 'not-performed',
      cdaPerformed: false,
      ddaPerformed: false,
    },
  };
}

export function reply(data: Uint8Array, sw: number): CardReply {
  return { data: Buffer.from(data), sw };
}

export function refusal(sw: number, reason: string): CardReply {
  return { data: Buffer.alloc(0), sw, reason };
}
