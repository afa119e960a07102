'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { Card } from '../../_components/ui/card';
import { Table, Td, Th } from '../../_components/ui/table';
import { QueryState } from '../../_components/ui/query-state';
import { useTRPC } from '../../_trpc/client';
import { JobStatusBadge } from './job-status';

export function JobList({
  statuses,
  emptyText,
}: {
  statuses?: ('submitted' | 'prepared')[];
  emptyText?: string;
}) {
  const trpc = useTRPC();
  const jobs = useQuery({
    ...trpc.jobs.list.queryOptions(statuses ? { statuses } : undefined),
    refetchInterval: 3000,
  });
  return (
    <Card>
      <QueryState query={jobs} empty={{ title: emptyText ?? 'No jobs yet' }}>
        {(data) => (
          <Table>
            <thead>
              <tr>
                <Th>Job</Th>
                <Th>Status</Th>
                <Th>Card template</Th>
                <Th>Bureau</Th>
                <Th>Rows</Th>
                <Th>Prepared</Th>
                <Th>Created</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.map((job) => (
                <tr key={job.id} data-testid="job-row">
                  <Td>
                    <Link href={`/jobs/${job.id}`} className="font-medium text-brand-700 hover:underline">
                      {job.reference}
                    </Link>
                    <div className="text-xs text-slate-500">{job.inputFileName}</div>
                  </Td>
                  <Td>
                    <JobStatusBadge status={job.status} />
                  </Td>
                  <Td>
                    {job.templateName
                      ? `${job.templateName} v${job.templateVersion}`
                      : '— (made before card profiles)'}
                  </Td>
                  <Td className="font-mono text-xs">
                    {job.bureauCode ?? '—'}
                    {job.oneTimeDownload ? <div className="font-sans text-slate-500">one-time</div> : null}
                  </Td>
                  <Td>
                    {job.acceptedRows} accepted
                    {job.rejectedRows ? (
                      <span className="text-red-600"> · {job.rejectedRows} rejected</span>
                    ) : null}
                  </Td>
                  <Td>
                    {job.preparedRows} / {job.acceptedRows}
                  </Td>
                  <Td className="text-xs text-slate-500">
                    {job.createdByName}
                    <br />
                    {job.createdAt.toLocaleString()}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </QueryState>
    </Card>
  );
}
