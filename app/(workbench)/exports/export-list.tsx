'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge } from '../../_components/ui/badge';
import { Card } from '../../_components/ui/card';
import { Table, Td, Th } from '../../_components/ui/table';
import { QueryState } from '../../_components/ui/query-state';
import { useTRPC } from '../../_trpc/client';

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
                <Th>File</Th>
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
                    <a
                      href={`/api/jobs/${job.id}/output`}
                      download
                      onClick={() =>
                        setTimeout(
                          () => void queryClient.invalidateQueries(trpc.exports.list.queryFilter()),
                          1000,
                        )
                      }
                      className="text-brand-700 hover:underline"
                    >
                      Download {job.reference}.jsonl
                    </a>
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
