import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { insertJob, insertJobCards, insertJobRejections } from '../../../db/queries/jobs';
import { findCardTemplateWithApplication } from '../../../db/queries/templates';
import { maskPan } from '../../emv/pan';
import { AppError } from '../../errors';
import { recordAudit } from '../audit-trail';
import { sealCardholder } from '../cardholder-seal';
import { actorOf, requireRole, type ServiceContext } from '../context';
import { CardholderFileError, validateCardholderCsv } from '../import/cardholder-rows';
import { approvalSubject } from './approval-subject';
import { requireJobKey } from './job-keys';

export const maxInputBytes = 5 * 1024 * 1024;

export const createJobInput = z
  .object({
    cardTemplateId: z.uuid('Choose a card template'),
    imkKeyId: z.uuid('Choose the issuer master key (MK-AC)'),
    kekKeyId: z.uuid('Choose the transport key (KEK)'),
    fileName: z.string().trim().min(1).max(200),
    content: z.string().max(maxInputBytes, `The file is larger than ${maxInputBytes / 1024 / 1024} MB`),
    rejectionPolicy: z.enum(['all-or-nothing', 'accept-valid']).default('all-or-nothing'),
    acceptValidReason: z.string().trim().max(500).optional(),
  })
  .refine((v) => v.rejectionPolicy === 'all-or-nothing' || (v.acceptValidReason ?? '').length >= 10, {
    path: ['acceptValidReason'],
    message: 'Say in at least 10 characters why valid rows may go ahead without the rejected ones',
  });
export type CreateJobInput = z.infer<typeof createJobInput>;

function jobReference(now: Date): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '');
  return `JOB-${day}-${randomBytes(3).toString('hex').toUpperCase()}`;
}

/**
 * Validates every row of the cardholder file and stores the job with its accepted cards (sealed at
 * rest) and its rejected rows, in one transaction: a file that cannot be read leaves nothing behind.
 */
export async function createJob(ctx: ServiceContext, input: CreateJobInput) {
  requireRole(ctx, 'analyst');
  const template = await findCardTemplateWithApplication(ctx.db, { id: input.cardTemplateId });
  if (!template) throw new AppError('NOT_FOUND', 'The chosen card template does not exist.');
  const imk = await requireJobKey(ctx.db, input.imkKeyId, 'E0', 'issuer master key (MK-AC)');
  const kek = await requireJobKey(ctx.db, input.kekKeyId, 'K0', 'transport KEK');
  let validated;
  try {
    validated = validateCardholderCsv(input.content);
  } catch (error) {
    if (error instanceof CardholderFileError) throw new AppError('INVALID_INPUT', error.message);
    throw error;
  }
  const inputSha256 = createHash('sha256').update(input.content, 'utf8').digest('hex');
  const subject = approvalSubject({
    cardTemplateId: template.card.id,
    cardTemplateVersion: template.card.version,
    applicationTemplateId: template.application.id,
    applicationTemplateVersion: template.application.version,
    inputSha256,
    acceptedRows: validated.accepted.length,
    rejectionPolicy: input.rejectionPolicy,
    imk: { id: imk.id, kcv: imk.kcv },
    kek: { id: kek.id, kcv: kek.kcv },
  });
  const rejectedRowCount = new Set(validated.rejected.map((r) => r.row)).size;

  return ctx.db.transaction(async (tx) => {
    const job = await insertJob(tx, {
      reference: jobReference(new Date()),
      cardTemplateId: template.card.id,
      imkKeyId: imk.id,
      kekKeyId: kek.id,
      inputFileName: input.fileName,
      inputSha256,
      totalRows: validated.total,
      acceptedRows: validated.accepted.length,
      rejectedRows: rejectedRowCount,
      rejectionPolicy: input.rejectionPolicy,
      acceptValidReason: input.rejectionPolicy === 'accept-valid' ? input.acceptValidReason : null,
      approvalSubject: subject,
      createdBy: ctx.user.id,
    });
    await insertJobCards(
      tx,
      validated.accepted.map(({ row, cardholder }) => ({
        jobId: job.id,
        rowNumber: row,
        panMasked: maskPan(cardholder.pan),
        cardholderSealed: sealCardholder(cardholder, `${job.id}/${row}`),
      })),
    );
    await insertJobRejections(
      tx,
      validated.rejected.map((problem) => ({ jobId: job.id, rowNumber: problem.row, ...problem })),
    );
    await recordAudit(tx, actorOf(ctx), {
      category: 'personalization',
      action: 'job.create',
      objectType: 'job',
      objectId: job.id,
      details: {
        reference: job.reference,
        file: input.fileName,
        inputSha256,
        totalRows: validated.total,
        acceptedRows: validated.accepted.length,
        rejectedRows: rejectedRowCount,
      },
    });
    return job;
  });
}
