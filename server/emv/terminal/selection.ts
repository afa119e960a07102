/**
 * Application selection (EMV 4.4 Book 1 section 12): contactless through the PPSE '2PAY.SYS.DDF01'
 * (EMV Contactless Book B 3.3: the FCI's BF0C lists the Directory Entries '61'); contact through the
 * PSE '1PAY.SYS.DDF01' (12.3.2: READ RECORD of the directory SFI named by tag 88), or the terminal's
 * AID list when the card has no PSE (12.3.3). Candidates are taken in Application Priority order.
 */
import { toHex } from '../bytes';
import { decodeTlv, findTag, type TlvNode } from '../tlv/ber-tlv';
import { PPSE_AID, PSE_AID } from '../virtual-card/virtual-card';
import { SW, describeStatusWord, responseDataOf, statusWordOf } from '../virtual-card/status-words';
import { type TerminalContext, apdu, cardSays, exchange, fail, pass } from './context';

const STEP = 'application-selection' as const;

interface Candidate {
  aid: Buffer;
  label?: string;
  priority: number;
}

function select(ctx: TerminalContext, name: Buffer): Buffer {
  return exchange(ctx, STEP, apdu(0x00, 0xa4, 0x04, 0x00, name, 0x00), { kind: 'raw' });
}

function entriesOf(nodes: readonly TlvNode[]): Candidate[] {
  return nodes
    .filter((node) => node.tag === '61')
    .flatMap((entry) => {
      const aid = findTag(entry.children ?? [], '4F');
      if (!aid) return [];
      const priority = findTag(entry.children ?? [], '87')?.value[0] ?? 0;
      const label = findTag(entry.children ?? [], '50')?.value.toString('latin1');
      return [{ aid: Buffer.from(aid.value), label, priority: priority & 0x0f || 16 }];
    });
}

/** Book 1 12.3.2: the PSE's directory records, read until the card answers 6A83. */
function readPse(ctx: TerminalContext, fci: Buffer): Candidate[] | string {
  const sfi = findTag(decodeTlv(fci), '88')?.value[0];
  if (sfi === undefined) return 'the PSE FCI has no SFI of the directory file (88)';
  const candidates: Candidate[] = [];
  for (let record = 1; record <= 16; record++) {
    const response = exchange(ctx, STEP, apdu(0x00, 0xb2, record, (sfi << 3) | 4, undefined, 0x00));
    const sw = statusWordOf(response);
    if (sw === SW.recordNotFound) break;
    if (sw !== SW.ok) return `READ RECORD ${record} of the PSE directory answered ${describeStatusWord(sw)}`;
    candidates.push(...entriesOf(decodeTlv(responseDataOf(response))[0]?.children ?? []));
  }
  return candidates;
}

function supported(ctx: TerminalContext, aid: Buffer): boolean {
  const list = ctx.settings.supportedAids;
  if (!list) return true;
  return list.some((terminalAid) => toHex(aid).startsWith(terminalAid));
}

function directoryCandidates(ctx: TerminalContext): { candidates: Candidate[]; source: string } | string {
  const contactless = ctx.settings.interface === 'contactless';
  const name = contactless ? PPSE_AID : PSE_AID;
  const response = select(ctx, name);
  const sw = statusWordOf(response);
  if (sw === SW.ok) {
    const fci = decodeTlv(responseDataOf(response));
    if (contactless) {
      const directory = findTag(fci, 'BF0C');
      return { candidates: entriesOf(directory?.children ?? []), source: 'the PPSE' };
    }
    const a5 = findTag(fci, 'A5');
    const read = readPse(ctx, a5 ? a5.value : Buffer.alloc(0));
    return typeof read === 'string' ? read : { candidates: read, source: 'the PSE' };
  }
  if (contactless) {
    return `SELECT 2PAY.SYS.DDF01 answered ${describeStatusWord(sw)}: the card has no PPSE, which contactless selection needs${cardSays(ctx)}`;
  }
  const list = ctx.settings.supportedAids ?? [];
  if (list.length === 0) {
    return `SELECT 1PAY.SYS.DDF01 answered ${describeStatusWord(sw)} and the terminal has no AID list to try`;
  }
  return {
    candidates: list.map((aid) => ({ aid: Buffer.from(aid, 'hex'), priority: 16 })),
    source: 'the terminal AID list (the card has no PSE)',
  };
}

/** Runs selection; on success the FCI's data objects are in `ctx.card` and the AID in `ctx.aid`. */
export function selectApplication(ctx: TerminalContext): boolean {
  const found = directoryCandidates(ctx);
  if (typeof found === 'string') {
    fail(ctx, STEP, found);
    return false;
  }
  const candidates = found.candidates
    .filter((c) => supported(ctx, c.aid))
    .sort((a, b) => a.priority - b.priority);
  if (candidates.length === 0) {
    fail(ctx, STEP, `${found.source} lists no application the terminal supports`);
    return false;
  }
  const problems: string[] = [];
  for (const candidate of candidates) {
    const response = select(ctx, candidate.aid);
    const sw = statusWordOf(response);
    if (sw !== SW.ok) {
      problems.push(`SELECT ${toHex(candidate.aid)} answered ${describeStatusWord(sw)}${cardSays(ctx)}`);
      continue;
    }
    const fci = decodeTlv(responseDataOf(response));
    const dfName = findTag(fci, '84')?.value;
    const a5 = findTag(fci, 'A5');
    if (!dfName || !dfName.subarray(0, candidate.aid.length).equals(candidate.aid) || !a5) {
      problems.push(`the FCI of ${toHex(candidate.aid)} has no matching DF Name (84) or no A5 template`);
      continue;
    }
    ctx.aid = Buffer.from(dfName);
    collect(ctx.card, a5.children ?? []);
    const label = ctx.card.get('50')?.toString('latin1');
    pass(ctx, STEP, `selected ${toHex(dfName)}${label ? ` (${label})` : ''} from ${found.source}`);
    return true;
  }
  fail(ctx, STEP, problems.join('; '));
  return false;
}

/** Keeps primitive data objects by tag; a second occurrence is an error the caller may report. */
export function collect(
  into: Map<string, Buffer>,
  nodes: readonly TlvNode[],
  duplicates: string[] = [],
): void {
  for (const node of nodes) {
    if (node.children) {
      collect(into, node.children, duplicates);
    } else {
      if (into.has(node.tag)) duplicates.push(node.tag);
      into.set(node.tag, Buffer.from(node.value));
    }
  }
}
