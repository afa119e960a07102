import { describe, expect, it } from 'vitest';
import type { KeyRow } from '../../../db/queries/keys';
import { approvalSubject } from './approval-subject';
import type { JobKeys } from './job-parameters';

const key = (id: string, kcv: string) => ({ id, kcv }) as KeyRow;

const keys: JobKeys = {
  kek: key('0a0a0a0a-0000-4000-8000-000000000001', 'ABC123'),
  masterKeys: new Map([['E0', key('0a0a0a0a-0000-4000-8000-000000000002', 'DEF456')]]),
  issuers: new Map(),
};

const base = {
  profileVersionId: '0a0a0a0a-0000-4000-8000-00000000000a',
  parameters: {
    kekKeyId: keys.kek.id,
    masterKeys: {},
    issuerCertificates: {},
    validationSample: 'all' as const,
  },
  keys,
  inputSha256: 'ab'.repeat(32),
  acceptedRows: 3,
  rejectionPolicy: 'all-or-nothing',
  bureauId: '0b0b0b0b-0000-4000-8000-000000000001',
  oneTimeDownload: false,
};

describe('the approval subject of a job', () => {
  it('is a SHA-256 in hex, the same for the same fields', () => {
    expect(approvalSubject(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(approvalSubject({ ...base })).toBe(approvalSubject(base));
  });

  it('changes with the bureau, so an approval for one bureau does not count for another', () => {
    expect(approvalSubject({ ...base, bureauId: '0b0b0b0b-0000-4000-8000-000000000002' })).not.toBe(
      approvalSubject(base),
    );
  });

  it('changes with the one-time download choice', () => {
    expect(approvalSubject({ ...base, oneTimeDownload: true })).not.toBe(approvalSubject(base));
  });
});
