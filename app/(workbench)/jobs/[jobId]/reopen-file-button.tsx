'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '../../../_components/ui/button';
import { TextInput } from '../../../_components/ui/form-field';
import { errorMessage, useTRPC } from '../../../_trpc/client';

type OutputKind = 'cps' | 'jsonl' | 'manifest';

/** A security officer makes a one-time file downloadable again after a failed transfer, with a reason. */
export function ReopenFileButton({
  jobId,
  kind,
  fileName,
  onReopened,
}: {
  jobId: string;
  kind: OutputKind;
  fileName: string;
  onReopened: () => void;
}) {
  const trpc = useTRPC();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const reopen = useMutation(
    trpc.jobs.reopenFile.mutationOptions({
      onSuccess: () => {
        setAsking(false);
        setReason('');
        onReopened();
      },
    }),
  );
  if (!asking) {
    return (
      <button
        type="button"
        className="text-xs text-brand-700 hover:underline"
        onClick={() => setAsking(true)}
        aria-label={`Re-open ${fileName}`}
      >
        Re-open
      </button>
    );
  }
  const short = reason.trim().length < 20;
  return (
    <div className="space-y-1.5">
      <label htmlFor={`reopen-${kind}`} className="block text-xs text-slate-600">
        Why must the bureau download {fileName} again? (at least 20 characters, in the audit trail)
      </label>
      <TextInput id={`reopen-${kind}`} value={reason} onChange={(e) => setReason(e.target.value)} />
      <div className="flex gap-2">
        <Button
          className="h-7 px-2.5 text-xs"
          busy={reopen.isPending}
          disabled={short}
          onClick={() => reopen.mutate({ jobId, kind, reason })}
        >
          Re-open file
        </Button>
        <Button variant="secondary" className="h-7 px-2.5 text-xs" onClick={() => setAsking(false)}>
          Cancel
        </Button>
      </div>
      {reopen.error ? (
        <p role="alert" className="text-xs text-red-600">
          {errorMessage(reopen.error)}
        </p>
      ) : null}
    </div>
  );
}
