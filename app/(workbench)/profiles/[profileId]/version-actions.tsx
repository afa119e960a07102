'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '../../../_components/ui/button';
import { TextInput } from '../../../_components/ui/form-field';
import { ErrorNotice } from '../../../_components/ui/states';
import { errorMessage, useTRPC } from '../../../_trpc/client';
import type { VersionView, Viewer } from './types';

function download(fileName: string, json: string) {
  const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/** Export, and the step of the review the viewer may take: submit (analyst), approve or reject (officer). */
export function VersionActions({ version, viewer }: { version: VersionView; viewer: Viewer }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries(trpc.profiles.pathFilter());
  const exportJson = useMutation(
    trpc.profiles.exportJson.mutationOptions({ onSuccess: (file) => download(file.fileName, file.json) }),
  );
  const submit = useMutation(trpc.profiles.submit.mutationOptions({ onSuccess: refresh }));
  const approve = useMutation(trpc.profiles.approve.mutationOptions({ onSuccess: refresh }));
  const reject = useMutation(trpc.profiles.reject.mutationOptions({ onSuccess: refresh }));
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const actionError = exportJson.error ?? submit.error ?? approve.error ?? reject.error;
  const isAuthor = version.authorId === viewer.id;
  const versionId = version.id;
  const sendReject = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim().length >= 3) reject.mutate({ versionId, reason: reason.trim() });
  };
  const blocked = `Fix the ${version.errors} error${version.errors === 1 ? '' : 's'} the checks report before submitting.`;

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-end gap-2">
        <Button
          variant="secondary"
          onClick={() => exportJson.mutate({ versionId })}
          busy={exportJson.isPending}
        >
          Export JSON
        </Button>
        {viewer.role === 'analyst' && version.status === 'draft' ? (
          <>
            {version.canSubmit ? null : (
              <span className="text-xs text-red-700" data-testid="submit-blocked">
                {blocked}
              </span>
            )}
            <Button
              onClick={() => submit.mutate({ versionId })}
              disabled={!version.canSubmit}
              title={version.canSubmit ? undefined : blocked}
              busy={submit.isPending}
            >
              Submit for approval
            </Button>
          </>
        ) : null}
        {viewer.role === 'security_officer' && version.status === 'submitted' ? (
          isAuthor ? (
            <span className="text-xs text-slate-600">
              You wrote this version; another officer reviews it.
            </span>
          ) : (
            <>
              <Button variant="secondary" onClick={() => setRejecting((open) => !open)}>
                Reject…
              </Button>
              <Button onClick={() => approve.mutate({ versionId })} busy={approve.isPending}>
                Approve version
              </Button>
            </>
          )
        ) : null}
      </div>
      {rejecting && version.status === 'submitted' ? (
        <form onSubmit={sendReject} className="flex items-end justify-end gap-2" noValidate>
          <div className="w-80">
            <label htmlFor="reject-reason" className="block text-sm font-medium text-slate-700">
              Reason for rejection
            </label>
            <TextInput
              id="reject-reason"
              value={reason}
              maxLength={500}
              onChange={(e) => setReason(e.target.value)}
              placeholder="What the analyst should change"
            />
          </div>
          <Button type="submit" variant="danger" disabled={reason.trim().length < 3} busy={reject.isPending}>
            Reject version
          </Button>
        </form>
      ) : null}
      {actionError ? <ErrorNotice message={errorMessage(actionError)} /> : null}
    </div>
  );
}
