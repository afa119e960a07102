'use client';

import { useState } from 'react';
import { cn } from '../../../_components/ui/cn';
import { CardPreview } from './card-preview';
import { ProfileEditors } from './editors/profile-editors';
import { JsonEditor } from './json-editor';
import { ProfileDiff } from './profile-diff';
import type { VersionSummary, VersionView } from './types';
import { useVersionDraft } from './use-version-draft';

const tabs = [
  { id: 'design', label: 'Checks and JSON' },
  { id: 'edit', label: 'Edit' },
  { id: 'preview', label: 'Preview' },
  { id: 'diff', label: 'Diff' },
] as const;
type Tab = (typeof tabs)[number]['id'];

/**
 * The tabs of one version. The unsaved text lives here, not in a tab, so the JSON editor and the visual
 * editors show and change the same document and switching tabs keeps it.
 */
export function VersionWorkspace({
  profileId,
  version,
  versions,
  canEdit,
}: {
  profileId: string;
  version: VersionView;
  versions: VersionSummary[];
  canEdit: boolean;
}) {
  const [tab, setTab] = useState<Tab>('design');
  const draft = useVersionDraft({ profileId, version, canEdit });
  return (
    <>
      <div role="tablist" aria-label="Profile version" className="flex gap-1 border-b border-slate-200">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            onClick={() => setTab(t.id)}
            className={cn(
              '-mb-px border-b-2 px-4 py-2 text-sm font-medium',
              tab === t.id
                ? 'border-brand-600 text-brand-700'
                : 'border-transparent text-slate-500 hover:text-slate-800',
            )}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'design' ? (
          <JsonEditor draft={draft} />
        ) : tab === 'edit' ? (
          <ProfileEditors draft={draft} />
        ) : tab === 'preview' ? (
          <CardPreview versionId={version.id} />
        ) : (
          <ProfileDiff key={version.id} versions={versions} current={version.number} />
        )}
      </div>
    </>
  );
}
