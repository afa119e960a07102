'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Lock } from 'lucide-react';
import { useState } from 'react';
import { Button } from '../../../_components/ui/button';
import { Card, CardHeader } from '../../../_components/ui/card';
import { ErrorNotice, Loading } from '../../../_components/ui/states';
import { errorMessage, useTRPC } from '../../../_trpc/client';

const pageSize = 10;

export function JobRecords({ jobId, total }: { jobId: string; total: number }) {
  const trpc = useTRPC();
  const [page, setPage] = useState(1);
  const records = useQuery({
    ...trpc.jobs.records.queryOptions({ jobId, page, pageSize }),
    placeholderData: keepPreviousData,
  });
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <Card>
      <CardHeader
        title="Prepared records"
        description="PANs masked; secrets shown only by the key they are encrypted under."
        actions={
          <div className="flex items-center gap-2 text-sm">
            <Button variant="secondary" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
              Previous
            </Button>
            <span>
              Page {page} of {pages}
            </span>
            <Button variant="secondary" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
              Next
            </Button>
          </div>
        }
      />
      {records.isPending ? (
        <Loading />
      ) : records.error ? (
        <div className="p-5">
          <ErrorNotice message={errorMessage(records.error)} />
        </div>
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="records">
          {records.data.records.map((record) => (
            <li key={record.rowNumber} className="px-5 py-3" data-testid="record">
              <div className="flex items-baseline gap-3">
                <span className="font-mono font-medium">{record.panMasked}</span>
                <span className="text-xs text-slate-500">
                  row {record.rowNumber} · AID {record.aid}
                </span>
              </div>
              <div className="mt-2 grid gap-4 md:grid-cols-2">
                <table className="text-xs">
                  <tbody>
                    {record.tags.map((tag) => (
                      <tr key={tag.tag}>
                        <td className="pr-2 font-mono text-slate-500">{tag.tag}</td>
                        <td className="pr-2 text-slate-600">{tag.name}</td>
                        <td className="font-mono">{tag.value}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <ul className="space-y-1 text-xs">
                  {record.secrets.map((secret) => (
                    <li
                      key={secret.name}
                      className="flex items-center gap-1.5 rounded bg-amber-50 px-2 py-1 text-amber-900"
                      data-testid="record-secret"
                    >
                      <Lock className="size-3.5 shrink-0" aria-label="encrypted" />{' '}
                      <strong>{secret.name}</strong>: {secret.protection}, key KCV {secret.kcv}
                    </li>
                  ))}
                </ul>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
