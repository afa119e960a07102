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
          hint: <>Files appear here once a security officer releases a prepared job.</>,
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
                    <Badge tone={job.status === 'released' ? 'info' : 'success'}>{job.status}</Badge>
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
                        }))
                        .map((file) => (
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
                          </li>
                        ))}
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
