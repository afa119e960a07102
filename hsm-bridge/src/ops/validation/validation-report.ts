import { toHex } from '../../../../server/emv/bytes';
import type { CommandResult } from '../../../../server/emv/hsm-commands';
import type { BureauApplication } from '../../../../server/emv/terminal/personalize';
import type { TransactionReport } from '../../../../server/emv/terminal/run-transaction';
import type { TranscriptEntry } from '../../../../server/emv/terminal/transcript';
import { decodeTlv, type TlvNode } from '../../../../server/emv/tlv/ber-tlv';

type CardResult = CommandResult<'validateOnVirtualCard'>['cards'][number];
export type TransactionResult = CardResult['transactions'][number];

/** The terminal's report as the result carries it: each step's id, title, status and reason. */
export function transactionResult(aid: string, report: TransactionReport): TransactionResult {
  const failed = report.steps.find((step) => step.status === 'failed');
  const failure = failed
    ? `${failed.title}: ${failed.reason}`
    : report.outcome === 'approved'
      ? undefined
      : `the transaction ended ${report.outcome}`;
  return {
    interface: report.interface,
    aid,
    ok: report.passed,
    outcome: report.outcome,
    tvr: report.tvr,
    ...(report.cvmResults ? { cvmResults: report.cvmResults } : {}),
    steps: report.steps.map((step) => ({
      name: step.id,
      title: step.title,
      status: step.status,
      ok: step.status !== 'failed',
      detail: step.reason,
    })),
    ...(failure ? { failure } : {}),
  };
}

/** A transaction's transcript, each entry's step naming the transaction it belongs to. */
export function transactionTranscript(aid: string, report: TransactionReport): TranscriptEntry[] {
  return report.transcript.map((entry) => ({
    ...entry,
    step: `${report.interface} transaction, ${aid}: ${entry.step}`,
  }));
}

/** PAN digits of 5A, or before the separator D of track 2 data (57, 9F6B). */
function panDigits(node: TlvNode): string | undefined {
  const digits = toHex(node.value);
  if (node.tag === '5A') return digits.replace(/F+$/, '');
  if (node.tag === '57' || node.tag === '9F6B') return digits.split('D')[0];
  return undefined;
}

/**
 * Every PAN the clear DGIs carry (PCI DSS 3.4: masked wherever it appears, even when the caller did
 * not name it): the transcript of personalization shows the records as they are sent.
 */
export function pansInApplications(applications: readonly BureauApplication[]): string[] {
  const found = new Set<string>();
  const visit = (nodes: readonly TlvNode[]) => {
    for (const node of nodes) {
      if (node.children) visit(node.children);
      const pan = panDigits(node);
      if (pan && /^\d{12,19}$/.test(pan)) found.add(pan);
    }
  };
  for (const application of applications) {
    for (const dgi of application.dgis) {
      if (dgi.encrypted) continue;
      try {
        visit(decodeTlv(dgi.data));
      } catch {
        // Not TLV (counters, keys' check values): no PAN in it.
      }
    }
  }
  return [...found];
}
