import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findJob } from '../../../db/queries/jobs';
import { insertUser } from '../../../db/queries/users';
import { users } from '../../../db/schema';
import { prepareJob } from '../../jobs/prepare-job';
import type { OutputKind } from '../../jobs/output/output-store';
import { startTestBridge, type TestBridge } from '../../test-support/bridge';
import { databaseKinds } from '../../test-support/databases';
import {
  creditCsv,
  creditPans,
  profileJobInput,
  workbenchWithCreditProfile,
  type ProfileJobSetup,
} from '../../test-support/profile-jobs';
import {
  auditEventsFor,
  rejectionOf,
  testDataAtRestKey,
  type SeededWorkbench,
} from '../../test-support/workbench';
import { assignOperatorBureau } from '../bureaus/assign-operator-bureau';
import { createBureau, deactivateBureau, listBureaus } from '../bureaus/manage-bureaus';
import type { ServiceContext } from '../context';
import { listBureauExports } from './bureau-exports';
import { createJob } from './create-job';
import { downloadJobFile, reopenJobFile } from './job-output';
import { approveJob, releaseJob, submitJob } from './job-workflow';

process.env.DATA_AT_REST_KEY = testDataAtRestKey;
process.env.DATAPREP_OUTPUT_DIR ??= path.join(os.tmpdir(), 'dataprep-test-outputs');

const oneCard = creditCsv([[creditPans[0], '00', 'ALICE EXAMPLE']]);

async function drain(file: { body: AsyncIterable<Buffer> }): Promise<number> {
  let bytes = 0;
  for await (const chunk of file.body) bytes += chunk.length;
  return bytes;
}

let bridge: TestBridge;
beforeAll(async () => {
  bridge = await startTestBridge('bureau-access');
});
afterAll(() => bridge.close());

describe.each(databaseKinds)('bureaus and bureau downloads on %s', (kind) => {
  let handle: Awaited<ReturnType<typeof workbenchWithCreditProfile>>['handle'];
  let w: SeededWorkbench;
  let setup: ProfileJobSetup;
  /** Released jobs: for DEMO, for DEMO with one-time download, for ACME. */
  let demoJob: { id: string; reference: string };
  let oneTimeJob: { id: string; reference: string };
  let acmeJob: { id: string; reference: string };

  const released = async (overrides: { bureauId?: string; oneTimeDownload?: boolean }) => {
    const job = await createJob(w.ctx.analyst, await profileJobInput(w, setup, oneCard, overrides));
    await submitJob(w.ctx.analyst, job.id);
    await approveJob(w.ctx.officer1, job.id);
    await approveJob(w.ctx.officer2, job.id);
    await prepareJob(handle.db, bridge.client, job.id);
    await releaseJob(w.ctx.officer1, job.id);
    return job;
  };
  const refusalsOf = async (jobId: string) =>
    (await auditEventsFor(handle.db, jobId))
      .filter((event) => event.result === 'refused')
      .map((event) => [event.actorName, event.category, event.action, event.details]);
  /** A bureau operator of a new bureau, for tests that deactivate or reassign. */
  const newOperator = async (username: string, bureauId: string | null): Promise<ServiceContext> => {
    const user = await insertUser(handle.db, {
      username,
      displayName: `Operator ${username}`,
      role: 'bureau_operator',
      passwordHash: 'not-used',
      bureauId,
    });
    return {
      ...w.ctx.bureau,
      user: { id: user!.id, username, displayName: user!.displayName, role: 'bureau_operator' },
    };
  };

  beforeAll(async () => {
    ({ handle, w, setup } = await workbenchWithCreditProfile(kind, bridge.client));
    demoJob = await released({});
    oneTimeJob = await released({ oneTimeDownload: true });
    acmeJob = await released({ bureauId: w.bureaus.ACME });
  }, 240_000);
  afterAll(() => handle.close());

  it('lists to each operator only the released jobs of their own bureau', async () => {
    const demo = await listBureauExports(w.ctx.bureau);
    expect(demo.map((job) => [job.reference, job.oneTimeDownload]).sort()).toEqual(
      [
        [demoJob.reference, false],
        [oneTimeJob.reference, true],
      ].sort(),
    );
    expect(demo[0]!.files.map((f) => f.kind).sort()).toEqual(['cps', 'jsonl', 'manifest']);
    const acme = await listBureauExports(w.ctx.bureau2);
    expect(acme.map((job) => job.reference)).toEqual([acmeJob.reference]);
  });

  it('answers another bureau’s job exactly as a job that does not exist, and audits the attempt', async () => {
    const swapped = await rejectionOf(downloadJobFile(w.ctx.bureau2, demoJob.id, 'cps'));
    const missing = await rejectionOf(downloadJobFile(w.ctx.bureau2, randomUUID(), 'cps'));
    expect([swapped.code, swapped.message]).toEqual(['NOT_FOUND', 'This job does not exist.']);
    expect([missing.code, missing.message]).toEqual([swapped.code, swapped.message]);
    expect(await refusalsOf(demoJob.id)).toEqual([
      [
        'Bianca Bureau',
        'security',
        'job.download',
        {
          reference: demoJob.reference,
          reason: 'The job is for another bureau.',
          operatorBureau: 'ACME',
          file: 'cps',
        },
      ],
    ]);
    // Nothing was taken and the job did not move.
    expect((await findJob(handle.db, { id: demoJob.id }))!.status).toBe('released');
    const [listed] = (await listBureauExports(w.ctx.bureau)).filter((job) => job.id === demoJob.id);
    expect(listed!.files.every((f) => f.taken === null)).toBe(true);
  });

  it('lets a job without one-time download be downloaded again, and shows who took it first', async () => {
    expect(await drain(await downloadJobFile(w.ctx.bureau, demoJob.id, 'manifest'))).toBeGreaterThan(0);
    expect(await drain(await downloadJobFile(w.ctx.bureau, demoJob.id, 'manifest'))).toBeGreaterThan(0);
    const [listed] = (await listBureauExports(w.ctx.bureau)).filter((job) => job.id === demoJob.id);
    expect(listed!.files.find((f) => f.kind === 'manifest')!.taken).toEqual({
      at: expect.any(Date),
      by: 'Bruno Bureau',
    });
    const reopen = await rejectionOf(
      reopenJobFile(w.ctx.officer3, {
        jobId: demoJob.id,
        kind: 'manifest',
        reason: 'The transfer to the bureau was cut off',
      }),
    );
    expect([reopen.code, reopen.message]).toEqual([
      'CONFLICT',
      `Job ${demoJob.reference} is not a one-time download: its files can be downloaded again as they are.`,
    ]);
  });

  it('serves a one-time file once, refuses and audits a second download until an officer re-opens it', async () => {
    const kindOf: OutputKind = 'cps';
    expect(await drain(await downloadJobFile(w.ctx.bureau, oneTimeJob.id, kindOf))).toBeGreaterThan(0);
    const again = await rejectionOf(downloadJobFile(w.ctx.bureau, oneTimeJob.id, kindOf));
    expect(again.code).toBe('CONFLICT');
    expect(again.message).toMatch(
      new RegExp(
        `^[\\w.-]+\\.cps of job ${oneTimeJob.reference} can be downloaded only once, and Bruno Bureau downloaded it on \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\. If that transfer failed, ask a security officer to re-open the file\\.$`,
      ),
    );
    const refusals = await refusalsOf(oneTimeJob.id);
    expect(refusals).toEqual([
      [
        'Bruno Bureau',
        'security',
        'job.download',
        expect.objectContaining({ reference: oneTimeJob.reference, oneTime: true, reason: again.message }),
      ],
    ]);
    // The other files of the job are still there to take.
    expect(await drain(await downloadJobFile(w.ctx.bureau, oneTimeJob.id, 'jsonl'))).toBeGreaterThan(0);

    const short = await rejectionOf(
      reopenJobFile(w.ctx.officer3, { jobId: oneTimeJob.id, kind: kindOf, reason: 'failed' }),
    );
    expect(short.message).toContain('Say in at least 20 characters why the file must be downloaded again');
    const byBureau = await rejectionOf(
      reopenJobFile(w.ctx.bureau, { jobId: oneTimeJob.id, kind: kindOf, reason: 'x'.repeat(30) }),
    );
    expect([byBureau.code, byBureau.message]).toEqual(['FORBIDDEN', 'Your role does not allow this action.']);
    const notTaken = await rejectionOf(
      reopenJobFile(w.ctx.officer3, { jobId: oneTimeJob.id, kind: 'manifest', reason: 'x'.repeat(30) }),
    );
    expect(notTaken.code).toBe('CONFLICT');

    const reason = 'The bureau reports the transfer broke off at 40 %';
    await reopenJobFile(w.ctx.officer3, { jobId: oneTimeJob.id, kind: kindOf, reason });
    const reopened = (await auditEventsFor(handle.db, oneTimeJob.id)).find(
      (event) => event.action === 'job.file-reopen',
    );
    expect(reopened).toMatchObject({
      actorName: 'Omar Officer',
      category: 'alert',
      result: 'success',
      details: { reference: oneTimeJob.reference, takenBy: 'Bruno Bureau', reason },
    });
    expect(await drain(await downloadJobFile(w.ctx.bureau, oneTimeJob.id, kindOf))).toBeGreaterThan(0);
    expect((await rejectionOf(downloadJobFile(w.ctx.bureau, oneTimeJob.id, kindOf))).code).toBe('CONFLICT');
  });

  it('lets only one of two downloads racing for a one-time file through', async () => {
    const results = await Promise.allSettled([
      downloadJobFile(w.ctx.bureau, oneTimeJob.id, 'manifest'),
      downloadJobFile(w.ctx.bureau, oneTimeJob.id, 'manifest'),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    for (const r of results) if (r.status === 'fulfilled') await drain(r.value);
  });

  it('refuses to release a job whose bureau was deactivated after it was made, and audits it', async () => {
    const closing = await createBureau(w.ctx.admin, {
      code: `CLOSING-${kind}`,
      name: 'A bureau about to close',
    });
    const job = await createJob(
      w.ctx.analyst,
      await profileJobInput(w, setup, oneCard, { bureauId: closing.id }),
    );
    await submitJob(w.ctx.analyst, job.id);
    await approveJob(w.ctx.officer1, job.id);
    await approveJob(w.ctx.officer2, job.id);
    await prepareJob(handle.db, bridge.client, job.id);
    await deactivateBureau(w.ctx.admin, { bureauId: closing.id });
    const refused = await rejectionOf(releaseJob(w.ctx.officer1, job.id));
    const message = `Job ${job.reference} is for bureau ${closing.code}, which has been deactivated: none of its operators could download the files. Create a new job for an active bureau.`;
    expect([refused.code, refused.message]).toEqual(['FORBIDDEN', message]);
    expect(await refusalsOf(job.id)).toEqual([
      ['Oscar Officer', 'security', 'job.release', { reference: job.reference, reason: message }],
    ]);
    expect((await findJob(handle.db, { id: job.id }))!.status).toBe('validated');
  });

  it('refuses a job for a missing or deactivated bureau, with the reason', async () => {
    const missing = await rejectionOf(
      createJob(w.ctx.analyst, await profileJobInput(w, setup, oneCard, { bureauId: randomUUID() })),
    );
    expect([missing.code, missing.message]).toEqual(['NOT_FOUND', 'The chosen bureau does not exist.']);
    const gone = await createBureau(w.ctx.admin, { code: 'gone-1', name: 'A bureau that closed' });
    expect(gone.code).toBe('GONE-1');
    await deactivateBureau(w.ctx.admin, { bureauId: gone.id });
    const inactive = await rejectionOf(
      createJob(w.ctx.analyst, await profileJobInput(w, setup, oneCard, { bureauId: gone.id })),
    );
    expect([inactive.code, inactive.message]).toEqual([
      'CONFLICT',
      'Bureau GONE-1 is deactivated: choose an active bureau.',
    ]);
    expect((await listBureaus(w.ctx.analyst)).map((b) => b.code)).toEqual(['ACME', 'DEMO']);
    expect((await listBureaus(w.ctx.admin)).map((b) => [b.code, b.active])).toEqual([
      ['ACME', true],
      [`CLOSING-${kind.toUpperCase()}`, false],
      ['DEMO', true],
      ['GONE-1', false],
    ]);
  });

  it('lets the administrator add, deactivate and assign bureaus, each audited, and refuses mistakes', async () => {
    const north = await createBureau(w.ctx.admin, { code: ' north ', name: 'Northern Card Services' });
    const duplicate = await rejectionOf(createBureau(w.ctx.admin, { code: 'NORTH', name: 'Another one' }));
    expect([duplicate.code, duplicate.message]).toEqual([
      'CONFLICT',
      'A bureau with the code NORTH exists already (perhaps deactivated): choose another code.',
    ]);
    const badCode = await rejectionOf(createBureau(w.ctx.admin, { code: 'N', name: 'Too short a code' }));
    expect(badCode.message).toContain('A code is 2 to 16 letters, digits');
    expect((await rejectionOf(createBureau(w.ctx.analyst, { code: 'XX', name: 'Not mine' }))).code).toBe(
      'FORBIDDEN',
    );

    const operator = await newOperator(`op-${kind}`, null);
    const unassigned = await rejectionOf(listBureauExports(operator));
    expect([unassigned.code, unassigned.message]).toEqual([
      'FORBIDDEN',
      'Your account belongs to no bureau yet: ask an administrator to assign you to your bureau.',
    ]);
    expect(await assignOperatorBureau(w.ctx.admin, { userId: operator.user.id, bureauId: north.id })).toEqual(
      {
        username: operator.user.username,
        bureauCode: 'NORTH',
      },
    );
    expect(await listBureauExports(operator)).toEqual([]);
    // Another bureau's job is refused as missing for the new operator too.
    expect((await rejectionOf(downloadJobFile(operator, demoJob.id, 'jsonl'))).code).toBe('NOT_FOUND');

    const notOperator = await rejectionOf(
      assignOperatorBureau(w.ctx.admin, { userId: w.ctx.analyst.user.id, bureauId: north.id }),
    );
    expect([notOperator.code, notOperator.message]).toEqual([
      'INVALID_INPUT',
      'analyst is not a bureau operator: only bureau operators belong to a bureau.',
    ]);
    // The database refuses a bureau on any other role, whoever writes it.
    await expect(
      handle.db.update(users).set({ bureauId: north.id }).where(eq(users.id, w.ctx.analyst.user.id)),
    ).rejects.toThrow();

    await deactivateBureau(w.ctx.admin, { bureauId: north.id });
    const again = await rejectionOf(deactivateBureau(w.ctx.admin, { bureauId: north.id }));
    expect([again.code, again.message]).toEqual(['CONFLICT', 'Bureau NORTH is already deactivated.']);
    const closed = await rejectionOf(listBureauExports(operator));
    expect([closed.code, closed.message]).toEqual([
      'FORBIDDEN',
      'Your bureau NORTH has been deactivated: its files can no longer be downloaded. Ask an administrator.',
    ]);
    const toInactive = await rejectionOf(
      assignOperatorBureau(w.ctx.admin, { userId: operator.user.id, bureauId: north.id }),
    );
    expect(toInactive.message).toBe('Bureau NORTH is deactivated: choose an active bureau.');

    const actions = async (id: string) =>
      (await auditEventsFor(handle.db, id)).map((e) => [e.actorName, e.category, e.action, e.result]);
    expect(await actions(north.id)).toEqual([
      ['Adam Admin', 'management', 'bureau.create', 'success'],
      ['Adam Admin', 'management', 'bureau.deactivate', 'success'],
    ]);
    expect(await actions(operator.user.id)).toEqual([['Adam Admin', 'security', 'user.bureau', 'success']]);
  });
});
