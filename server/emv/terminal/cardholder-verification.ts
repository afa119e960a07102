/**
 * Cardholder verification (EMV 4.4 Book 3 10.5, Annex C3): the CV Rules of the CVM List in order; a
 * rule whose condition holds is performed if the terminal supports its method, else it counts as
 * failed, and "apply the next rule" decides whether the list goes on. Offline plaintext PIN reads the
 * PIN Try Counter (GET DATA 9F17) and sends VERIFY with the PIN entered at the terminal (settings.testPin:
 * the test PIN, or in validation inside the HSM bridge the cardholder's own PIN) in the Book 3 Table 24
 * block.
 */
import { toHex } from '../bytes';
import {
  CVM_CONDITIONS,
  CVM_METHODS,
  type CvmCondition,
  type CvmMethod,
  type CvmRule,
} from '../profile/schema/application';
import { decodeCvmList } from '../profile/cvm';
import { decodeTlv } from '../tlv/ber-tlv';
import { SW, describeStatusWord, responseDataOf, statusWordOf } from '../virtual-card/status-words';
import { type TerminalContext, apdu, cardSays, exchange, fail, pass, setTvr, skip } from './context';

const STEP = 'cardholder-verification' as const;

/** The methods this terminal performs, per interface (its 9F33 byte 2). */
function supports(ctx: TerminalContext, method: CvmMethod): boolean {
  const contact = ctx.settings.interface === 'contact';
  const methods: CvmMethod[] = ['enciphered-pin-online', 'signature', 'no-cvm-required'];
  if (contact) methods.push('plaintext-pin-by-icc', 'plaintext-pin-by-icc-and-signature');
  return methods.includes(method);
}

function conditionHolds(
  ctx: TerminalContext,
  condition: CvmCondition,
  rule: CvmRule,
  x: number,
  y: number,
): boolean {
  const { type, amount, currency } = ctx.settings.transaction;
  const sameCurrency = toHex(ctx.card.get('9F42') ?? Buffer.alloc(2)).slice(-3) === currency;
  switch (condition) {
    case 'always':
      return true;
    case 'unattended-cash':
    case 'manual-cash':
      return false;
    case 'not-unattended-cash-not-manual-cash-not-cashback':
      return type === '00';
    case 'terminal-supports-cvm':
      return supports(ctx, rule.method);
    case 'purchase-with-cashback':
      return type === '09';
    case 'application-currency-under-x':
      return sameCurrency && amount < x;
    case 'application-currency-over-x':
      return sameCurrency && amount > x;
    case 'application-currency-under-y':
      return sameCurrency && amount < y;
    case 'application-currency-over-y':
      return sameCurrency && amount > y;
  }
}

/** Book 3 Table 24: control 2, PIN length, PIN digits, F fill, 8 bytes. */
export function plaintextPinBlock(pin: string): Buffer {
  return Buffer.from(`2${pin.length.toString(16)}${pin}`.padEnd(16, 'F'), 'hex');
}

type Outcome = { ok: true; result: number; how: string } | { ok: false; why: string };

function offlinePlaintextPin(ctx: TerminalContext, problems: string[]): Outcome {
  const counter = exchange(ctx, STEP, apdu(0x80, 0xca, 0x9f, 0x17, undefined, 0x00));
  let tries: number | undefined;
  if (statusWordOf(counter) === SW.ok) tries = decodeTlv(responseDataOf(counter))[0]?.value[0];
  const expected = ctx.settings.expectations.pinTryLimit;
  if (tries !== undefined && expected !== undefined && tries !== expected) {
    problems.push(
      `PIN Try Counter (9F17) reads ${tries} before any PIN attempt, but the profile sets the PIN try limit to ${expected}`,
    );
  }
  if (tries === 0) {
    setTvr(ctx, 'pin-try-limit-exceeded');
    return { ok: false, why: 'PIN try limit exceeded: the PIN Try Counter is 0' };
  }
  const response = exchange(
    ctx,
    STEP,
    apdu(0x00, 0x20, 0x00, 0x80, plaintextPinBlock(ctx.settings.testPin)),
    {
      kind: 'redacted',
      what: 'PIN block',
    },
  );
  const sw = statusWordOf(response);
  if (sw === SW.ok)
    return {
      ok: true,
      result: 0x02,
      how: `offline plaintext PIN verified with the PIN entered at the terminal${tries === undefined ? '' : ` (PIN Try Counter was ${tries})`}`,
    };
  if (sw === SW.authenticationMethodBlocked || sw === 0x63c0) setTvr(ctx, 'pin-try-limit-exceeded');
  const wrong =
    (sw & 0xfff0) === 0x63c0 ? ': the reference PIN on the card is not the PIN entered at the terminal' : '';
  return { ok: false, why: `VERIFY answered ${describeStatusWord(sw)}${wrong}${cardSays(ctx)}` };
}

function perform(ctx: TerminalContext, rule: CvmRule, problems: string[]): Outcome {
  if (!supports(ctx, rule.method)) return { ok: false, why: `the terminal does not support ${rule.method}` };
  switch (rule.method) {
    case 'plaintext-pin-by-icc':
    case 'plaintext-pin-by-icc-and-signature':
      return offlinePlaintextPin(ctx, problems);
    case 'enciphered-pin-online':
      setTvr(ctx, 'online-pin-entered');
      return { ok: true, result: 0x00, how: 'online PIN entered (checked by the issuer)' };
    case 'signature':
      return { ok: true, result: 0x00, how: 'signature (paper)' };
    case 'no-cvm-required':
      return { ok: true, result: 0x02, how: 'no CVM required' };
    default:
      return { ok: false, why: `${rule.method} failed` };
  }
}

function cvmResults(rule: CvmRule | undefined, result: number): Buffer {
  if (!rule) return Buffer.from([0x3f, 0x00, result]);
  const method = CVM_METHODS[rule.method] | (rule.applyNextIfUnsuccessful ? 0x40 : 0);
  return Buffer.from([method, CVM_CONDITIONS[rule.condition], result]);
}

export function cardholderVerification(ctx: TerminalContext): void {
  const aip = ctx.card.get('82')!;
  if ((aip[0]! & 0x10) === 0) {
    ctx.terminal.set('9F34', cvmResults(undefined, 0x00));
    skip(ctx, STEP, 'the AIP does not ask for cardholder verification');
    return;
  }
  const { list, problems: listProblems } = decodeCvmList(ctx.card.get('8E') ?? Buffer.alloc(0));
  if (!list || listProblems.length > 0) {
    setTvr(ctx, 'icc-data-missing');
    fail(ctx, STEP, `the CVM List (8E) cannot be used: ${listProblems.join('; ') || 'absent'}`);
    return;
  }
  const problems: string[] = [];
  const tried: string[] = [];
  let results = cvmResults(undefined, 0x01);
  for (const rule of list.rules) {
    if (!conditionHolds(ctx, rule.condition, rule, list.amountX, list.amountY)) continue;
    const outcome = perform(ctx, rule, problems);
    if (outcome.ok) {
      ctx.terminal.set('9F34', cvmResults(rule, outcome.result));
      if (problems.length > 0) fail(ctx, STEP, `${outcome.how}; ${problems.join('; ')}`);
      else pass(ctx, STEP, outcome.how);
      return;
    }
    tried.push(outcome.why);
    results = cvmResults(rule, 0x01);
    if (!rule.applyNextIfUnsuccessful) break;
  }
  ctx.terminal.set('9F34', results);
  setTvr(ctx, 'cardholder-verification-failed');
  fail(
    ctx,
    STEP,
    `cardholder verification was not successful: ${[...tried, ...problems].join('; ') || 'no CV Rule applies'}`,
  );
}
