/**
 * Processing restrictions (EMV 4.4 Book 3 10.4), terminal risk management (10.6: floor limit and
 * velocity checking) and terminal action analysis (10.7: TVR against the Issuer and Terminal Action
 * Codes, denial first, then online).
 */
import { toHex } from '../bytes';
import { AUC_BITS, TVR_BITS, bitName, decodeBits } from '../profile/bits';
import { SW, responseDataOf, statusWordOf } from '../virtual-card/status-words';
import { decodeTlv } from '../tlv/ber-tlv';
import { type TerminalContext, apdu, exchange, fail, hasTvr, pass, setTvr } from './context';

function hasAuc(auc: Buffer, id: string): boolean {
  const bit = AUC_BITS.find((entry) => entry.id === id)!;
  return (auc[bit.byte - 1]! & (1 << (bit.bit - 1))) !== 0;
}

/** Book 3 10.4.2 and 10.4.3: usage control and dates. */
export function processingRestrictions(ctx: TerminalContext): void {
  const step = 'processing-restrictions' as const;
  const problems: string[] = [];
  const date = ctx.settings.transaction.date;
  const effective = ctx.card.get('5F25');
  const expiry = ctx.card.get('5F24')!;
  if (effective && toHex(effective) > date) {
    setTvr(ctx, 'application-not-yet-effective');
    problems.push(
      `the application is effective from ${toHex(effective)}, after the transaction date ${date}`,
    );
  }
  if (toHex(expiry) < date) {
    setTvr(ctx, 'expired-application');
    problems.push(`the application expired on ${toHex(expiry)}, before the transaction date ${date}`);
  }
  const auc = ctx.card.get('9F07');
  let usage = 'no Application Usage Control';
  if (auc) {
    const issuerCountry = ctx.card.get('5F28');
    const domestic =
      issuerCountry !== undefined && toHex(issuerCountry).slice(-3) === ctx.settings.transaction.country;
    const scope = domestic ? 'domestic' : 'international';
    const type = ctx.settings.transaction.type;
    const wanted = type === '01' ? [`${scope}-cash`] : [`${scope}-goods`, `${scope}-services`];
    const allowed = wanted.some((id) => hasAuc(auc, id)) && hasAuc(auc, 'terminals-other-than-atms');
    if (!allowed) {
      setTvr(ctx, 'service-not-allowed');
      problems.push(
        `Application Usage Control ${toHex(auc)} does not allow ${wanted.map((id) => bitName(AUC_BITS, id).toLowerCase()).join(' or ')} at this terminal`,
      );
    }
    usage = `usage allowed (${scope})`;
  }
  if (problems.length > 0) fail(ctx, step, problems.join('; '));
  else
    pass(ctx, step, `effective ${effective ? toHex(effective) : '(no date)'} to ${toHex(expiry)}, ${usage}`);
}

function getDataValue(ctx: TerminalContext, tag: string): Buffer | undefined {
  const tagBytes = Buffer.from(tag, 'hex');
  const response = exchange(
    ctx,
    'terminal-risk-management',
    apdu(0x80, 0xca, tagBytes[0]!, tagBytes[1]!, undefined, 0x00),
  );
  if (statusWordOf(response) !== SW.ok) return undefined;
  return decodeTlv(responseDataOf(response))[0]?.value;
}

/** Book 3 10.6.1 floor limit and 10.6.3 velocity checking (ATC and Last Online ATC Register). */
export function terminalRiskManagement(ctx: TerminalContext): void {
  const step = 'terminal-risk-management' as const;
  const notes: string[] = [];
  const { amount } = ctx.settings.transaction;
  if (amount >= ctx.settings.floorLimit) {
    setTvr(ctx, 'floor-limit-exceeded');
    notes.push(`amount ${amount} is at or above the floor limit ${ctx.settings.floorLimit}`);
  }
  const lower = ctx.card.get('9F14');
  const upper = ctx.card.get('9F23');
  if (lower && upper) {
    const atc = getDataValue(ctx, '9F36');
    const lastOnline = getDataValue(ctx, '9F13');
    if (!atc || !lastOnline) {
      setTvr(ctx, 'lower-consecutive-offline-limit-exceeded');
      setTvr(ctx, 'upper-consecutive-offline-limit-exceeded');
      notes.push('the card did not give its ATC and Last Online ATC Register (GET DATA)');
    } else {
      const offline = atc.readUInt16BE(0) - lastOnline.readUInt16BE(0);
      if (lastOnline.readUInt16BE(0) === 0) setTvr(ctx, 'new-card');
      if (offline > lower[0]!) setTvr(ctx, 'lower-consecutive-offline-limit-exceeded');
      if (offline > upper[0]!) setTvr(ctx, 'upper-consecutive-offline-limit-exceeded');
      notes.push(`ATC ${atc.readUInt16BE(0)}, last online ATC ${lastOnline.readUInt16BE(0)}`);
    }
  }
  pass(ctx, step, notes.join('; ') || 'no limit exceeded');
}

function tvrNames(bits: Buffer): string {
  return decodeBits(TVR_BITS, bits)
    .ids.map((id) => bitName(TVR_BITS, id))
    .join(', ');
}

function and(a: Buffer, b: Buffer): Buffer {
  return Buffer.from(a.map((byte, i) => byte & b[i]!));
}

/**
 * Book 3 10.7: an online-capable terminal declines when the TVR meets IAC- or TAC-Denial, goes online
 * when it meets IAC- or TAC-Online, and approves offline otherwise. Absent IACs read as Book 3 says:
 * Denial all zeros, Online and Default all ones.
 */
export function terminalActionAnalysis(ctx: TerminalContext): 'AAC' | 'ARQC' | 'TC' {
  const step = 'terminal-action-analysis' as const;
  const iac = (tag: string, absent: number) => ctx.card.get(tag) ?? Buffer.alloc(5, absent);
  const tac = ctx.settings.tac;
  const denial = and(
    ctx.tvr,
    Buffer.from(iac('9F0E', 0).map((b, i) => b | Buffer.from(tac.denial, 'hex')[i]!)),
  );
  if (denial.some((b) => b !== 0)) {
    fail(
      ctx,
      step,
      `TVR ${toHex(ctx.tvr)}: ${tvrNames(denial)} meets the Denial action codes, so the terminal declines offline`,
    );
    return 'AAC';
  }
  const online = and(
    ctx.tvr,
    Buffer.from(iac('9F0F', 0xff).map((b, i) => b | Buffer.from(tac.online, 'hex')[i]!)),
  );
  const tvr = toHex(ctx.tvr);
  if (online.some((b) => b !== 0)) {
    pass(ctx, step, `TVR ${tvr}: ${tvrNames(online)} meets the Online action codes: ARQC requested`);
    return 'ARQC';
  }
  pass(
    ctx,
    step,
    `TVR ${tvr}: no action code met: TC requested${hasTvr(ctx, 'floor-limit-exceeded') ? '' : ' (below the floor limit)'}`,
  );
  return 'TC';
}
