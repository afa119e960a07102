import type { Db } from '../../../db/client';
import { findCardValidation, listCardValidations } from '../../../db/queries/job-outputs';
import type { CommandResult } from '../../emv/hsm-commands';
import { AppError } from '../../errors';
import { validationReportContext } from '../../jobs/validation/validate-job';
import { openText } from '../cardholder-seal';
import { requireJob } from './job-workflow';

type CardReport = CommandResult<'validateOnVirtualCard'>['cards'][number] & { macProblems?: string[] };

/** The sampled cards of a job and how each fared on the virtual card. */
export async function listJobValidations(db: Db, jobId: string) {
  const job = await requireJob(db, jobId);
  const rows = await listCardValidations(db, { jobId: job.id });
  return rows.map(({ rowNumber, panMasked, ok, failure, validatedAt }) => ({
    rowNumber,
    panMasked,
    ok,
    failure,
    validatedAt,
  }));
}

/**
 * One sampled card's report: personalization, each transaction's steps with reasons in words, and the
 * APDU transcript (secrets redacted and PAN masked by the bridge).
 */
export async function jobValidationReport(db: Db, jobId: string, rowNumber: number) {
  const job = await requireJob(db, jobId);
  const row = await findCardValidation(db, { jobId: job.id, rowNumber });
  if (!row) throw new AppError('NOT_FOUND', `Row ${rowNumber} of job ${job.reference} was not validated.`);
  const report = JSON.parse(
    openText(row.reportSealed, validationReportContext(job.id, rowNumber)),
  ) as CardReport;
  return {
    job: job.reference,
    rowNumber,
    panMasked: row.panMasked,
    ok: row.ok,
    failure: row.failure,
    macProblems: report.macProblems ?? [],
    personalization: report.personalization,
    transactions: report.transactions,
    transcript: report.transcript,
  };
}
