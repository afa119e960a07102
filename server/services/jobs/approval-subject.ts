import { createHash } from 'node:crypto';

export interface ApprovalSubjectFields {
  cardTemplateId: string;
  cardTemplateVersion: number;
  applicationTemplateId: string;
  applicationTemplateVersion: number;
  inputSha256: string;
  acceptedRows: number;
  rejectionPolicy: string;
  imk: { id: string; kcv: string };
  kek: { id: string; kcv: string };
}

/**
 * What two officers approve, as one SHA-256: the template versions, the input file's hash, the
 * parameters and the keys. An approval recorded for another subject does not count.
 */
export function approvalSubject(fields: ApprovalSubjectFields): string {
  const canonical = JSON.stringify([
    'dataprep-job-approval-v1',
    fields.cardTemplateId,
    fields.cardTemplateVersion,
    fields.applicationTemplateId,
    fields.applicationTemplateVersion,
    fields.inputSha256,
    fields.acceptedRows,
    fields.rejectionPolicy,
    fields.imk.id,
    fields.imk.kcv,
    fields.kek.id,
    fields.kek.kcv,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
