'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Badge } from '../../_components/ui/badge';
import { Button } from '../../_components/ui/button';
import { Card } from '../../_components/ui/card';
import { QueryState } from '../../_components/ui/query-state';
import { ErrorNotice } from '../../_components/ui/states';
import { Table, Td, Th } from '../../_components/ui/table';
import { errorMessage, useTRPC } from '../../_trpc/client';

export function BureauList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const bureaus = useQuery(trpc.bureaus.list.queryOptions());
  const [asking, setAsking] = useState<string | null>(null);
  const deactivate = useMutation(
    trpc.bureaus.deactivate.mutationOptions({
      onSuccess: () => {
        setAsking(null);
        void queryClient.invalidateQueries(trpc.bureaus.list.queryFilter());
      },
    }),
  );
  return (
    <Card>
      {deactivate.error ? <ErrorNotice message={errorMessage(deactivate.error)} /> : null}
      <QueryState query={bureaus} empty={{ title: 'No bureau yet', hint: <>Add the first one above.</> }}>
        {(data) => (
          <Table data-testid="bureaus">
            <thead>
              <tr>
                <Th>Code</Th>
                <Th>Name</Th>
                <Th>Added</Th>
                <Th>Status</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.map((b) => (
                <tr key={b.id} data-testid="bureau-row">
                  <Td className="font-mono text-xs">{b.code}</Td>
                  <Td>{b.name}</Td>
                  <Td className="text-xs text-slate-500">
                    {b.createdAt.toLocaleString()} by {b.createdByName ?? 'the demo seed'}
                  </Td>
                  <Td>
                    <div className="flex flex-col items-start gap-1.5">
                      {b.active ? (
                        <Badge tone="success">active</Badge>
                      ) : (
                        <Badge tone="neutral">deactivated</Badge>
                      )}
                      {b.active && asking !== b.id ? (
                        <button
                          type="button"
                          className="text-xs text-brand-700 hover:underline"
                          onClick={() => setAsking(b.id)}
                          aria-label={`Deactivate ${b.code}`}
                        >
                          Deactivate
                        </button>
                      ) : null}
                      {b.active && asking === b.id ? (
                        <div className="space-y-1.5">
                          <p className="max-w-72 text-xs text-slate-600">
                            No new job can name {b.code}, and its operators can no longer see or download
                            files. This cannot be undone.
                          </p>
                          <div className="flex gap-2">
                            <Button
                              variant="danger"
                              className="h-7 px-2.5 text-xs"
                              busy={deactivate.isPending}
                              onClick={() => deactivate.mutate({ bureauId: b.id })}
                            >
                              Deactivate
                            </Button>
                            <Button
                              variant="secondary"
                              className="h-7 px-2.5 text-xs"
                              onClick={() => setAsking(null)}
                            >
                              Cancel
                            </Button>
                          </div>
                        </div>
                      ) : null}
                    </div>
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
