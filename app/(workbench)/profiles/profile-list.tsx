'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { Card, CardHeader } from '../../_components/ui/card';
import { Empty, ErrorNotice, Loading } from '../../_components/ui/states';
import { Table, Td, Th } from '../../_components/ui/table';
import { errorMessage, useTRPC } from '../../_trpc/client';
import { CheckCounts, ProfileStatusBadge } from './profile-status';

export function ProfileList({
  title = 'Profiles and their versions',
  description = 'Each save is a new version; a security officer other than its author approves it.',
  onlyStatus,
  emptyText = 'No profile yet',
  emptyHint,
}: {
  title?: string;
  description?: string;
  onlyStatus?: 'submitted';
  emptyText?: string;
  emptyHint?: string;
}) {
  const trpc = useTRPC();
  const profiles = useQuery(trpc.profiles.list.queryOptions());
  const rows = profiles.data?.filter((p) => !onlyStatus || p.latestStatus === onlyStatus);
  return (
    <Card>
      <CardHeader title={title} description={description} />
      {profiles.isPending ? (
        <Loading label="Loading profiles…" />
      ) : profiles.error ? (
        <div className="p-5">
          <ErrorNotice message={errorMessage(profiles.error)} />
        </div>
      ) : !rows?.length ? (
        <Empty title={emptyText}>{emptyHint}</Empty>
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Latest version</Th>
              <Th>Status</Th>
              <Th>Checks</Th>
              <Th>Approved version</Th>
              <Th>Saved</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((p) => (
              <tr key={p.id} data-testid="profile-row">
                <Td>
                  <Link href={`/profiles/${p.id}`} className="font-medium text-brand-700 hover:underline">
                    {p.name}
                  </Link>
                  <div className="text-xs text-slate-500">created by {p.createdByName}</div>
                </Td>
                <Td>v{p.latestNumber}</Td>
                <Td>
                  <ProfileStatusBadge status={p.latestStatus} />
                </Td>
                <Td className="text-xs">
                  <CheckCounts
                    errors={p.latestCheckSummary.errors}
                    warnings={p.latestCheckSummary.warnings}
                  />
                </Td>
                <Td>
                  {p.approvedNumber ? `v${p.approvedNumber}` : <span className="text-slate-400">none</span>}
                </Td>
                <Td className="text-xs text-slate-500">{p.latestSavedAt.toLocaleString()}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
