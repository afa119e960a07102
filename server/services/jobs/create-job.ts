import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { findBureau } from '../../../db/queries/bureaus';
import { completeJobImport, insertJob, beginCardholderImport } from '../../../db/queries/jobs';
import { cardholderRulesOf } from '../../emv/profile/input-rows';
import { findProfileVersion } from '../../../db/queries/profiles';
import { parseProfile } from '../../emv/profile';
import { AppError } from '../../errors';
import { recordAudit } from '../audit-trail';
import { SealedFileError } from '../cardholder-seal';
import { actorOf, requireRole, type ServiceContext } from '../context';
import { CardholderFileError } from '../import/cardholder-rows';
import { textEncodings } from '../import/csv-stream';
import { importCardholderFile, type ImportProgress } from '../import/import-cardholder-file';
import { claimUpload, findUpload } from '../import/upload-store';
import { approvalSubject } from './approval-subject';
import { jobParametersInput, resolveJobKeys } from './job-parameters';

/** A job prepares an approved card profile version with the keys the analyst chooses. */
export const createJobInput = z
  .object({
    profileVersionId: z.uuid('Choose an approved profile version'),
    bureauId: z.uuid('Choose the bureau the files are for'),
    /** Each bureau file may be downloaded once (an officer can re-open one after a failed transfer). */
    oneTimeDownload: z.boolean().default(false),
    parameters: jobParametersInput,
    uploadId: z.uuid('Upload the cardholder file first'),
    encoding: z.enum(textEncodings).default('utf-8'),
    rejectionPolicy: z.enum(['all-or-nothing', 'accept-valid']).default('all-or-nothing'),
    acceptValidReason: z.string().trim().max(500).optional(),
  })
  .refine((v) => v.rejectionPolicy === 'all-or-nothing' || (v.acceptValidReason ?? '').length >= 10, {
    path: ['acceptValidReason'],
    message: 'Say in at least 10 characters why valid rows may go ahead without the rejected ones',
  });
export type CreateJobInput = z.input<typeof createJobInput>;

function jobReference(now: Date): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '');
  return `JOB-${day}-${randomBytes(3).toString('hex').toUpperCase()}`;
}

type ParsedInput = z.output<typeof createJobInput>;
type InputFacts = { inputSha256: string; acceptedRows: number; rejectionPolicy: string };

/** What the job is made of besides the file: its profile version and keys, the file's layout, what is approved. */
async function jobBasis(ctx: ServiceContext, input: ParsedInput) {
  const version = await findProfileVersion(ctx.db, { id: input.profileVersionId });
  if (!version) throw new AppError('NOT_FOUND', 'The chosen profile version does not exist.');
  if (version.status !== 'approved') {
    throw new AppError(
      'CONFLICT',
      `Version ${version.number} of the profile is ${version.status}, not approved.`,
    );
  }
  const parsed = parseProfile(version.document);
  if (!parsed.ok) throw new AppError('CONFLICT', 'The profile version no longer matches the profile format.');
  const bureau = await findBureau(ctx.db, { id: input.bureauId });
  if (!bureau) throw new AppError('NOT_FOUND', 'The chosen bureau does not exist.');
  if (!bureau.active) {
    throw new AppError('CONFLICT', `Bureau ${bureau.code} is deactivated: choose an active bureau.`);
  }
  const parameters = { ...input.parameters };
  const { keys, problems } = await resolveJobKeys(ctx.db, parsed.profile, parameters);
  if (!keys) throw new AppError('INVALID_INPUT', problems.join(' '));
  const delivery = { bureauId: bureau.id, oneTimeDownload: input.oneTimeDownload };
  return {
    columns: { profileVersionId: version.id, kekKeyId: keys.kek.id, parameters, ...delivery },
    rules: cardholderRulesOf(parsed.profile.card),
    subject: (facts: InputFacts) =>
      approvalSubject({ profileVersionId: version.id, parameters, keys, ...delivery, ...facts }),
    audit: {
      profileVersionId: version.id,
      profile: parsed.profile.name,
      version: version.number,
      bureau: bureau.code,
      oneTimeDownload: input.oneTimeDownload,
    },
  };
}

const uploadGone =
  'This upload does not exist or has expired (uploads are kept 24 hours): upload the file again.';

/**
 * Reads the uploaded cardholder file streaming and stores the job with its accepted cards (sealed at
 * rest) and its rejected rows, in one transaction: a file that cannot be read leaves no job and no
 * row behind. The upload is deleted once the job holds its cards; after a refusal it stays, so the
 * analyst can try again (e.g. with another encoding) until it expires.
 */
export async function createJob(
  ctx: ServiceContext,
  rawInput: CreateJobInput,
  options: { onProgress?: (progress: ImportProgress) => void | Promise<void> } = {},
) {
  requireRole(ctx, 'analyst');
  const input = createJobInput.parse(rawInput);
  const basis = await jobBasis(ctx, input);
  const upload = await findUpload(input.uploadId);
  if (!upload || upload.uploadedBy !== ctx.user.id) throw new AppError('NOT_FOUND', uploadGone);
  const claim = await claimUpload(upload.id);
  if (!claim) throw new AppError('CONFLICT', 'A job is already being created from this upload.');

  let job;
  try {
    job = await ctx.db.transaction(async (tx) => {
      await beginCardholderImport(tx);
      const draft = await insertJob(tx, {
        reference: jobReference(new Date()),
        ...basis.columns,
        inputFileName: upload.fileName,
        inputSha256: upload.sha256,
        totalRows: 0,
        acceptedRows: 0,
        rejectedRows: 0,
        rejectionPolicy: input.rejectionPolicy,
        acceptValidReason: input.rejectionPolicy === 'accept-valid' ? input.acceptValidReason : null,
        approvalSubject: '',
        createdBy: ctx.user.id,
      });
      const imported = await importCardholderFile(tx, {
        jobId: draft.id,
        source: claim.open(),
        encoding: input.encoding,
        rules: basis.rules,
        onProgress: options.onProgress,
      });
      if (imported.sha256 !== upload.sha256 || imported.bytes !== upload.bytes) {
        throw new SealedFileError('The stored upload does not match what was received.');
      }
      const subject = basis.subject({
        inputSha256: imported.sha256,
        acceptedRows: imported.acceptedRows,
        rejectionPolicy: input.rejectionPolicy,
      });
      const complete = await completeJobImport(tx, {
        id: draft.id,
        totalRows: imported.totalRows,
        acceptedRows: imported.acceptedRows,
        rejectedRows: imported.rejectedRows,
        approvalSubject: subject,
      });
      await recordAudit(tx, actorOf(ctx), {
        category: 'personalization',
        action: 'job.create',
        objectType: 'job',
        objectId: complete.id,
        details: {
          reference: complete.reference,
          ...basis.audit,
          file: upload.fileName,
          encoding: input.encoding,
          inputSha256: imported.sha256,
          totalRows: imported.totalRows,
          acceptedRows: imported.acceptedRows,
          rejectedRows: imported.rejectedRows,
        },
      });
      return complete;
    });
  } catch (error) {
    await claim.release();
    if (error instanceof CardholderFileError) throw new AppError('INVALID_INPUT', error.message);
    if (error instanceof SealedFileError) {
      throw new AppError('INVALID_INPUT', `${error.message} Upload the file again.`);
    }
    throw error;
  }
  await claim.remove();
  return job;
}
