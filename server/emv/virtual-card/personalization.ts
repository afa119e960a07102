/**
 * STORE DATA on the card side (EMV CPS v1.1 section 4.3.5; GP Card Spec 2.3 11.11): inside an open
 * secure channel with C-MAC, P2 numbers the commands from 00, P1 b8 flags the last one and b7-b6 '11'
 * says the DGIs of the command are encrypted under the DEK. Each DGI is checked as it arrives; the last
 * command ends personalization, after which the application refuses STORE DATA (6985).
 */
import type { CommandApdu } from '../crypto/command-apdu';
import { checkDgi, isSecretDgi } from './application-data';
import { decryptDgiData, type ScpProtocol } from './dgi-encryption';
import { takeCompleteDgis } from './dgi-stream';
import { type CardReply, refusal, reply } from './payment-state';
import { SW } from './status-words';

export interface PersonalizationState {
  /** P2 the next STORE DATA must carry. */
  nextSequence: number;
  /** Bytes of a DGI continued in the next command. */
  pending: Buffer;
  pendingEncrypted: boolean;
  /** Accepted DGIs, clear, in arrival order. */
  dgis: Map<string, Buffer>;
}

export function newPersonalization(): PersonalizationState {
  return { nextSequence: 0, pending: Buffer.alloc(0), pendingEncrypted: false, dgis: new Map() };
}

/** GP 2.3 Table 11-93 / CPS: P1 b8 last block; b7-b6 '00' clear, '11' encrypted; b5-b4 '00' or '01' DGI. */
function parseP1(p1: number): { last: boolean; encrypted: boolean } | undefined {
  const encryption = (p1 >> 5) & 0x03;
  const structure = (p1 >> 3) & 0x03;
  if (encryption === 0x01 || encryption === 0x02 || structure > 1 || (p1 & 0x07) !== 0) return undefined;
  return { last: (p1 & 0x80) !== 0, encrypted: encryption === 0x03 };
}

/**
 * One STORE DATA, already unwrapped from the secure channel. `dek` decrypts encrypted DGIs. On the last
 * command `finished` is true and the caller compiles the application from `state.dgis`.
 */
export function storeData(
  state: PersonalizationState,
  apdu: CommandApdu,
  protocol: ScpProtocol,
  dek: Buffer,
): { reply: CardReply; finished: boolean } {
  const fail = (sw: number, reason: string) => ({ reply: refusal(sw, reason), finished: false });
  const p1 = parseP1(apdu.p1);
  if (!p1) return fail(SW.incorrectP1P2, `STORE DATA P1 ${hex(apdu.p1)} is not a CPS coding`);
  if (apdu.p2 !== state.nextSequence) {
    return fail(
      SW.incorrectP1P2,
      `STORE DATA sequence number ${hex(apdu.p2)}, expected ${hex(state.nextSequence)}`,
    );
  }
  if (state.pending.length > 0 && state.pendingEncrypted !== p1.encrypted) {
    return fail(SW.incorrectData, 'a DGI continued over two STORE DATA commands changed its encryption flag');
  }
  const { dgis, rest } = takeCompleteDgis(Buffer.concat([state.pending, apdu.data]));
  for (const { dgi, data } of dgis) {
    if (state.dgis.has(dgi)) return fail(SW.incorrectData, `DGI ${dgi} was already stored`);
    if (isSecretDgi(dgi) && !p1.encrypted) {
      return fail(
        SW.incorrectData,
        `DGI ${dgi} holds secret data and must be sent encrypted (P1 b7-b6 = 11)`,
      );
    }
    let clear = data;
    if (p1.encrypted) {
      const decrypted = decryptDgiData(protocol, dek, data);
      if (!decrypted.ok) return fail(SW.incorrectData, `DGI ${dgi}: ${decrypted.reason}`);
      clear = decrypted.clear;
    }
    const problem = checkDgi(dgi, clear, state.dgis);
    if (problem) return fail(SW.incorrectData, problem);
    state.dgis.set(dgi, clear);
  }
  state.pending = rest;
  state.pendingEncrypted = p1.encrypted;
  state.nextSequence = (state.nextSequence + 1) & 0xff;
  if (p1.last && rest.length > 0) {
    return fail(
      SW.incorrectData,
      `the last STORE DATA leaves DGI ${rest.subarray(0, 2).toString('hex')} incomplete`,
    );
  }
  return { reply: reply(Buffer.alloc(0), SW.ok), finished: p1.last };
}

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}
