import { createHash } from 'node:crypto';
import type { JobParameters } from '../../../db/schema/jobs';
import type { JobKeys } from './job-parameters';

/**
 * What two officers approve, as one SHA-256: the approved (immutable) profile version, the input
 * file's hash and accepted rows, each additional input file's hash and joined rows, the policy, every
 * key and certificate with its KCV, and where the files go: the bureau and whether each file may be
 * downloaded only once. An approval recorded for another subject does not count. (Jobs made before
 * card profiles carry a subject of the retired form 'dataprep-job-approval-v1', jobs made before
 * bureaus one of the form 'dataprep-job-approval-v2'; neither is computed any more.)
 */
export function approvalSubject(fields: {
  profileVersionId: string;
  parameters: JobParameters;
  keys: JobKeys;
  inputSha256: string;
  acceptedRows: number;
  rejectionPolicy: string;
  bureauId: string;
  oneTimeDownload: boolean;
  /** Every additional input's file, by input name. */
  additionalInputs?: readonly { name: string; sha256: string; joinedRows: number }[];
}): string {
  const { keys } = fields;
  const canonical = JSON.stringify([
    'dataprep-job-approval-v3',
    fields.profileVersionId,
    fields.inputSha256,
    fields.acceptedRows,
    fields.rejectionPolicy,
    fields.parameters.validationSample,
    [keys.kek.id, keys.kek.kcv],
    [...keys.masterKeys]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([usage, key]) => [usage, key.id, key.kcv]),
    [...keys.issuers]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([app, issuer]) => [app, issuer.certificateId, issuer.certificate]),
    keys.pinKey ? [keys.pinKey.id, keys.pinKey.kcv, keys.pinBlockFormat] : null,
    [fields.bureauId, fields.oneTimeDownload],
    [...(fields.additionalInputs ?? [])]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((input) => [input.name, input.sha256, input.joinedRows]),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
