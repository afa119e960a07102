/**
 * Retention: the cardholder data of a job is purged a configurable number of days after the bureau
 * downloaded its files (DATAPREP_RETENTION_DAYS, default 30): its cards, prepared records, rejected
 * rows, validation reports and bureau files. The job row, its approvals and the audit trail stay; the
 * purge itself is audited. Run by the web server every hour and by `npm run worker`.
 */
import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import {
  cardRecords,
  cardValidations,
  jobCards,
  jobOutputFiles,
  jobRejections,
  jobs,
} from '../../../db/schema';
import { recordAudit, type Actor } from '../../services/audit-trail';
import { removeOutputs } from '../output/output-store';

const retention: Actor = { id: null, name: 'Retention', role: 'system', origin: 'worker' };

export function retentionDays(): number {
  const days = Number(process.env.DATAPREP_RETENTION_DAYS ?? 30);
  if (!Number.isFinite(days) || days < 0) throw new Error('DATAPREP_RETENTION_DAYS must be a number of days');
  return days;
}

/** Purges every job downloaded more than the retention period ago; returns how many. */
export async function purgeExpiredJobs(db: Db, now = new Date()): Promise<number> {
  const days = retentionDays();
  const before = new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
  const due = await db
    .select({
      id: jobs.id,
      reference: jobs.reference,
      downloadedAt: jobs.downloadedAt,
      preparedRows: jobs.preparedRows,
    })
    .from(jobs)
    .where(and(eq(jobs.status, 'downloaded'), lt(jobs.downloadedAt, before)));
  for (const job of due) {
    const purged = await db.transaction(async (tx) => {
      const [moved] = await tx
        .update(jobs)
        .set({ status: 'purged', purgedAt: now, updatedAt: now })
        .where(and(eq(jobs.id, job.id), eq(jobs.status, 'downloaded')))
        .returning({ id: jobs.id });
      if (!moved) return false;
      for (const table of [cardValidations, cardRecords, jobCards, jobRejections, jobOutputFiles]) {
        await tx.delete(table).where(eq(table.jobId, job.id));
      }
      await recordAudit(tx, retention, {
        category: 'personalization',
        action: 'job.purge',
        objectType: 'job',
        objectId: job.id,
        details: {
          reference: job.reference,
          records: job.preparedRows,
          downloadedAt: job.downloadedAt?.toISOString(),
          retentionDays: days,
        },
      });
      return true;
    });
    if (purged) await removeOutputs(job.id);
  }
  return due.length;
}
