/**
 * The state a terminal keeps through one transaction (EMV 4.4 Book 3 section 10, Book 4): the data
 * objects it holds and received, the Terminal Verification Results, the report's steps and the APDU
 * transcript. Steps record "passed", "failed" or "skipped" with a reason in words.
 */
import { toHex } from '../bytes';
import { TVR_BITS } from '../profile/bits';
import type { AflEntry } from '../profile/afl';
import type { RsaPublicKey } from '../certificates/rsa';
import type { DolEntry } from '../tlv/dol';
import type { CardLink } from './personalize';
import type { ParsedTerminalSettings, TerminalConfig } from './config';
import { type CommandView, Transcript } from './transcript';

export type StepId =
  | 'application-selection'
  | 'initiate-application-processing'
  | 'read-application-data'
  | 'offline-data-authentication'
  | 'processing-restrictions'
  | 'cardholder-verification'
  | 'terminal-risk-management'
  | 'terminal-action-analysis'
  | 'first-generate-ac'
  | 'online-authorisation'
  | 'issuer-authentication'
  | 'second-generate-ac';

export const STEP_TITLES: Readonly<Record<StepId, string>> = {
  'application-selection': 'Application selection',
  'initiate-application-processing': 'GET PROCESSING OPTIONS',
  'read-application-data': 'Read application data (AFL records)',
  'offline-data-authentication': 'Offline data authentication',
  'processing-restrictions': 'Processing restrictions',
  'cardholder-verification': 'Cardholder verification',
  'terminal-risk-management': 'Terminal risk management',
  'terminal-action-analysis': 'Terminal action analysis',
  'first-generate-ac': 'First GENERATE AC',
  'online-authorisation': 'Online authorisation at the issuer host',
  'issuer-authentication': 'Issuer authentication',
  'second-generate-ac': 'Second GENERATE AC',
};

export interface StepResult {
  id: StepId;
  title: string;
  status: 'passed' | 'failed' | 'skipped';
  reason: string;
}

/** A record as read, with what ODA took of it (Book 3 10.3). */
export interface RecordRead {
  sfi: number;
  record: number;
  oda: boolean;
  /** The bytes the static data to be authenticated took from it. */
  signedPart?: Buffer;
}

export interface TerminalContext {
  config: TerminalConfig;
  settings: ParsedTerminalSettings;
  link: CardLink;
  transcript: Transcript;
  steps: StepResult[];
  tvr: Buffer;
  /** Terminal data sent to the card (9F02, 9A, 95 …), by tag. */
  terminal: Map<string, Buffer>;
  /** Card data from the FCI, the GPO response and the records, by tag. */
  card: Map<string, Buffer>;
  aid?: Buffer;
  pdolData?: Buffer;
  afl?: AflEntry[];
  records: RecordRead[];
  staticData?: Buffer;
  oda?: 'sda' | 'dda' | 'cda';
  iccKey?: RsaPublicKey;
  cdol1?: DolEntry[];
  cdol2?: DolEntry[];
  cdol1Data?: Buffer;
  firstAc?: { type: string; ac: Buffer; response: Buffer };
  authorisation?: { approved: boolean; arc: Buffer; issuerAuthenticationData?: Buffer };
  issuerAuthenticationFailed?: boolean;
}

export function setTvr(ctx: TerminalContext, id: string): void {
  const bit = TVR_BITS.find((entry) => entry.id === id);
  if (!bit) throw new RangeError(`unknown TVR bit ${id}`);
  ctx.tvr[bit.byte - 1]! |= 1 << (bit.bit - 1);
  ctx.terminal.set('95', Buffer.from(ctx.tvr));
}

export function hasTvr(ctx: TerminalContext, id: string): boolean {
  const bit = TVR_BITS.find((entry) => entry.id === id)!;
  return (ctx.tvr[bit.byte - 1]! & (1 << (bit.bit - 1))) !== 0;
}

export function exchange(ctx: TerminalContext, step: StepId, apdu: Buffer, view?: CommandView): Buffer {
  const response = ctx.link.transmit(apdu);
  ctx.transcript.record(STEP_TITLES[step], apdu, response, view);
  return response;
}

export function pass(ctx: TerminalContext, id: StepId, reason: string): void {
  ctx.steps.push({ id, title: STEP_TITLES[id], status: 'passed', reason });
}

export function fail(ctx: TerminalContext, id: StepId, reason: string): void {
  ctx.steps.push({ id, title: STEP_TITLES[id], status: 'failed', reason });
}

export function skip(ctx: TerminalContext, id: StepId, reason: string): void {
  ctx.steps.push({ id, title: STEP_TITLES[id], status: 'skipped', reason });
}

/** The card's diagnosis of its last refusal, as a clause to append to a reason. */
export function cardSays(ctx: TerminalContext): string {
  const diagnosis = ctx.link.explain?.();
  return diagnosis ? ` (the card says: ${diagnosis})` : '';
}

/** "SFI 2 record 1". */
export function recordName(sfi: number, record: number): string {
  return `SFI ${sfi} record ${record}`;
}

export function hexOf(value: Uint8Array | undefined): string {
  return value ? toHex(value) : '(absent)';
}

/** Builds a short command APDU (case 1 to 4). */
export function apdu(
  cla: number,
  ins: number,
  p1: number,
  p2: number,
  data?: Uint8Array,
  le?: number,
): Buffer {
  const parts = [Buffer.from([cla, ins, p1, p2])];
  if (data && data.length > 0) parts.push(Buffer.from([data.length]), Buffer.from(data));
  if (le !== undefined) parts.push(Buffer.from([le]));
  return Buffer.concat(parts);
}
