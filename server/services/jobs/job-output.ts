import { createHash } from 'node:crypto';
import type { Db } from '../../../db/client';
import { listCardRecords, transitionJob } from '../../../db/queries/jobs';
import { toHex } from '../../emv/bytes';
import { AppError } from '../../errors';
import { recordAudit } from '../audit-trail';
import { openCardholder } from '../cardholder-seal';
import { actorOf, requireRole, type ServiceContext } from '../context';
import { requireJob } from './job-workflow';

/** YYMM -> YYMMDD with the last day of the month, as EMV tag 5F24 holds it. */
function emvExpiry(yymm: string): string {
  const year = 2000 + Number(yymm.slice(0, 2));
  const month = Number(yymm.slice(2, 4));
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${yymm}${String(lastDay).padStart(2, '0')}`;
}

async function* outputLines(db: Db, jobId: string, header: Record<string, unknown>) {
  yield `${JSON.stringify(header)}\n`;
  let count = 0;
  for (let offset = 0; ; offset += 500) {
    const page = await listCardRecords(db, { jobId, limit: 500, offset });
    for (const record of page) {
      const holder = openCardholder(record.cardholderSealed, `${jobId}/${record.rowNumber}`);
      const pan = holder.pan.length % 2 ? `${holder.pan}F` : holder.pan;
      yield `${JSON.stringify({
        type: 'card',
        row: record.rowNumber,
        embossing: {
          pan: holder.pan,
          name: holder.name,
          expiry: `${holder.expiry.slice(2)}/${holder.expiry.slice(0, 2)}`,
        },
        chip: {
          aid: record.application.aid,
          kek: { id: record.application.kekKeyRef, kcv: record.application.kekKcv },
          tags: [
            { tag: '5A', value: pan },
            { tag: '5F34', value: holder.psn },
            { tag: '5F24', value: emvExpiry(holder.expiry) },
            { tag: '5F20', value: toHex(Buffer.from(holder.name, 'ascii')) },
            ...record.application.tags,
          ],
          secrets: record.application.secrets,
        },
      })}\n`;
      count++;
    }
    if (page.length < 500) break;
  }
  yield `${JSON.stringify({ type: 'trailer', records: count })}\n`;
}

/**
 * The bureau's file (docs/formats.md): JSON Lines with a header, one line per card, and a trailer
 * with the record count. Only released jobs; every download is audited; the first moves the job to
 * 'downloaded'.
 */
export async function downloadJobOutput(ctx: ServiceContext, jobId: string) {
  requireRole(ctx, 'bureau_operator');
  const job = await requireJob(ctx.db, jobId);
  if (job.status !== 'released' && job.status !== 'downloaded') {
    await recordAudit(ctx.db, actorOf(ctx), {
      category: 'security',
      action: 'job.download',
      objectType: 'job',
      objectId: job.id,
      result: 'refused',
      details: { reference: job.reference, status: job.status },
    });
    throw new AppError('FORBIDDEN', `Job ${job.reference} has not been released to the bureau.`);
  }
  const header = {
    type: 'header',
    format: 'dataprep-jsonl',
    version: 1,
    job: job.reference,
    records: job.preparedRows,
    createdAt: new Date().toISOString(),
  };
  let body = '';
  for await (const line of outputLines(ctx.db, job.id, header)) body += line;
  const sha256 = createHash('sha256').update(body).digest('hex');
  await ctx.db.transaction(async (tx) => {
    await transitionJob(tx, { id: job.id, from: ['released'], to: 'downloaded' });
    await recordAudit(tx, actorOf(ctx), {
      category: 'personalization',
      action: 'job.download',
      objectType: 'job',
      objectId: job.id,
      details: { reference: job.reference, records: job.preparedRows, sha256 },
    });
  });
  return { fileName: `${job.reference}.jsonl`, body, sha256 };
}
