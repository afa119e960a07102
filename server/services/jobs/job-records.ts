import type { Db } from '../../../db/client';
import { listCardRecords } from '../../../db/queries/jobs';
import { findKey } from '../../../db/queries/keys';
import { dataElement, tagName } from '../../emv/data-dictionary';
import { requireJob } from './job-workflow';

/**
 * Prepared records as a person may see them: PAN masked, every tag with its name, and each secret
 * only as "encrypted under KEK … (KCV …)".
 */
export async function previewJobRecords(db: Db, params: { jobId: string; page: number; pageSize: number }) {
  const job = await requireJob(db, params.jobId);
  const kek = await findKey(db, { id: job.kekKeyId });
  const rows = await listCardRecords(db, {
    jobId: job.id,
    limit: params.pageSize,
    offset: (params.page - 1) * params.pageSize,
  });
  return {
    total: job.preparedRows,
    records: rows.map((record) => ({
      rowNumber: record.rowNumber,
      panMasked: record.panMasked,
      aid: record.application.aid,
      tags: [
        { tag: '5A', name: tagName('5A'), value: record.panMasked },
        ...record.application.tags.map((t) => ({
          tag: t.tag,
          name: tagName(t.tag),
          value: readable(t.tag, t.value),
        })),
      ],
      secrets: record.application.secrets.map((secret) => ({
        name: secret.name,
        kcv: secret.kcv,
        protection: `encrypted under KEK ${kek?.label ?? record.application.kekKeyRef} (KCV ${record.application.kekKcv})`,
      })),
    })),
  };
}

/** Text elements (formats an, ans) are shown as their characters with the hex beside them. */
function readable(tag: string, hex: string): string {
  const format = dataElement(tag)?.format;
  if (format !== 'an' && format !== 'ans') return hex;
  return `"${Buffer.from(hex, 'hex').toString('latin1')}" (${hex})`;
}
