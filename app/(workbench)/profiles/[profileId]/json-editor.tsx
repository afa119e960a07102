'use client';

import type { FormEvent } from 'react';
import { Card, CardBody, CardHeader } from '../../../_components/ui/card';
import { Field, TextArea } from '../../../_components/ui/form-field';
import { EditingCopyNotice, SaveVersionBar, UnlockButton } from './save-version-bar';
import type { VersionDraft } from './use-version-draft';
import { VersionChecks } from './version-checks';

/**
 * The version's checks and its JSON. Editing and saving always makes a new version; the checks follow
 * the editor's unsaved content as it is typed. An approved version is shown read-only.
 */
export function JsonEditor({ draft }: { draft: VersionDraft }) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    draft.saveVersion();
  };

  return (
    <div className="space-y-6">
      <VersionChecks draft={draft} />
      <Card>
        <CardHeader
          title="Profile JSON"
          description={
            draft.readOnly
              ? draft.approved
                ? 'Approved versions are immutable.'
                : 'Read-only for your role.'
              : 'The documented profile format (docs/profiles.md). Saving makes a new version; this one is kept.'
          }
          actions={<UnlockButton draft={draft} />}
        />
        <CardBody>
          <form onSubmit={submit} className="space-y-4" noValidate>
            <EditingCopyNotice draft={draft} />
            <Field label="Profile JSON" htmlFor="profile-json">
              <TextArea
                id="profile-json"
                value={draft.text}
                readOnly={draft.readOnly}
                onChange={(e) => draft.setText(e.target.value)}
                spellCheck={false}
                rows={28}
                className="font-mono text-xs leading-5 read-only:bg-slate-50 read-only:text-slate-600"
              />
            </Field>
            <SaveVersionBar draft={draft} />
          </form>
        </CardBody>
      </Card>
    </div>
  );
}
