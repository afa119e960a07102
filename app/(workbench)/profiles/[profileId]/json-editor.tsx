'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Button } from '../../../_components/ui/button';
import { Card, CardBody, CardHeader } from '../../../_components/ui/card';
import { Field, TextArea, TextInput } from '../../../_components/ui/form-field';
import { ErrorNotice, Loading } from '../../../_components/ui/states';
import { errorMessage, errorProblems, useTRPC } from '../../../_trpc/client';
import { JsonProblems } from '../json-problems';
import { CheckCounts } from '../profile-status';
import { ProfileChecks } from './profile-checks';
import type { VersionView } from './types';
import { useDebounced } from './use-debounced';

/**
 * The version's checks and its JSON. Editing and saving always makes a new version; the checks follow
 * the editor's unsaved content as it is typed. An approved version is shown read-only.
 */
export function JsonEditor({
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
  const saveProblems = errorProblems(save.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (dirty) save.mutate({ profileId, json: text, note: note.trim() || undefined });
  };
  const checks = dirty && settled === text && live.data ? live.data : dirty ? null : version;

  return (
    <div className="space-y-6">
      <Card>
        <CardHeader
          title={dirty ? 'Checks of your unsaved changes' : `Checks of version ${version.number}`}
          description={
            checks ? (
              <CheckCounts errors={checks.errors} warnings={checks.warnings} />
            ) : (
              'Checking as you type…'
            )
          }
        />
        <CardBody>
          {live.error && dirty ? <ErrorNotice message={errorMessage(live.error)} /> : null}
          {checks ? <ProfileChecks groups={checks.groups} /> : <Loading label="Checking…" />}
        </CardBody>
      </Card>
      <Card>
        <CardHeader
          title="Profile JSON"
          description={
            readOnly
              ? approved
                ? 'Approved versions are immutable.'
                : 'Read-only for your role.'
              : 'The documented profile format (docs/profiles.md). Saving makes a new version; this one is kept.'
          }
          actions={
            approved && canEdit && !unlocked ? (
              <Button variant="secondary" onClick={() => setUnlocked(true)}>
                Edit as a new version
              </Button>
            ) : null
          }
        />
        <CardBody>
          <form onSubmit={submit} className="space-y-4" noValidate>
            {approved && unlocked ? (
              <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">
                You are editing a copy: saving makes a new draft version; version {version.number} stays
                approved as it is.
              </p>
            ) : null}
            <Field label="Profile JSON" htmlFor="profile-json">
              <TextArea
                id="profile-json"
                value={text}
                readOnly={readOnly}
                onChange={(e) => setText(e.target.value)}
                spellCheck={false}
                rows={28}
                className="font-mono text-xs leading-5 read-only:bg-slate-50 read-only:text-slate-600"
              />
            </Field>
            {saveProblems.length ? (
              <JsonProblems title="The JSON does not match the profile format:" problems={saveProblems} />
            ) : save.error ? (
              <ErrorNotice message={errorMessage(save.error)} />
            ) : null}
            {readOnly ? null : (
              <div className="flex flex-wrap items-end gap-3">
                <div className="min-w-64 flex-1">
                  <Field label="What changed (optional)" htmlFor="version-note">
                    <TextInput
                      id="version-note"
                      value={note}
                      maxLength={500}
                      onChange={(e) => setNote(e.target.value)}
                      placeholder="e.g. CDOL1 asks for the unpredictable number"
                    />
                  </Field>
                </div>
                <Button
                  type="button"
                  variant="ghost"
                  disabled={!dirty}
                  onClick={() => {
                    setText(version.json);
                    save.reset();
                  }}
                >
                  Discard changes
                </Button>
                <Button type="submit" disabled={!dirty} busy={save.isPending}>
                  Save as new version
                </Button>
              </div>
            )}
          </form>
        </CardBody>
      </Card>
    </div>
  );
}
