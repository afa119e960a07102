'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Badge } from '../../_components/ui/badge';
import { Button } from '../../_components/ui/button';
import { Card, CardBody, CardHeader } from '../../_components/ui/card';
import { Field, Select, TextInput } from '../../_components/ui/form-field';
import { Empty, ErrorNotice, Loading } from '../../_components/ui/states';
import { Table, Td, Th } from '../../_components/ui/table';
import { errorMessage, useTRPC } from '../../_trpc/client';

const pageSize = 50;
type Category = 'management' | 'security' | 'alert' | 'personalization';

export function AuditTrail() {
  const trpc = useTRPC();
  const [page, setPage] = useState(1);
  const [category, setCategory] = useState<Category | ''>('');
  const [actor, setActor] = useState('');
  const [object, setObject] = useState('');
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  const filter = {
    category: category || undefined,
    actorName: actor.trim() || undefined,
    object: object.trim() || undefined,
    since: since ? new Date(since) : undefined,
    until: until ? new Date(until) : undefined,
  };
  const events = useQuery({
    ...trpc.audit.list.queryOptions({ page, pageSize, ...filter }),
    placeholderData: keepPreviousData,
  });
  const exportUrl = `/api/audit/export?${new URLSearchParams({
    category,
    actorName: actor.trim(),
    object: object.trim(),
    since: since ? new Date(since).toISOString() : '',
    until: until ? new Date(until).toISOString() : '',
  }).toString()}`;
  const chain = useQuery({ ...trpc.audit.verify.queryOptions(), enabled: false });
  const pages = Math.max(1, Math.ceil((events.data?.total ?? 0) / pageSize));
  return (
    <>
      <Card>
        <CardHeader
          title="Chain integrity"
          actions={
            <Button variant="secondary" onClick={() => void chain.refetch()} busy={chain.isFetching}>
              Verify chain
            </Button>
          }
        />
        <CardBody className="text-sm" data-testid="chain-result">
          {chain.data ? (
            chain.data.ok ? (
              <span>
                <Badge tone="success">Intact</Badge> all {chain.data.checked} entries verified;{' '}
                {chain.data.checkpoints.checked} HSM-signed checkpoint
                {chain.data.checkpoints.checked === 1 ? '' : 's'} hold
                {chain.data.checkpoints.lastSeq ? ` (last at entry #${chain.data.checkpoints.lastSeq})` : ''}.
              </span>
            ) : chain.data.firstBrokenSeq ? (
              <span>
                <Badge tone="danger">Broken</Badge> first bad entry #{chain.data.firstBrokenSeq}:{' '}
                {chain.data.reason}
              </span>
            ) : (
              <span>
                <Badge tone="danger">Rewritten</Badge> checkpoint at entry #
                {chain.data.checkpoints.firstBrokenSeq}: {chain.data.checkpoints.reason}
              </span>
            )
          ) : chain.error ? (
            <ErrorNotice message={errorMessage(chain.error)} />
          ) : (
            <span className="text-slate-500">
              Recompute every link of the chain to prove no entry was changed, removed or reordered.
            </span>
          )}
        </CardBody>
      </Card>
      <Card>
        <CardBody className="grid gap-3 sm:grid-cols-5">
          <Field label="Actor" htmlFor="audit-actor">
            <TextInput
              id="audit-actor"
              value={actor}
              placeholder="name"
              onChange={(e) => {
                setActor(e.target.value);
                setPage(1);
              }}
            />
          </Field>
          <Field label="Object" htmlFor="audit-object">
            <TextInput
              id="audit-object"
              value={object}
              placeholder="JOB-… or id"
              onChange={(e) => {
                setObject(e.target.value);
                setPage(1);
              }}
            />
          </Field>
          <Field label="From" htmlFor="audit-since">
            <TextInput
              id="audit-since"
              type="datetime-local"
              value={since}
              onChange={(e) => {
                setSince(e.target.value);
                setPage(1);
              }}
            />
          </Field>
          <Field label="Until" htmlFor="audit-until">
            <TextInput
              id="audit-until"
              type="datetime-local"
              value={until}
              onChange={(e) => {
                setUntil(e.target.value);
                setPage(1);
              }}
            />
          </Field>
          <div className="flex items-end">
            <a
              href={exportUrl}
              download
              className="inline-flex h-9 items-center rounded-md border border-slate-300 bg-white px-4 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50"
            >
              Export CSV
            </a>
          </div>
        </CardBody>
      </Card>
      <Card>
        <CardHeader
          title="Events"
          actions={
            <div className="flex items-center gap-2 text-sm">
              <Select
                aria-label="Category"
                value={category}
                onChange={(e) => {
                  setCategory(e.target.value as Category | '');
                  setPage(1);
                }}
              >
                <option value="">All categories</option>
                <option value="management">Management</option>
                <option value="security">Security</option>
                <option value="alert">Alerts</option>
                <option value="personalization">Personalization</option>
              </Select>
              <Button variant="secondary" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
                Previous
              </Button>
              <span className="whitespace-nowrap">
                {page} / {pages}
              </span>
              <Button variant="secondary" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
                Next
              </Button>
            </div>
          }
        />
        {events.isPending ? (
          <Loading />
        ) : events.error ? (
          <div className="p-5">
            <ErrorNotice message={errorMessage(events.error)} />
          </div>
        ) : events.data.events.length === 0 ? (
          <Empty title="No events" />
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>#</Th>
                <Th>When</Th>
                <Th>Who</Th>
                <Th>Action</Th>
                <Th>Object</Th>
                <Th>Result</Th>
                <Th>Details</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {events.data.events.map((e) => (
                <tr key={e.seq} data-testid="audit-row">
                  <Td className="text-xs text-slate-500">{e.seq}</Td>
                  <Td className="whitespace-nowrap text-xs">{e.at.toLocaleString()}</Td>
                  <Td>
                    {e.actorName}
                    <div className="text-xs text-slate-500">{e.actorRole}</div>
                  </Td>
                  <Td>
                    <span className="font-mono text-xs" data-testid="audit-action">
                      {e.action}
                    </span>
                    <div className="text-xs text-slate-500">{e.category}</div>
                  </Td>
                  <Td className="text-xs">
                    {e.objectType
                      ? `${e.objectType} ${(e.details.reference as string) ?? e.objectId?.slice(0, 8) ?? ''}`
                      : '—'}
                  </Td>
                  <Td>
                    <Badge tone={e.result === 'success' ? 'success' : 'danger'}>{e.result}</Badge>
                  </Td>
                  <Td
                    className="max-w-xs truncate font-mono text-xs text-slate-500"
                    title={JSON.stringify(e.details)}
                  >
                    {JSON.stringify(e.details)}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
