import type { Db } from '../../../db/client';
import { findBureau } from '../../../db/queries/bureaus';
import { countRecordsWithProblems, listJobOutputFiles } from '../../../db/queries/job-outputs';
import type { JobRow } from '../../../db/queries/jobs';
import { findKey } from '../../../db/queries/keys';
import { findCardProfile, findProfileVersion } from '../../../db/queries/profiles';
import { MASTER_KEY_USAGES, type MasterKeyUsage } from '../../emv/profile';
import { issuerCertificateSummary } from './job-parameters';

/** What the job page shows of a profile job: its profile version, keys, validation and files. */
export async function profileJobDetails(db: Db, job: JobRow) {
  const [outputFiles, recordsWithProblems, bureau] = await Promise.all([
    listJobOutputFiles(db, { jobId: job.id }),
    countRecordsWithProblems(db, { jobId: job.id }),
    job.bureauId ? findBureau(db, { id: job.bureauId }) : null,
  ]);
  const base = {
    bureau: bureau ? { id: bureau.id, code: bureau.code, name: bureau.name, active: bureau.active } : null,
    oneTimeDownload: job.oneTimeDownload,
    validation: job.validation ?? null,
    recordsWithProblems,
    releaseOverrideReason: job.releaseOverrideReason,
    outputFiles: outputFiles.map(({ kind, fileName, bytes, sha256, takenAt, takenByName }) => ({
      kind,
      fileName,
      bytes,
      sha256,
      taken: takenAt ? { at: takenAt, by: takenByName ?? 'unknown' } : null,
    })),
  };
  if (!job.profileVersionId || !job.parameters) return { ...base, profile: null, keys: [] };
  const version = await findProfileVersion(db, { id: job.profileVersionId });
  const profile = version ? await findCardProfile(db, { id: version.profileId }) : null;
  const keys: { role: string; label: string; kcv: string }[] = [];
  const add = async (role: string, id: string | undefined) => {
    const key = id ? await findKey(db, { id }) : null;
    if (key) keys.push({ role, label: key.label, kcv: key.kcv });
  };
  await add('Transport KEK (K0)', job.parameters.kekKeyId);
  for (const [usage, id] of Object.entries(job.parameters.masterKeys)) {
    await add(`${MASTER_KEY_USAGES[usage as MasterKeyUsage] ?? usage} (${usage})`, id);
  }
  await add('PIN key (P0)', job.parameters.pinKeyId);
  for (const [app, id] of Object.entries(job.parameters.issuerCertificates)) {
    const summary = await issuerCertificateSummary(db, id);
    if (summary) keys.push({ role: `Issuer certificate for ${app}`, ...summary });
  }
  return {
    ...base,
    profile:
      version && profile
        ? { id: profile.id, versionId: version.id, name: profile.name, version: version.number }
        : null,
    keys,
  };
}
