'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Badge } from '../../../_components/ui/badge';
import { Card, CardBody, CardHeader } from '../../../_components/ui/card';
import { Field, Select } from '../../../_components/ui/form-field';
import { Empty, ErrorNotice, Loading } from '../../../_components/ui/states';
import { Table, Td, Th } from '../../../_components/ui/table';
import { errorMessage, useTRPC } from '../../../_trpc/client';
import type { VersionSummary } from './types';

const kindTone = { added: 'success', removed: 'danger', changed: 'warning' } as const;

/** What changed between two versions, named by tag, bit and DGI rather than by raw hex. */
export function ProfileDiff({ versions, current }: { versions: VersionSummary[]; current: number }) {
  const trpc = useTRPC();
  const previous = versions.find((v) => v.number < current) ?? versions.find((v) => v.number !== current);
  const [fromNumber, setFromNumber] = useState(previous?.number ?? current);
  const [toNumber, setToNumber] = useState(current);
  const from = versions.find((v) => v.number === fromNumber);
  const to = versions.find((v) => v.number === toNumber);
  const diff = useQuery({
    ...trpc.profiles.diff.queryOptions({ fromVersionId: from?.id ?? '', toVersionId: to?.id ?? '' }),
    enabled: Boolean(from && to && from.id !== to.id),
  });
  const option = (v: VersionSummary) => (
    <option key={v.id} value={v.number}>
      Version {v.number} ({v.status})
    </option>
  );
  return (
    <Card>
      <CardHeader title="Compare versions" description="Changes by data element name, bit name and DGI." />
      <CardBody className="space-y-4">
        {versions.length < 2 ? (
          <Empty title="Only one version so far">Save a new version to compare it with this one.</Empty>
        ) : (
          <>
            <div className="grid gap-4 sm:grid-cols-2">
              <Field label="From version" htmlFor="diff-from">
                <Select
                  id="diff-from"
                  value={fromNumber}
                  onChange={(e) => setFromNumber(Number(e.target.value))}
                >
                  {versions.map(option)}
                </Select>
              </Field>
              <Field label="To version" htmlFor="diff-to">
                <Select id="diff-to" value={toNumber} onChange={(e) => setToNumber(Number(e.target.value))}>
                  {versions.map(option)}
                </Select>
              </Field>
            </div>
            {fromNumber === toNumber ? (
              <Empty title="Choose two different versions" />
            ) : diff.isPending ? (
              <Loading label="Comparing…" />
            ) : diff.error ? (
              <ErrorNotice message={errorMessage(diff.error)} />
            ) : diff.data.changes.length === 0 ? (
              <Empty title={`No differences between version ${fromNumber} and version ${toNumber}`} />
            ) : (
              <Table data-testid="profile-diff">
                <thead>
                  <tr>
                    <Th>Change</Th>
                    <Th>Where</Th>
                    <Th>Version {fromNumber}</Th>
                    <Th>Version {toNumber}</Th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {diff.data.changes.map((change, i) => (
                    <tr key={`${change.where}-${i}`} data-testid="diff-row">
                      <Td>
                        <Badge tone={kindTone[change.kind]}>{change.kind}</Badge>
                      </Td>
                      <Td className="text-slate-900">{change.where}</Td>
                      <Td className="font-mono text-xs break-all">{change.before ?? '—'}</Td>
                      <Td className="font-mono text-xs break-all">{change.after ?? '—'}</Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            )}
          </>
        )}
      </CardBody>
    </Card>
  );
}
