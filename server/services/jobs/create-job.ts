import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { findBureau } from '../../../db/queries/bureaus';
import { completeJobImport, insertJob, beginCardholderImport } from '../../../db/queries/jobs';
import { cardholderRulesOf } from '../../emv/profile/input-rows';
import { findProfileVersion } from '../../../db/queries/profiles';
import { parseProfile, type AdditionalInput } from '../../emv/profile';
import { insertJobInput } from '../../../db/queries/job-inputs';
import { AppError } from '../../errors';
import { recordAudit } from '../audit-trail';
import { SealedFileError } from '../cardholder-seal';
import { actorOf, requireRole, type ServiceContext } from '../context';
import { CardholderFileError } from '../import/cardholder-rows';
import { textEncodings } from '../import/csv-stream';
import { finishJoin, joinedInputsOf, stageAdditionalInput } from '../import/additional-inputs';
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
    /** One upload per additional input of the card template, by the input's name. */
    additionalUploads: z
      .array(z.object({ input: z.string().min(1), uploadId: z.uuid('Upload this file first') }))
      .max(4)
      .default([]),
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
type InputFacts = {
  inputSha256: string;
  acceptedRows: number;
  rejectionPolicy: string;
  additionalInputs: { name: string; sha256: string; joinedRows: number }[];
};

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
    rules: cardholderRulesOf(parsed.profile.card, parsed.profile.applications),
    additionalInputs: parsed.profile.card.additionalInputs ?? [],
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
  const sources = additionalSources(basis.additionalInputs, input);
  const uploads = await Promise.all(
    [{ uploadId: input.uploadId }, ...sources].map(async ({ uploadId }) => {
      const upload = await findUpload(uploadId);
      if (!upload || upload.uploadedBy !== ctx.user.id) throw new AppError('NOT_FOUND', uploadGone);
      return upload;
    }),
  );
  const upload = uploads[0]!;
  const claims: NonNullable<Awaited<ReturnType<typeof claimUpload>>>[] = [];
  for (const each of uploads) {
    const claim = await claimUpload(each.id);
    if (!claim) {
      for (const held of claims) await held.release();
      throw new AppError('CONFLICT', 'A job is already being created from this upload.');
    }
    claims.push(claim);
  }
  const joins = joinedInputsOf(
    basis.rules,
    sources.map((source) => source.input),
  );

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
      const staged = [];
      for (const [i, joined] of joins.entries()) {
        const file = await stageAdditionalInput(tx, {
          jobId: draft.id,
          joined,
          source: claims[i + 1]!.open(),
          encoding: input.encoding,
        });
        const expected = uploads[i + 1]!;
        if (file.sha256 !== expected.sha256 || file.bytes !== expected.bytes) {
          throw new SealedFileError(
            `The stored upload of ${joined.input.label} does not match what was received.`,
          );
        }
        staged.push({ joined, file, upload: expected });
      }
      const imported = await importCardholderFile(tx, {
        jobId: draft.id,
        source: claims[0]!.open(),
        encoding: input.encoding,
        rules: basis.rules,
        joins,
        onProgress: options.onProgress,
      });
      if (imported.sha256 !== upload.sha256 || imported.bytes !== upload.bytes) {
        throw new SealedFileError('The stored upload does not match what was received.');
      }
      const joinCounts = joins.length ? await finishJoin(tx, { jobId: draft.id, inputs: joins }) : new Map();
      const additional = staged.map(({ joined, file, upload: received }) => {
        const counts = joinCounts.get(joined.input.name) ?? { joinedRows: 0, unjoinedRows: 0 };
        return {
          name: joined.input.name,
          label: joined.input.label,
          fileName: received.fileName,
          sha256: file.sha256,
          bytes: file.bytes,
          totalRows: file.totalRows,
          joinedRows: counts.joinedRows,
          rejectedRows: file.rejectedRows + counts.unjoinedRows,
        };
      });
      for (const each of additional) await insertJobInput(tx, { jobId: draft.id, ...each });
      // The policy covers every input: a rejected row of any file is a rejected row of the job.
      const rejectedRows =
        imported.rejectedRows + additional.reduce((sum, each) => sum + each.rejectedRows, 0);
      const subject = basis.subject({
        inputSha256: imported.sha256,
        acceptedRows: imported.acceptedRows,
        rejectionPolicy: input.rejectionPolicy,
        additionalInputs: additional,
      });
      const complete = await completeJobImport(tx, {
        id: draft.id,
        totalRows: imported.totalRows,
        acceptedRows: imported.acceptedRows,
        rejectedRows,
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
          rejectedRows,
          ...(additional.length
            ? {
                additionalInputs: additional.map(
                  ({ name, fileName, sha256, totalRows, joinedRows, rejectedRows }) => ({
                    name,
                    file: fileName,
                    sha256,
                    totalRows,
                    joinedRows,
                    rejectedRows,
                  }),
                ),
              }
            : {}),
        },
      });
      return complete;
    });
  } catch (error) {
    for (const claim of claims) await claim.release();
    if (error instanceof CardholderFileError) throw new AppError('INVALID_INPUT', error.message);
    if (error instanceof SealedFileError) {
      throw new AppError('INVALID_INPUT', `${error.message} Upload the file again.`);
    }
    throw error;
  }
  for (const claim of claims) await claim.remove();
  return job;
}

/** The upload of each additional input the card template names: one each, none unknown, none reused. */
function additionalSources(inputs: readonly AdditionalInput[], input: ParsedInput) {
  const byName = new Map(input.additionalUploads.map((upload) => [upload.input, upload.uploadId]));
  for (const upload of input.additionalUploads) {
    if (!inputs.some((each) => each.name === upload.input)) {
      throw new AppError(
        'INVALID_INPUT',
        `The card template has no additional input "${upload.input}": it takes ${inputs.length ? inputs.map((each) => `"${each.name}"`).join(', ') : 'only the cardholder file'}.`,
      );
    }
  }
  if (byName.size !== input.additionalUploads.length) {
    throw new AppError('INVALID_INPUT', 'Give one file per additional input.');
  }
  const ids = [input.uploadId, ...byName.values()];
  if (new Set(ids).size !== ids.length) {
    throw new AppError('INVALID_INPUT', 'Each input needs its own upload: the same file was given twice.');
  }
  return inputs.map((each) => {
    const uploadId = byName.get(each.name);
    if (!uploadId) {
      throw new AppError('INVALID_INPUT', `Upload the ${each.label} (input "${each.name}") as well.`);
    }
    return { input: each, uploadId };
  });
}
