/**
 * The test terminal's EMV transaction against anything with `transmit` (EMV 4.4 Book 3 section 10,
 * Book 4): application selection, GET PROCESSING OPTIONS, read application data, offline data
 * authentication, processing restrictions, cardholder verification, terminal risk management, terminal
 * action analysis, first GENERATE AC, online authorisation at the issuer host, issuer authentication,
 * second GENERATE AC. The report lists each step with passed / failed / skipped and a reason in words,
 * and the whole APDU transcript with secrets redacted and PANs masked.
 */
import { toHex } from '../bytes';
import { terminalCapabilities, terminalSettings, type TerminalConfig } from './config';
import { cardholderVerification } from './cardholder-verification';
import { STEP_TITLES, type StepId, type StepResult, type TerminalContext, skip } from './context';
import { completeTransaction, firstGenerateAc } from './generate-ac';
import { offlineDataAuthentication, panOf } from './offline-data-authentication';
import type { CardLink } from './personalize';
import { initiateApplicationProcessing, readApplicationData } from './read-data';
import { processingRestrictions, terminalActionAnalysis, terminalRiskManagement } from './risk';
import { selectApplication } from './selection';
import { Transcript, maskPans, type TranscriptEntry } from './transcript';

export interface TransactionReport {
  /** Every step passed (none failed) and the card approved the transaction. */
  passed: boolean;
  outcome: 'approved' | 'declined' | 'aborted';
  interface: 'contact' | 'contactless';
  aid?: string;
  steps: StepResult[];
  /** Terminal Verification Results at the end, hex. */
  tvr: string;
  /** CVM Results (9F34), hex. */
  cvmResults?: string;
  transcript: TranscriptEntry[];
}

/** n-format BCD of `digits` on `bytes` bytes (Book 3 4.3). */
function bcd(value: string | number, bytes: number): Buffer {
  return Buffer.from(String(value).padStart(bytes * 2, '0'), 'hex');
}

function initialTerminalData(
  config: TerminalConfig,
  settings: TerminalContext['settings'],
): Map<string, Buffer> {
  const t = settings.transaction;
  return new Map<string, Buffer>([
    ['9F02', bcd(t.amount, 6)],
    ['9F03', bcd(t.amountOther, 6)],
    ['9F1A', bcd(t.country, 2)],
    ['5F2A', bcd(t.currency, 2)],
    ['9A', bcd(t.date, 3)],
    ['9F21', bcd(t.time, 3)],
    ['9C', bcd(t.type, 1)],
    ['9F35', Buffer.from(settings.terminalType, 'hex')],
    ['9F33', terminalCapabilities(settings.interface)],
    ['9F40', Buffer.from('F000F0A001', 'hex')],
    ['9F66', Buffer.from('36004000', 'hex')],
    ['9F37', config.random(4)],
    ['95', Buffer.alloc(5)],
    ['9F34', Buffer.alloc(3)],
    ['9F45', Buffer.alloc(2)],
    ['9F4C', Buffer.alloc(8)],
  ]);
}

const ORDER: readonly StepId[] = Object.keys(STEP_TITLES) as StepId[];

/** Adds "not reached" for every step after the last one recorded. */
function closeSteps(ctx: TerminalContext): void {
  const done = new Set(ctx.steps.map((step) => step.id));
  const last = ctx.steps[ctx.steps.length - 1];
  for (const id of ORDER) {
    if (!done.has(id))
      skip(ctx, id, `not reached: the transaction ended at ${last ? last.title.toLowerCase() : 'the start'}`);
  }
}

export async function runTransaction(link: CardLink, config: TerminalConfig): Promise<TransactionReport> {
  const settings = terminalSettings.parse(config);
  const ctx: TerminalContext = {
    config,
    settings,
    link,
    transcript: new Transcript(),
    steps: [],
    tvr: Buffer.alloc(5),
    terminal: initialTerminalData(config, settings),
    card: new Map(),
    records: [],
  };
  link.powerOn?.(settings.interface);
  let outcome: TransactionReport['outcome'] = 'aborted';
  if (selectApplication(ctx) && initiateApplicationProcessing(ctx) && readApplicationData(ctx)) {
    offlineDataAuthentication(ctx);
    processingRestrictions(ctx);
    cardholderVerification(ctx);
    terminalRiskManagement(ctx);
    const requested = terminalActionAnalysis(ctx);
    const approvedOffline = await firstGenerateAc(ctx, requested);
    if (ctx.firstAc?.type === 'ARQC') {
      const final = await completeTransaction(ctx);
      if (final) outcome = final === 'TC' ? 'approved' : 'declined';
    } else if (ctx.firstAc) {
      outcome = approvedOffline ? 'approved' : 'declined';
    }
  }
  closeSteps(ctx);
  const pans = ctx.card.has('5A') ? [panOf(ctx)] : [];
  return {
    passed: outcome === 'approved' && ctx.steps.every((step) => step.status !== 'failed'),
    outcome,
    interface: settings.interface,
    ...(ctx.aid ? { aid: toHex(ctx.aid) } : {}),
    steps: ctx.steps,
    tvr: toHex(ctx.tvr),
    cvmResults: toHex(ctx.terminal.get('9F34')!),
    transcript: maskPans(ctx.transcript.entries, pans),
  };
}
