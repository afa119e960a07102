'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { Fragment, useEffect, useRef } from 'react';
import { Button } from '../../../_components/ui/button';
import { Card, CardBody, CardHeader } from '../../../_components/ui/card';
import { ErrorNotice, Loading } from '../../../_components/ui/states';
import { Table, Td, Th } from '../../../_components/ui/table';
import { errorMessage, useTRPC } from '../../../_trpc/client';
import { PageHeader } from '../../page-header';
import { JobLifeCycle, JobStatusBadge } from '../job-status';
import { JobFiles } from './job-files';
import { JobRecords } from './job-records';
import { JobValidation } from './job-validation';

export function JobDetail({ jobId, viewer }: { jobId: string; viewer: { id: string; role: string } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const job = useQuery({
    ...trpc.jobs.get.queryOptions({ jobId }),
    refetchInterval: (query) =>
      ['approved', 'running'].includes(query.state.data?.status ?? '') ||
      (query.state.data?.status === 'prepared' && query.state.data.profile && !query.state.data.validation)
        ? 1000
        : false,
  });
  const refresh = () => queryClient.invalidateQueries(trpc.jobs.pathFilter());
  const submit = useMutation(trpc.jobs.submit.mutationOptions({ onSuccess: refresh }));
  const approve = useMutation(trpc.jobs.approve.mutationOptions({ onSuccess: refresh }));
  const release = useMutation(trpc.jobs.release.mutationOptions({ onSuccess: refresh }));
  const cancel = useMutation(trpc.jobs.cancel.mutationOptions({ onSuccess: refresh }));

  const samples = useRef<{ at: number; rows: number }[]>([]);
  useEffect(() => {
    if (!job.data) return;
    const list = samples.current;
    if (list.at(-1)?.rows !== job.data.preparedRows)
      list.push({ at: Date.now(), rows: job.data.preparedRows });
    while (list.length > 20) list.shift();
  }, [job.data]);

  if (job.isPending) return <Loading label="Loading job…" />;
  if (job.error) return <ErrorNotice message={errorMessage(job.error)} />;
  const j = job.data;
  const isMaker = j.createdById === viewer.id;
  const actionError = submit.error ?? approve.error ?? release.error ?? cancel.error;
  const progress = j.acceptedRows ? Math.round((j.preparedRows / j.acceptedRows) * 100) : 0;
  const pace = j.status === 'running' ? paceOf(samples.current, j.acceptedRows) : null;

  return (
    <>
      <PageHeader
        title={j.reference}
        description={
          <>
            <JobStatusBadge status={j.status} /> · created by {j.createdByName} on{' '}
            {j.createdAt.toLocaleString()}
          </>
        }
        actions={
          <div className="flex gap-2">
            {viewer.role === 'analyst' && isMaker && ['approved', 'running'].includes(j.status) ? (
              <Button variant="secondary" onClick={() => cancel.mutate({ jobId })} busy={cancel.isPending}>
                Cancel job
              </Button>
            ) : null}
            {viewer.role === 'analyst' && isMaker && j.status === 'draft' ? (
              <>
                <Button variant="secondary" onClick={() => cancel.mutate({ jobId })} busy={cancel.isPending}>
                  Cancel job
                </Button>
                <Button onClick={() => submit.mutate({ jobId })} busy={submit.isPending}>
                  Submit for approval
                </Button>
              </>
            ) : null}
            {viewer.role === 'security_officer' && j.status === 'submitted' ? (
              <Button onClick={() => approve.mutate({ jobId })} busy={approve.isPending}>
                Approve job
              </Button>
            ) : null}
            {viewer.role === 'security_officer' &&
            (j.status === 'validated' || (j.status === 'prepared' && !j.profile)) ? (
              <Button onClick={() => release.mutate({ jobId })} busy={release.isPending}>
                Release to bureau
              </Button>
            ) : null}
          </div>
        }
      />
      {actionError ? <ErrorNotice message={errorMessage(actionError)} /> : null}
      <Card>
        <CardBody className="space-y-4">
          <JobLifeCycle status={j.status} />
          {j.failureReason ? <ErrorNotice message={`Preparation failed: ${j.failureReason}`} /> : null}
          <div>
            <div className="mb-1 flex justify-between text-xs text-slate-600">
              <span>Cards prepared</span>
              <span>
                {pace ? <span className="mr-3 text-slate-500">{pace}</span> : null}
                <span data-testid="prepared-count">
                  {j.preparedRows} / {j.acceptedRows}
                </span>
              </span>
            </div>
            <div
              className="h-2 overflow-hidden rounded-full bg-slate-100"
              role="progressbar"
              aria-valuenow={progress}
              aria-valuemin={0}
              aria-valuemax={100}
            >
              <div className="h-full bg-brand-600 transition-all" style={{ width: `${progress}%` }} />
            </div>
          </div>
        </CardBody>
      </Card>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader
            title="What is approved"
            description="Two officers approve this exact subject; any change voids their approvals."
          />
          <CardBody>
            <dl className="grid grid-cols-3 gap-x-4 gap-y-2 text-sm">
              <dt className="text-slate-500">Card profile</dt>
              <dd className="col-span-2">
                {j.profile ? (
                  <Link className="text-brand-700 hover:underline" href={`/profiles/${j.profile.id}`}>
                    {j.profile.name} v{j.profile.version}
                  </Link>
                ) : (
                  '— (a job made before card profiles)'
                )}
              </dd>
              <dt className="text-slate-500">Bureau</dt>
              <dd className="col-span-2" data-testid="job-bureau">
                {j.bureau ? (
                  <>
                    {j.bureau.name} ({j.bureau.code}){j.bureau.active ? null : ' · deactivated'}
                  </>
                ) : (
                  '— (a job made before bureaus: no bureau operator sees it)'
                )}
                <div className="text-xs text-slate-500" data-testid="job-one-time">
                  {j.oneTimeDownload
                    ? 'One-time download: each file can be downloaded once'
                    : 'Files can be downloaded more than once'}
                </div>
              </dd>
              {j.inputs.map((input) => (
                <Fragment key={input.name}>
                  <dt className="text-slate-500">{j.inputs.length > 1 ? input.label : 'Input file'}</dt>
                  <dd className="col-span-2" data-testid="job-input" data-input={input.name}>
                    {input.fileName}
                    <div className="break-all font-mono text-xs text-slate-500">SHA-256 {input.sha256}</div>
                    {j.inputs.length > 1 ? (
                      <div className="text-xs text-slate-600" data-testid="job-input-counts">
                        {input.totalRows} rows · {input.usedRows}{' '}
                        {input.name === 'cardholder' ? 'accepted' : 'joined'} ·{' '}
                        <span className={input.rejectedRows ? 'text-red-600' : ''}>
                          {input.rejectedRows} rejected
                        </span>
                      </div>
                    ) : null}
                  </dd>
                </Fragment>
              ))}
              <dt className="text-slate-500">Rows</dt>
              <dd className="col-span-2">
                {j.totalRows} in file · {j.acceptedRows} accepted ·{' '}
                <span className={j.rejectedRows ? 'text-red-600' : ''}>{j.rejectedRows} rejected</span> (
                {j.rejectionPolicy})
                {j.acceptValidReason ? (
                  <div className="text-xs text-slate-500">Reason: {j.acceptValidReason}</div>
                ) : null}
              </dd>
              {j.keys.map((key) => (
                <Fragment key={key.role}>
                  <dt className="text-slate-500">{key.role}</dt>
                  <dd className="col-span-2" data-testid="job-key">
                    {key.label}
                    {key.kcv ? (
                      <span className="font-mono text-xs text-slate-500"> KCV {key.kcv}</span>
                    ) : null}
                  </dd>
                </Fragment>
              ))}
              <dt className="text-slate-500">Subject</dt>
              <dd className="col-span-2 break-all font-mono text-xs">{j.approvalSubject}</dd>
            </dl>
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Approvals" description="Two distinct security officers, neither the maker." />
          <CardBody>
            {j.approvals.length === 0 ? (
              <p className="text-sm text-slate-500">No approvals yet.</p>
            ) : (
              <ul className="space-y-2 text-sm" data-testid="approvals">
                {j.approvals.map((a) => (
                  <li key={a.officerId} className="flex justify-between">
                    <span>
                      ✓ {a.officerName}{' '}
                      {a.valid ? null : <span className="text-red-600">(for another subject: void)</span>}
                    </span>
                    <span className="text-xs text-slate-500">{a.approvedAt.toLocaleString()}</span>
                  </li>
                ))}
              </ul>
            )}
          </CardBody>
        </Card>
      </div>
      {j.rejections.length ? (
        <Card>
          <CardHeader
            actions={
              <a
                className="text-sm text-brand-700 hover:underline"
                href={`/api/jobs/${jobId}/rejections`}
                download
              >
                Download as CSV
              </a>
            }
            title={`Rejected rows (${j.rejectedRows})`}
            description="Row numbers count the header as row 1, as a spreadsheet does."
          />
          <Table data-testid="rejections">
            <thead>
              <tr>
                {j.inputs.length > 1 ? <Th>File</Th> : null}
                <Th>Row</Th>
                <Th>Field</Th>
                <Th>Value</Th>
                <Th>Reason</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {j.rejections.map((r) => (
                <tr key={`${r.input}-${r.rowNumber}-${r.field}`}>
                  {j.inputs.length > 1 ? (
                    <Td>{j.inputs.find((input) => input.name === r.input)?.label ?? r.input}</Td>
                  ) : null}
                  <Td>{r.rowNumber}</Td>
                  <Td>{r.field}</Td>
                  <Td className="font-mono text-xs">{r.value}</Td>
                  <Td>{r.reason}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
      ) : null}
      {j.profile && ['prepared', 'validated', 'released', 'downloaded'].includes(j.status) ? (
        <JobValidation
          jobId={jobId}
          job={j}
          canRelease={viewer.role === 'security_officer' && j.status === 'prepared'}
          onReleased={refresh}
        />
      ) : null}
      {j.outputFiles.length ? (
        <JobFiles
          jobId={jobId}
          files={j.outputFiles}
          oneTimeDownload={j.oneTimeDownload}
          canReopen={viewer.role === 'security_officer'}
          onReopened={refresh}
        />
      ) : null}
      {j.preparedRows > 0 ? <JobRecords jobId={jobId} total={j.preparedRows} /> : null}
    </>
  );
}

/** Cards per second over the last samples of the prepared count, and the time left at that rate. */
function paceOf(samples: { at: number; rows: number }[], total: number): string | null {
  const first = samples[0];
  const last = samples.at(-1);
  if (!first || !last || last.at - first.at < 1000 || last.rows <= first.rows) return null;
  const rate = ((last.rows - first.rows) * 1000) / (last.at - first.at);
  const seconds = Math.round((total - last.rows) / rate);
  const eta = seconds >= 60 ? `${Math.floor(seconds / 60)} min ${seconds % 60} s` : `${seconds} s`;
  return `${rate.toFixed(1)} cards/s · about ${eta} left`;
}
