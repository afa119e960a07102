import { Button } from '../../../_components/ui/button';
import { Field, TextInput } from '../../../_components/ui/form-field';
import { ErrorNotice } from '../../../_components/ui/states';
import { errorMessage } from '../../../_trpc/client';
import { JsonProblems } from '../json-problems';
import type { VersionDraft } from './use-version-draft';

/** Why a save was refused, then the note, discard and save: the same for the JSON and the visual editors. */
export function SaveVersionBar({ draft }: { draft: VersionDraft }) {
  return (
    <>
      {draft.saveProblems.length ? (
        <JsonProblems title="The JSON does not match the profile format:" problems={draft.saveProblems} />
      ) : draft.saveError ? (
        <ErrorNotice message={errorMessage(draft.saveError)} />
      ) : null}
      {draft.readOnly ? null : (
        <div className="flex flex-wrap items-end gap-3">
          <div className="min-w-64 flex-1">
            <Field label="What changed (optional)" htmlFor="version-note">
              <TextInput
                id="version-note"
                value={draft.note}
                maxLength={500}
                onChange={(e) => draft.setNote(e.target.value)}
                placeholder="e.g. CDOL1 asks for the unpredictable number"
              />
            </Field>
          </div>
          <Button type="button" variant="ghost" disabled={!draft.dirty} onClick={draft.discard}>
            Discard changes
          </Button>
          <Button type="submit" disabled={!draft.dirty} busy={draft.saving}>
            Save as new version
          </Button>
        </div>
      )}
    </>
  );
}

/** "Edit as a new version" on an approved version, for the analyst. */
export function UnlockButton({ draft }: { draft: VersionDraft }) {
  return draft.approved && draft.canEdit && !draft.unlocked ? (
    <Button variant="secondary" onClick={draft.unlock}>
      Edit as a new version
    </Button>
  ) : null;
}

export function EditingCopyNotice({ draft }: { draft: VersionDraft }) {
  return draft.approved && draft.unlocked ? (
    <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">
      You are editing a copy: saving makes a new draft version; version {draft.version.number} stays approved
      as it is.
    </p>
  ) : null;
}
