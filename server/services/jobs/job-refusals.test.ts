import os from 'node:os';
import path from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findJob, insertJob } from '../../../db/queries/jobs';
import { cardRecords } from '../../../db/schema';
import { databaseKinds } from '../../test-support/databases';
import { startTestBridge, type TestBridge } from '../../test-support/bridge';
import {
  creditCsv,
  creditPans,
  profileJobInput,
  threeCreditCards,
  workbenchWithCreditProfile,
  type ProfileJobSetup,
} from '../../test-support/profile-jobs';
import {
  auditEventsFor,
  rejectionOf,
  testDataAtRestKey,
  type SeededWorkbench,
} from '../../test-support/workbench';
import { prepareJob } from '../../jobs/prepare-job';
import { createJob } from './create-job';
import { downloadJobFile } from './job-output';
import { approveJob, cancelJob, releaseJob, submitJob } from './job-workflow';

process.env.DATA_AT_REST_KEY = testDataAtRestKey;
process.env.DATAPREP_OUTPUT_DIR ??= path.join(os.tmpdir(), 'dataprep-test-outputs');

/** Luhn-valid, but its BIN 47617390 is outside the credit profile's range 99990100–99990199. */
const outsideBinRange = '4761739001010010';

let bridge: TestBridge;
beforeAll(async () => {
  bridge = await startTestBridge('job-refusals');
});
afterAll(() => bridge.close());

describe.each(databaseKinds)('job workflow refusals on %s', (kind) => {
  let handle: Awaited<ReturnType<typeof workbenchWithCreditProfile>>['handle'];
  let w: SeededWorkbench;
  let setup: ProfileJobSetup;

  beforeAll(async () => {
    ({ handle, w, setup } = await workbenchWithCreditProfile(kind, bridge.client));
  }, 120_000);
  afterAll(() => handle.close());

  const draft = async (content = threeCreditCards, overrides = {}) =>
    createJob(w.ctx.analyst, await profileJobInput(w, setup, content, overrides));
  const submitted = async () => {
    const job = await draft();
    return submitJob(w.ctx.analyst, job.id);
  };
  const refusals = async (jobId: string) =>
    (await auditEventsFor(handle.db, jobId))
      .filter((event) => event.result === 'refused')
      .map((event) => ({
        action: event.action,
        actor: event.actorName,
        category: event.category,
        details: event.details,
      }));

  it('refuses the maker as an approver, and audits the refusal', async () => {
    const job = await submitted();
    const error = await rejectionOf(approveJob(w.ctx.analyst, job.id));
    expect([error.code, error.message]).toEqual([
      'FORBIDDEN',
      'You created this job; its approvers must be two other officers.',
    ]);
    expect(await refusals(job.id)).toEqual([
      {
        action: 'job.approve',
        actor: 'Alice Analyst',
        category: 'security',
        details: {
          reference: job.reference,
          reason: 'You created this job; its approvers must be two other officers.',
        },
      },
    ]);
  });

  it('refuses the same officer approving twice: one officer cannot make the pair', async () => {
    const job = await submitted();
    await approveJob(w.ctx.officer1, job.id);
    const error = await rejectionOf(approveJob(w.ctx.officer1, job.id));
    expect([error.code, error.message]).toEqual([
      'FORBIDDEN',
      'You have already approved this job; a second officer must approve it.',
    ]);
    expect((await refusals(job.id)).map((r) => [r.action, r.actor])).toEqual([
      ['job.approve', 'Oscar Officer'],
    ]);
    const second = await approveJob(w.ctx.officer2, job.id);
    expect([second.job.status, second.approvals]).toEqual(['approved', 2]);
  });

  it('approves only submitted jobs', async () => {
    const job = await draft();
    const error = await rejectionOf(approveJob(w.ctx.officer1, job.id));
    expect([error.code, error.message]).toEqual([
      'CONFLICT',
      `Job ${job.reference} is draft; only a submitted job can be approved.`,
    ]);
  });

  it('lets only the maker submit', async () => {
    const job = await draft();
    const error = await rejectionOf(submitJob(w.ctx.officer1, job.id));
    expect([error.code, error.message]).toEqual([
      'FORBIDDEN',
      'Only the analyst who created this job can submit it.',
    ]);
    expect((await refusals(job.id)).map((r) => [r.action, r.actor])).toEqual([
      ['job.submit', 'Oscar Officer'],
    ]);
  });

  it('refuses to submit an all-or-nothing job with rejected rows, and takes valid rows when told why', async () => {
    const content = creditCsv([
      [creditPans[0], '00', 'ALICE EXAMPLE'],
      ['9999010000000012', '00', 'BAD LUHN'],
      [creditPans[2], '00', 'CAROL EXAMPLE'],
    ]);
    const strict = await draft(content);
    expect([strict.totalRows, strict.acceptedRows, strict.rejectedRows]).toEqual([3, 2, 1]);
    const error = await rejectionOf(submitJob(w.ctx.analyst, strict.id));
    expect([error.code, error.message]).toEqual([
      'CONFLICT',
      '1 row(s) were rejected and this job is all-or-nothing: fix the file and create a new job, or create it with "accept valid rows" and a reason.',
    ]);

    const lenient = await draft(content, {
      rejectionPolicy: 'accept-valid',
      acceptValidReason: 'Row 3 is reissued next week',
    });
    await submitJob(w.ctx.analyst, lenient.id);
    await approveJob(w.ctx.officer1, lenient.id);
    await approveJob(w.ctx.officer2, lenient.id);
    await prepareJob(handle.db, bridge.client, lenient.id);
    const records = await handle.db
      .select()
      .from(cardRecords)
      .where(eq(cardRecords.jobId, lenient.id))
      .orderBy(asc(cardRecords.rowNumber));
    expect(records.map((r) => [r.rowNumber, r.panMasked])).toEqual([
      [2, '999901******0011'],
      [4, '999901******0037'],
    ]);
  });

  it('refuses to submit a job without accepted cards', async () => {
    const job = await draft(creditCsv([[outsideBinRange, '00', 'OUTSIDE THE RANGE']]), {
      rejectionPolicy: 'accept-valid',
      acceptValidReason: 'Testing the empty case',
    });
    const error = await rejectionOf(submitJob(w.ctx.analyst, job.id));
    expect([error.code, error.message]).toEqual([
      'CONFLICT',
      'This job has no accepted cards: fix the file and create a new job.',
    ]);
  });

  it('refuses a download before release, and audits it', async () => {
    const job = await submitted();
    await approveJob(w.ctx.officer1, job.id);
    await approveJob(w.ctx.officer2, job.id);
    await prepareJob(handle.db, bridge.client, job.id);
    const error = await rejectionOf(downloadJobFile(w.ctx.bureau, job.id, 'cps'));
    expect([error.code, error.message]).toEqual([
      'FORBIDDEN',
      `Job ${job.reference} has not been released to the bureau.`,
    ]);
    expect(await refusals(job.id)).toEqual([
      {
        action: 'job.download',
        actor: 'Bruno Bureau',
        category: 'security',
        details: { reference: job.reference, status: 'validated', file: 'cps' },
      },
    ]);
    const byOfficer = await rejectionOf(downloadJobFile(w.ctx.officer1, job.id, 'cps'));
    expect([byOfficer.code, byOfficer.message]).toEqual([
      'FORBIDDEN',
      'Your role does not allow this action.',
    ]);
  });

  it('refuses a release by the maker, and a release of a job that is not prepared', async () => {
    const job = await submitted();
    const byMaker = await rejectionOf(releaseJob(w.ctx.analyst, job.id));
    expect([byMaker.code, byMaker.message]).toEqual([
      'FORBIDDEN',
      'You created this job; another officer must release it.',
    ]);
    expect((await refusals(job.id)).map((r) => [r.action, r.actor])).toEqual([
      ['job.release', 'Alice Analyst'],
    ]);
    const early = await rejectionOf(releaseJob(w.ctx.officer1, job.id));
    expect([early.code, early.message]).toEqual([
      'CONFLICT',
      `Job ${job.reference} is submitted; it cannot be released now.`,
    ]);
  });

  it('lets only the maker cancel, and refuses an analyst approving or a bureau operator releasing', async () => {
    const job = await submitted();
    const other = { ...w.ctx.analyst, user: { ...w.ctx.analyst.user, id: w.ctx.officer2.user.id } };
    const cancel = await rejectionOf(cancelJob(other, job.id));
    expect([cancel.code, cancel.message]).toEqual([
      'FORBIDDEN',
      'Only the analyst who created this job can cancel it.',
    ]);
    const byBureau = await rejectionOf(approveJob(w.ctx.bureau, job.id));
    expect([byBureau.code, byBureau.message]).toEqual(['FORBIDDEN', 'Your role does not allow this action.']);
    expect((await findJob(handle.db, { id: job.id }))!.status).toBe('submitted');
  });

  it('cancels a submitted job, after which it can be neither approved nor cancelled again', async () => {
    const job = await submitted();
    expect((await cancelJob(w.ctx.analyst, job.id)).status).toBe('cancelled');
    const approve = await rejectionOf(approveJob(w.ctx.officer1, job.id));
    expect(approve.message).toBe(`Job ${job.reference} is cancelled; only a submitted job can be approved.`);
    const again = await rejectionOf(cancelJob(w.ctx.analyst, job.id));
    expect([again.code, again.message]).toEqual([
      'CONFLICT',
      `Job ${job.reference} is cancelled; it cannot be cancelled now.`,
    ]);
  });

  it('refuses a job whose keys have the wrong usage, and an unknown job', async () => {
    const { masterKeys, kekKeyId } = setup.parameters;
    const swapped = {
      ...setup,
      parameters: { ...setup.parameters, masterKeys: { ...masterKeys, E0: kekKeyId } },
    };
    const wrongUsage = await rejectionOf(
      createJob(w.ctx.analyst, await profileJobInput(w, swapped, threeCreditCards)),
    );
    expect([wrongUsage.code, wrongUsage.message]).toEqual([
      'INVALID_INPUT',
      'The Application cryptograms (MK-AC) key must be a key of usage E0; "K0 profile job test" has usage K0.',
    ]);
    const unknown = await rejectionOf(submitJob(w.ctx.analyst, '00000000-0000-4000-8000-000000000000'));
    expect([unknown.code, unknown.message]).toEqual(['NOT_FOUND', 'This job does not exist.']);
  });

  it('refuses to release a job made before card profiles: it has no bureau files', async () => {
    const legacy = await insertJob(handle.db, {
      reference: `JOB-LEGACY-${kind}`,
      kekKeyId: setup.parameters.kekKeyId,
      status: 'prepared',
      inputFileName: 'cardholders.csv',
      inputSha256: '0'.repeat(64),
      totalRows: 1,
      acceptedRows: 1,
      rejectedRows: 0,
      preparedRows: 1,
      approvalSubject: 'f'.repeat(64),
      createdBy: w.ctx.analyst.user.id,
    });
    const error = await rejectionOf(releaseJob(w.ctx.officer1, legacy.id));
    expect([error.code, error.message]).toEqual([
      'CONFLICT',
      `Job JOB-LEGACY-${kind} was made before card profiles and has no bureau files; create it again from a profile version.`,
    ]);
    expect((await findJob(handle.db, { id: legacy.id }))!.status).toBe('prepared');
  });
});
