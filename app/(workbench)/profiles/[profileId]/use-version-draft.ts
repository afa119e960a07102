'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { errorProblems, useTRPC } from '../../../_trpc/client';
import type { VersionView } from './types';
import { useDebounced } from './use-debounced';

/**
 * The unsaved profile text of a version, shared by the JSON editor and the visual editors (one source of
 * truth), with its live checks and the save that makes a new version. An approved version is read-only
 * until the analyst chooses to edit it as a new version.
 */
export function useVersionDraft({
  profileId,
  version,
  canEdit,
}: {
  profileId: string;
  version: VersionView;
  canEdit: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [text, setText] = useState(version.json);
  const [note, setNote] = useState('');
  const [unlocked, setUnlocked] = useState(false);
  const approved = version.status === 'approved';
  const readOnly = !canEdit || (approved && !unlocked);
  const dirty = text !== version.json;
  const settled = useDebounced(text, 500);
  const live = useQuery({
    ...trpc.profiles.checkJson.queryOptions({ json: settled }),
    enabled: dirty && settled.trim().length > 0,
    placeholderData: keepPreviousData,
  });
  const save = useMutation(
    trpc.profiles.saveVersion.mutationOptions({
      onSuccess: (saved) => {
        void queryClient.invalidateQueries(trpc.profiles.pathFilter());
        router.push(`/profiles/${profileId}?version=${saved.version.number}`);
      },
    }),
  );
  const checks = dirty && settled === text && live.data ? live.data : dirty ? null : version;

  return {
    version,
    text,
    setText,
    note,
    setNote,
    approved,
    canEdit,
    unlocked,
    unlock: () => setUnlocked(true),
    readOnly,
    dirty,
    /** Checks of what the editors show; null while the latest change is being checked. */
    checks,
    liveError: dirty ? live.error : null,
    saving: save.isPending,
    saveError: save.error,
    saveProblems: errorProblems(save.error),
    saveVersion: () => {
      if (dirty) save.mutate({ profileId, json: text, note: note.trim() || undefined });
    },
    discard: () => {
      setText(version.json);
      save.reset();
    },
  };
}

export type VersionDraft = ReturnType<typeof useVersionDraft>;
