import type { Db } from '../../../db/client';
import { listCardRecords } from '../../../db/queries/jobs';
import { findKey } from '../../../db/queries/keys';
import { findProfileVersion } from '../../../db/queries/profiles';
import { parseProfile, type ProfileDocument } from '../../emv/profile';
import { describePreparedDgis } from '../../emv/profile/prepared-view';
import { AppError } from '../../errors';
import { openPreparedCard } from '../../jobs/card-preparation/profile-chunk';
import { openCardholderRecord } from '../cardholder-seal';
import { maskPanEverywhere } from '../mask-pan-everywhere';
import { requireJob } from './job-workflow';

/**
 * Prepared cards as a person may see them: PAN masked, every DGI decoded with its tags named, and
 * each secret only as "encrypted under KEK … (KCV …)".
 */
export async function previewJobRecords(db: Db, params: { jobId: string; page: number; pageSize: number }) {
  const job = await requireJob(db, params.jobId);
  if (!job.profileVersionId) {
    throw new AppError(
      'CONFLICT',
      `Job ${job.reference} was made before card profiles; its records are not shown any more.`,
    );
  }
  const kek = await findKey(db, { id: job.kekKeyId });
  const rows = await listCardRecords(db, {
    jobId: job.id,
    limit: params.pageSize,
    offset: (params.page - 1) * params.pageSize,
  });
  const version = await findProfileVersion(db, { id: job.profileVersionId });
  const parsed = version ? parseProfile(version.document) : null;
  const document = parsed?.ok ? parsed.profile : undefined;
  return {
    total: job.preparedRows,
    cards: rows.map((record) => cardView(job.id, document, kek?.label, record)),
  };
}

/** A prepared card: surface and every application's DGIs decoded, secrets described, PAN masked. */
function cardView(
  jobId: string,
  document: ProfileDocument | undefined,
  kekLabel: string | undefined,
  record: {
    rowNumber: number;
    panMasked: string;
    cardholderSealed: string;
    recordSealed: string | null;
    problems: string[] | null;
  },
) {
  const content = openPreparedCard(jobId, record);
  const { pan } = openCardholderRecord(record.cardholderSealed, `${jobId}/${record.rowNumber}`);
  const view = {
    rowNumber: record.rowNumber,
    panMasked: record.panMasked,
    problems: record.problems ?? [],
    surface: content.surface,
    applications: content.applications.map((app) => {
      const template = document?.applications.find((t) => t.identity.aid === app.aid);
      const dgis = describePreparedDgis(
        template,
        app.dgis,
        `encrypted under KEK ${kekLabel ?? app.kek.id} (KCV ${app.kek.kcv})`,
      );
      return {
        name: app.name,
        aid: app.aid,
        kekKcv: app.kek.kcv,
        dgis: dgis.map(({ data: _data, bytes: _bytes, ...dgi }) => dgi),
      };
    }),
  };
  return maskPanEverywhere(view, pan);
}
