/**
 * Validation of a prepared profile job before release (the virtual card): the job's CPS file is read
 * as the bureau reads it (docs/formats.md; its SHA-256 checked against the manifest), the sampled
 * cards' application MACs are checked in the HSM, and each sampled card is personalized into a virtual
 * card inside the HSM bridge and runs an EMV transaction on each of its interfaces. Each card's report
 * (steps, APDU transcript with secrets redacted and PAN masked) is kept sealed; the job becomes
 * 'validated' when every sampled card passed and no record has a problem. Rerunning after a crash
 * skips the cards already validated.
 */
import type { Db } from '../../../db/client';
import {
  countRecordsWithProblems,
  findCardRecords,
  insertCardValidations,
  listCardValidations,
  listJobOutputFiles,
} from '../../../db/queries/job-outputs';
import { findKey } from '../../../db/queries/keys';
import { setJobValidation, transitionJob, type JobRow } from '../../../db/queries/jobs';
import { applicationMacInput, parseCpsFile, type BureauCard, type ChipApplication } from '../../bureau-file';
import { digestingStream } from '../../bureau-file/file-digest';
import { maxValidationCardsPerCall } from '../../emv/hsm-commands/validation';
import type { HsmBridgeClient } from '../../hsm/bridge-client';
import { recordAudit, type Actor } from '../../services/audit-trail';
import { openCardholderRecord, sealText } from '../../services/cardholder-seal';
import { preparationContext } from '../card-preparation/profile-chunk';
import { readSealedOutput } from '../output/output-store';
import { firstFailure, validationRequest } from './validation-request';

const validator: Actor = { id: null, name: 'Virtual card validation', role: 'system', origin: 'worker' };

export const validationReportContext = (jobId: string, row: number) => `${jobId}/${row}/validation`;

/** 1 % of the cards with at least 5 (or all of them), spread evenly from the first to the last. */
export function sampleSequences(total: number, mode: 'percent' | 'all'): Set<number> {
  const size = mode === 'all' ? total : Math.min(total, Math.max(5, Math.ceil(total / 100)));
  const picked = new Set<number>();
  for (let k = 0; k < size; k++) {
    picked.add(size === 1 ? 1 : 1 + Math.round((k * (total - 1)) / (size - 1)));
  }
  return picked;
}

type Sampled = { card: BureauCard; applications: ChipApplication[] };

export async function validateJob(db: Db, bridge: HsmBridgeClient, job: JobRow): Promise<void> {
  const ctx = await preparationContext(db, job);
  const files = await listJobOutputFiles(db, { jobId: job.id });
  const cps = files.find((f) => f.kind === 'cps');
  if (!cps || !job.outputMacKey) throw new Error('the job has no bureau files to validate yet');
  const macKey = await findKey(db, { id: job.outputMacKey.keyId });
  if (!macKey) throw new Error(`the job's MAC key ${job.outputMacKey.keyId} is not in the inventory`);
  const done = new Set((await listCardValidations(db, { jobId: job.id })).map((v) => v.rowNumber));
  const sample = sampleSequences(job.preparedRows, job.parameters?.validationSample ?? 'percent');
  const file = digestingStream(readSealedOutput(job.id, 'cps'));
  const pending: Sampled[] = [];
  const fileProblems: string[] = [];

  const flush = async () => {
    const batch = pending.splice(0, pending.length);
    if (batch.length === 0) return;
    const records = await findCardRecords(db, { jobId: job.id, rows: batch.map((s) => s.card.row) });
    const panOf = new Map(
      records.map((r) => [
        r.rowNumber,
        {
          masked: r.panMasked,
          pan: openCardholderRecord(r.cardholderSealed, `${job.id}/${r.rowNumber}`).pan,
        },
      ]),
    );
    const macs = await bridge.call('macOutputData', {
      macKeyRef: macKey.hsmKeyRef,
      items: batch.flatMap((s) =>
        s.applications.map((app) => applicationMacInput(s.card, app).toString('hex').toUpperCase()),
      ),
    });
    const result = await bridge.call(
      'validateOnVirtualCard',
      validationRequest(
        ctx,
        batch.map((s) => ({
          reference: String(s.card.row),
          pan: panOf.get(s.card.row)!.pan,
          content: { surface: { embossing: [] }, applications: s.applications },
        })),
      ),
    );
    let at = 0;
    await insertCardValidations(
      db,
      batch.map((s, i) => {
        const report = result.cards[i]!;
        const macProblems = s.applications.flatMap((app) => {
          const expected = macs.macs[at++];
          return expected === app.mac ? [] : [`${app.name}: the application MAC in the file does not verify`];
        });
        const failure = macProblems[0] ?? firstFailure(report);
        return {
          jobId: job.id,
          rowNumber: s.card.row,
          panMasked: panOf.get(s.card.row)!.masked,
          ok: report.ok && macProblems.length === 0,
          failure: failure ?? null,
          reportSealed: sealText(
            JSON.stringify({ ...report, macProblems }),
            validationReportContext(job.id, s.card.row),
          ),
        };
      }),
    );
  };

  for await (const event of parseCpsFile(file.chunks)) {
    if (event.kind !== 'card' || !sample.has(event.card.sequence) || done.has(event.card.row)) continue;
    const chip = event.card.parts.find((p) => p.module === 'chip');
    if (!chip || chip.module !== 'chip') {
      fileProblems.push(`card ${event.card.sequence} (row ${event.card.row}) has no chip part`);
      continue;
    }
    pending.push({ card: event.card, applications: chip.applications });
    if (pending.length === maxValidationCardsPerCall) await flush();
  }
  await flush();
  if (file.digest().sha256 !== cps.sha256)
    fileProblems.push('the CPS file does not match the SHA-256 its manifest gives');
  await finishValidation(db, job, fileProblems);
}

async function finishValidation(db: Db, job: JobRow, fileProblems: string[]): Promise<void> {
  const validations = await listCardValidations(db, { jobId: job.id });
  const failed = validations.filter((v) => !v.ok);
  const withProblems = await countRecordsWithProblems(db, { jobId: job.id });
  const summary = {
    sampled: validations.length,
    passed: validations.length - failed.length,
    failed: failed.length,
    finishedAt: new Date().toISOString(),
  };
  const ok = failed.length === 0 && withProblems === 0 && fileProblems.length === 0;
  await db.transaction(async (tx) => {
    await setJobValidation(tx, { id: job.id, validation: summary });
    if (ok) await transitionJob(tx, { id: job.id, from: ['prepared'], to: 'validated' });
    await recordAudit(tx, validator, {
      category: ok ? 'personalization' : 'alert',
      action: ok ? 'job.validated' : 'job.validation-failed',
      objectType: 'job',
      objectId: job.id,
      result: ok ? 'success' : 'failed',
      details: {
        reference: job.reference,
        ...summary,
        recordsWithProblems: withProblems,
        ...(fileProblems.length ? { fileProblems } : {}),
        ...(failed.length ? { firstFailure: `row ${failed[0]!.rowNumber}: ${failed[0]!.failure}` } : {}),
      },
    });
  });
}
