'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Badge } from '../../../_components/ui/badge';
import { Button } from '../../../_components/ui/button';
import { Card, CardBody, CardHeader } from '../../../_components/ui/card';
import { Field, TextInput } from '../../../_components/ui/form-field';
import { QueryState } from '../../../_components/ui/query-state';
import { ErrorNotice } from '../../../_components/ui/states';
import { Table, Td, Th } from '../../../_components/ui/table';
import { errorMessage, useTRPC } from '../../../_trpc/client';
import { ValidationReport } from './validation-report';

interface JobSummary {
  status: string;
  validation: { sampled: number; passed: number; failed: number; finishedAt: string } | null;
  recordsWithProblems: number;
  releaseOverrideReason: string | null;
}

/**
 * The virtual-card validation of the job's sample: a bar of passed and failed cards, each sampled card
 * with its first failure in words and its report; an officer may release despite failures only with a
 * written reason.
 */
export function JobValidation({
  jobId,
  job,
  canRelease,
  onReleased,
}: {
  jobId: string;
  job: JobSummary;
  canRelease: boolean;
  onReleased: () => void;
}) {
  const trpc = useTRPC();
  const validations = useQuery({
    ...trpc.jobs.validations.queryOptions({ jobId }),
    // Until every sampled card's result is here (the summary is written after the last one).
    refetchInterval: (query) =>
      !job.validation || (query.state.data?.length ?? 0) < job.validation.sampled ? 1500 : false,
  });
  const [open, setOpen] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const release = useMutation(trpc.jobs.release.mutationOptions({ onSuccess: onReleased }));
  const v = job.validation;
  const failedOnes = v && v.failed > 0;

  return (
    <Card>
      <CardHeader
        title="Validation on the virtual card"
        description="Sampled cards are personalized from the CPS file as a bureau would, then run an EMV transaction (ODA, PIN, ARQC checked by the issuer host)."
      />
      <CardBody className="space-y-4">
        {job.recordsWithProblems > 0 ? (
          <ErrorNotice
            message={`${job.recordsWithProblems} prepared record(s) failed the post-preparation checks: this job cannot be released. See the records below.`}
          />
        ) : null}
        {!v ? (
          <p className="text-sm text-slate-600" data-testid="validation-status">
            Validating the sample on the virtual card…
          </p>
        ) : (
          <div data-testid="validation-summary">
            <div className="mb-1 flex justify-between text-sm">
              <span>
                {v.passed} of {v.sampled} sampled card{v.sampled === 1 ? '' : 's'} passed
              </span>
              <span className="text-xs text-slate-500">{new Date(v.finishedAt).toLocaleString()}</span>
            </div>
            <div className="flex h-3 overflow-hidden rounded-full bg-slate-100" aria-hidden>
              <div
                className="bg-emerald-500"
                style={{ width: `${(v.passed / Math.max(1, v.sampled)) * 100}%` }}
              />
              <div
                className="bg-red-500"
                style={{ width: `${(v.failed / Math.max(1, v.sampled)) * 100}%` }}
              />
            </div>
          </div>
        )}
        {job.releaseOverrideReason ? (
          <p className="text-sm text-amber-800">
            Released despite failures. Reason given: “{job.releaseOverrideReason}”
          </p>
        ) : null}
        {canRelease && failedOnes && job.recordsWithProblems === 0 ? (
          <form
            className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3"
            onSubmit={(event) => {
              event.preventDefault();
              release.mutate({ jobId, overrideReason: reason });
            }}
          >
            <Field
              label="Reason to release despite the failed cards"
              htmlFor="override-reason"
              hint="At least 20 characters; recorded in the audit trail as an alert."
            >
              <TextInput id="override-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
            </Field>
            {release.error ? <ErrorNotice message={errorMessage(release.error)} /> : null}
            <Button
              type="submit"
              variant="secondary"
              busy={release.isPending}
              disabled={reason.trim().length < 20}
            >
              Release despite failures
            </Button>
          </form>
        ) : null}
      </CardBody>
      <QueryState query={validations} empty={{ title: 'No card validated yet' }}>
        {(rows) => (
          <Table data-testid="validations">
            <thead>
              <tr>
                <Th>Row</Th>
                <Th>PAN</Th>
                <Th>Result</Th>
                <Th>First failure</Th>
                <Th>Report</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((row) => (
                <tr key={row.rowNumber} data-testid="validation-row">
                  <Td>{row.rowNumber}</Td>
                  <Td className="font-mono text-xs">{row.panMasked}</Td>
                  <Td>
                    {row.ok ? <Badge tone="success">passed</Badge> : <Badge tone="danger">failed</Badge>}
                  </Td>
                  <Td className="text-sm">{row.failure ?? '—'}</Td>
                  <Td>
                    <button
                      type="button"
                      className="text-sm text-brand-700 hover:underline"
                      onClick={() => setOpen(open === row.rowNumber ? null : row.rowNumber)}
                    >
                      {open === row.rowNumber ? 'Hide' : 'Show'}
                    </button>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </QueryState>
      {open !== null ? <ValidationReport jobId={jobId} rowNumber={open} /> : null}
    </Card>
  );
}
