import Link from 'next/link';
import { Card, CardHeader } from '../../../_components/ui/card';
import { cn } from '../../../_components/ui/cn';
import { CheckCounts, ProfileStatusBadge } from '../profile-status';
import type { VersionSummary } from './types';

export function VersionHistory({
  profileId,
  versions,
  current,
}: {
  profileId: string;
  versions: VersionSummary[];
  current: number;
}) {
  return (
    <Card>
      <CardHeader title="Version history" description="Newest first. Every save is a new version." />
      <ol className="divide-y divide-slate-100" data-testid="version-history">
        {versions.map((v) => (
          <li
            key={v.id}
            className={cn('px-5 py-3 text-sm', v.number === current && 'bg-brand-50/60')}
            data-testid="version-row"
          >
            <div className="flex items-center justify-between gap-2">
              <Link
                href={`/profiles/${profileId}?version=${v.number}`}
                aria-current={v.number === current ? 'page' : undefined}
                className="font-medium text-brand-700 hover:underline"
              >
                Version {v.number}
              </Link>
              <ProfileStatusBadge status={v.status} />
            </div>
            <div className="mt-0.5 text-xs text-slate-500">
              {v.authorName} · {v.createdAt.toLocaleString()} ·{' '}
              <CheckCounts errors={v.checkSummary.errors} warnings={v.checkSummary.warnings} />
            </div>
            {v.note ? <p className="mt-1 text-xs text-slate-600">{v.note}</p> : null}
            {v.approvedByName ? (
              <p className="mt-1 text-xs text-emerald-700">
                Approved by {v.approvedByName} · {v.approvedAt?.toLocaleString()}
              </p>
            ) : null}
            {v.rejectedByName ? (
              <p className="mt-1 text-xs text-red-700">
                Rejected by {v.rejectedByName}: {v.rejectionReason}
              </p>
            ) : null}
          </li>
        ))}
      </ol>
    </Card>
  );
}
