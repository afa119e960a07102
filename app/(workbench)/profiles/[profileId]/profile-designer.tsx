'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { Badge } from '../../../_components/ui/badge';
import { ErrorNotice, Loading } from '../../../_components/ui/states';
import { errorMessage, useTRPC } from '../../../_trpc/client';
import { PageHeader } from '../../page-header';
import { ProfileStatusBadge } from '../profile-status';
import { DataDictionary } from './data-dictionary';
import type { Viewer } from './types';
import { VersionActions } from './version-actions';
import { VersionHistory } from './version-history';
import { VersionWorkspace } from './version-workspace';

export function ProfileDesigner({
  profileId,
  versionNumber,
  viewer,
}: {
  profileId: string;
  versionNumber?: number;
  viewer: Viewer;
}) {
  const trpc = useTRPC();
  // The previous version stays on screen while another loads: after a save the page moves to the new
  // version's address, and the editors (keyed by version id) must not be rebuilt under the user's hands.
  const view = useQuery({
    ...trpc.profiles.get.queryOptions({ profileId, number: versionNumber }),
    placeholderData: keepPreviousData,
  });

  if (view.isPending) return <Loading label="Loading profile…" />;
  if (view.error) {
    return (
      <div className="space-y-4">
        <ErrorNotice message={errorMessage(view.error)} />
        <Link href="/profiles" className="text-sm text-brand-700 hover:underline">
          Back to the profiles
        </Link>
      </div>
    );
  }
  const { profile, versions, version } = view.data;
  const latest = versions[0]!.number;
  return (
    <>
      <div className="text-sm">
        <Link href="/profiles" className="text-brand-700 hover:underline">
          Card profiles
        </Link>{' '}
        <span className="text-slate-400">/</span> {profile.name}
      </div>
      <PageHeader
        title={profile.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span data-testid="version-number" data-version-id={version.id}>
              Version {version.number}
            </span>
            <span data-testid="version-status">
              <ProfileStatusBadge status={version.status} />
            </span>
            {version.status === 'approved' ? (
              <span data-testid="read-only-badge">
                <Badge tone="success">Approved · read-only</Badge>
              </span>
            ) : null}
            <span>
              saved by {version.authorName} on {version.createdAt.toLocaleString()}
            </span>
            {version.number !== latest ? (
              <Link
                href={`/profiles/${profileId}?version=${latest}`}
                className="text-brand-700 hover:underline"
              >
                (latest is version {latest})
              </Link>
            ) : null}
          </span>
        }
        actions={<VersionActions version={version} viewer={viewer} />}
      />
      {version.status === 'submitted' && viewer.role === 'analyst' ? (
        <p className="text-sm text-slate-600">
          Waiting for a security officer other than its author to approve it.
        </p>
      ) : null}
      {version.status === 'rejected' ? (
        <ErrorNotice
          message={`Rejected by ${version.rejectedByName}: ${version.rejectionReason ?? ''} Save a new version to address it.`}
        />
      ) : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <VersionWorkspace
            key={version.id}
            profileId={profileId}
            version={version}
            versions={versions}
            canEdit={viewer.role === 'analyst'}
          />
        </div>
        <div className="space-y-6">
          <VersionHistory profileId={profileId} versions={versions} current={version.number} />
          <DataDictionary />
        </div>
      </div>
    </>
  );
}
