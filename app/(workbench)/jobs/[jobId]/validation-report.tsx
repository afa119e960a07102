'use client';

import { useQuery } from '@tanstack/react-query';
import { TlvTree } from '../../../_components/emv/dgi-item';
import { Badge } from '../../../_components/ui/badge';
import { CardBody } from '../../../_components/ui/card';
import { QueryState } from '../../../_components/ui/query-state';
import { useTRPC } from '../../../_trpc/client';

const tone = { passed: 'success', failed: 'danger', skipped: 'neutral' } as const;

/** Downloads what is on screen as a JSON file (the report holds no secret and only masked PANs). */
function download(name: string, content: unknown) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(content, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

/** One sampled card's report: personalization, each transaction's steps in words, the APDU transcript. */
export function ValidationReport({ jobId, rowNumber }: { jobId: string; rowNumber: number }) {
  const trpc = useTRPC();
  const report = useQuery(trpc.jobs.validationReport.queryOptions({ jobId, rowNumber }));
  return (
    <QueryState query={report}>
      {(r) => (
        <CardBody className="space-y-4 border-t border-slate-200" data-testid="validation-report">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h3 className="text-sm font-semibold text-slate-900">
              Row {r.rowNumber} · <span className="font-mono">{r.panMasked}</span>
            </h3>
            <button
              type="button"
              className="text-sm text-brand-700 hover:underline"
              onClick={() => download(`${r.job}-row-${r.rowNumber}-validation.json`, r)}
            >
              Download report
            </button>
          </div>
          {r.macProblems.map((problem) => (
            <p key={problem} className="text-sm text-red-700">
              {problem}
            </p>
          ))}
          <p className="text-sm">
            Personalization (GlobalPlatform secure channel, STORE DATA per DGI):{' '}
            {r.personalization.ok ? (
              <Badge tone="success">passed</Badge>
            ) : (
              <span className="text-red-700">
                failed in {r.personalization.failure?.application}: {r.personalization.failure?.reason}
              </span>
            )}
          </p>
          {r.transactions.map((t) => (
            <div key={`${t.interface}-${t.aid}`} className="space-y-1">
              <h4 className="text-sm font-medium text-slate-800">
                {t.interface} transaction on {t.aid}: {t.outcome}{' '}
                <span className="font-mono text-xs text-slate-500">TVR {t.tvr}</span>
              </h4>
              <ol className="space-y-1" data-testid="validation-steps">
                {t.steps.map((step) => (
                  <li key={step.name} className="flex gap-2 text-sm">
                    <Badge tone={tone[step.status]}>{step.status}</Badge>
                    <span className="font-medium">{step.title}</span>
                    <span className="text-slate-600">{step.detail}</span>
                  </li>
                ))}
              </ol>
            </div>
          ))}
          <details>
            <summary className="cursor-pointer text-sm text-slate-700">
              APDU transcript ({r.transcript.length} exchanges, secrets redacted)
            </summary>
            <ol className="mt-2 space-y-2" data-testid="transcript">
              {r.transcript.map((entry, i) => (
                <li key={i} className="rounded border border-slate-200 p-2 text-xs">
                  <div className="text-slate-500">{entry.step}</div>
                  <div>
                    <span className="font-medium">{entry.command.name}</span>{' '}
                    <code className="break-all text-slate-700">{entry.command.hex}</code>
                    {entry.command.note ? (
                      <span className="ml-1 text-slate-500">({entry.command.note})</span>
                    ) : null}
                  </div>
                  {entry.command.decoded?.length ? <TlvTree nodes={entry.command.decoded} /> : null}
                  <div>
                    ↳{' '}
                    <span className={entry.response.sw === '9000' ? 'text-emerald-700' : 'text-red-700'}>
                      {entry.response.status}
                    </span>{' '}
                    <code className="break-all text-slate-600">{entry.response.hex}</code>
                  </div>
                  {entry.response.decoded?.length ? <TlvTree nodes={entry.response.decoded} /> : null}
                </li>
              ))}
            </ol>
          </details>
        </CardBody>
      )}
    </QueryState>
  );
}
