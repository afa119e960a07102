'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge } from '../../_components/ui/badge';
import { Card } from '../../_components/ui/card';
import { Table, Td, Th } from '../../_components/ui/table';
import { QueryState } from '../../_components/ui/query-state';
import { useTRPC } from '../../_trpc/client';
import { formatFileSize } from '../jobs/new/upload-file';

export function ExportList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const jobs = useQuery(trpc.exports.list.queryOptions());
  return (
    <Card>
      <QueryState
        query={jobs}
        empty={{
          title: 'Nothing released yet',
          hint: <>Files appear here once a security officer releases a prepared job for your bureau.</>,
        }}
      >
        {(data) => (
          <Table>
            <thead>
              <tr>
                <Th>Job</Th>
                <Th>Records</Th>
                <Th>Status</Th>
                <Th>Files</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.map((job) => (
                <tr key={job.id} data-testid="export-row">
                  <Td className="font-medium">{job.reference}</Td>
                  <Td>{job.records}</Td>
                  <Td>
                    <div className="flex flex-col items-start gap-1">
                      <Badge tone={job.status === 'released' ? 'info' : 'success'}>{job.status}</Badge>
                      {job.oneTimeDownload ? <Badge tone="warning">one-time download</Badge> : null}
                    </div>
                  </Td>
                  <Td>
                    <ul className="space-y-1">
                      {job.files.length === 0 ? (
                        <li className="text-sm text-slate-500">No files: a job made before card profiles</li>
                      ) : null}
                      {job.files
                        .map((f) => ({
                          href: `/api/jobs/${job.id}/files/${f.kind}`,
                          label: f.fileName,
                          detail: `${formatFileSize(f.bytes)} · SHA-256 ${f.sha256.slice(0, 16)}…`,
                          taken: f.taken
                            ? `downloaded by ${f.taken.by} on ${f.taken.at.toLocaleString()}`
                            : null,
                        }))
                        .map((file) =>
                          job.oneTimeDownload && file.taken ? (
                            <li key={file.href} data-testid="taken-file">
                              <span className="text-slate-500 line-through">{file.label}</span>{' '}
                              <span className="text-xs text-slate-600">
                                {file.taken}: a one-time file. If the transfer failed, ask a security officer
                                to re-open it.
                              </span>
                            </li>
                          ) : (
                            <li key={file.href}>
                              <a
                                href={file.href}
                                download
                                onClick={() =>
                                  setTimeout(
                                    () => void queryClient.invalidateQueries(trpc.exports.list.queryFilter()),
                                    1000,
                                  )
                                }
                                className="text-brand-700 hover:underline"
                              >
                                Download {file.label}
                              </a>{' '}
                              <span className="font-mono text-xs text-slate-500">{file.detail}</span>
                              {file.taken ? (
                                <span className="block text-xs text-slate-500">{file.taken}</span>
                              ) : null}
                            </li>
                          ),
                        )}
                    </ul>
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
