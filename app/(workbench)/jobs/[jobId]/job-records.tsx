'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { DgiItem } from '../../../_components/emv/dgi-item';
import { Badge } from '../../../_components/ui/badge';
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
        description="Each card as the bureau file carries it, decoded DGI by DGI with tag names; PANs masked; secrets shown only by the key they are encrypted under."
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
          {records.data.cards.map((card) => (
            <li key={card.rowNumber} className="space-y-2 px-5 py-3" data-testid="record">
              <div className="flex flex-wrap items-baseline gap-3">
                <span className="font-mono font-medium">{card.panMasked}</span>
                <span className="text-xs text-slate-500">row {card.rowNumber}</span>
                {card.problems.length ? (
                  <Badge tone="danger">{card.problems.length} problem(s)</Badge>
                ) : (
                  <Badge tone="success">checks passed</Badge>
                )}
              </div>
              {card.problems.map((problem) => (
                <p key={problem} className="text-xs text-red-700" data-testid="record-problem">
                  {problem}
                </p>
              ))}
              <div className="font-mono text-xs text-slate-600" data-testid="record-surface">
                {card.surface.embossing.map((line) => (
                  <div key={line.name}>
                    <span className="text-slate-400">{line.name}:</span> {line.text}
                  </div>
                ))}
                {card.surface.track1 ? <div className="break-all">T1 {card.surface.track1}</div> : null}
                {card.surface.track2 ? <div className="break-all">T2 {card.surface.track2}</div> : null}
              </div>
              {card.applications.map((app) => (
                <details key={app.aid} className="rounded-md border border-slate-200 p-2">
                  <summary className="cursor-pointer text-sm">
                    <span className="font-medium">{app.name}</span>{' '}
                    <span className="font-mono text-xs text-slate-500">{app.aid}</span>{' '}
                    <span className="text-xs text-slate-500">
                      · {app.dgis.length} DGIs, {app.dgis.filter((d) => d.encrypted).length} encrypted
                    </span>
                  </summary>
                  <ol className="mt-2 space-y-2">
                    {app.dgis.map((dgi, i) => (
                      <DgiItem key={`${dgi.dgi}-${i}`} dgi={dgi} />
                    ))}
                  </ol>
                </details>
              ))}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
