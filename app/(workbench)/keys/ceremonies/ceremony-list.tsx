'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { keyUsageNames, type KeyUsage } from '../../../../server/emv/hsm-commands';
import { Badge } from '../../../_components/ui/badge';
import { Button } from '../../../_components/ui/button';
import { Card, CardBody, CardHeader } from '../../../_components/ui/card';
import { Field, Select, TextInput } from '../../../_components/ui/form-field';
import { ErrorNotice } from '../../../_components/ui/states';
import { Table, Td, Th } from '../../../_components/ui/table';
import { QueryState } from '../../../_components/ui/query-state';
import { errorMessage, useTRPC } from '../../../_trpc/client';
import type { CeremonyAlgorithm } from './component-crypto';

const usages = (Object.entries(keyUsageNames) as [KeyUsage, string][]).filter(
  ([u]) => u !== 'S0' && u !== 'M7',
);

export function CeremonyList() {
  const trpc = useTRPC();
  const ceremonies = useQuery(trpc.keys.ceremonies.list.queryOptions());
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <Card className="lg:col-span-2">
        <CardHeader title="Ceremonies" />
        <QueryState query={ceremonies} empty={{ title: 'No ceremony yet' }}>
          {(data) => (
            <Table>
              <thead>
                <tr>
                  <Th>Key</Th>
                  <Th>Components</Th>
                  <Th>Status</Th>
                  <Th>Started</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {data.map((c) => (
                  <tr key={c.id} data-testid="ceremony-row">
                    <Td>
                      <Link
                        href={`/keys/ceremonies/${c.id}`}
                        className="font-medium text-brand-700 hover:underline"
                      >
                        {c.label}
                      </Link>
                      <div className="text-xs text-slate-500">
                        {c.usage} · {c.algorithm}
                      </div>
                    </Td>
                    <Td>{c.components}</Td>
                    <Td>
                      <Badge
                        tone={c.status === 'completed' ? 'success' : c.status === 'open' ? 'info' : 'neutral'}
                      >
                        {c.status}
                      </Badge>
                      {c.finalKcv ? <span className="ml-2 font-mono text-xs">KCV {c.finalKcv}</span> : null}
                    </Td>
                    <Td className="text-xs text-slate-500">
                      {c.startedByName}
                      <br />
                      {c.startedAt.toLocaleString()}
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </QueryState>
      </Card>
      <StartCeremony />
    </div>
  );
}

function StartCeremony() {
  const trpc = useTRPC();
  const router = useRouter();
  const [label, setLabel] = useState('');
  const [usage, setUsage] = useState<KeyUsage>('K0');
  const [algorithm, setAlgorithm] = useState<CeremonyAlgorithm>('TDES2');
  const [components, setComponents] = useState<2 | 3>(2);
  const start = useMutation(
    trpc.keys.ceremonies.start.mutationOptions({
      onSuccess: ({ id }) => router.push(`/keys/ceremonies/${id}`),
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (label.trim().length >= 3) start.mutate({ label, usage, algorithm, components });
  };
  return (
    <Card>
      <CardHeader title="Start a ceremony" description="Custodians then enter their components, one each." />
      <CardBody>
        <form onSubmit={submit} className="space-y-4" noValidate>
          <Field
            label="Key label"
            htmlFor="ceremony-label"
            error={label && label.trim().length < 3 ? 'At least 3 characters' : undefined}
          >
            <TextInput
              id="ceremony-label"
              value={label}
              onChange={(e) => setLabel(e.target.value)}
              placeholder="e.g. Bureau ZMK 2026"
            />
          </Field>
          <Field label="Usage" htmlFor="ceremony-usage">
            <Select id="ceremony-usage" value={usage} onChange={(e) => setUsage(e.target.value as KeyUsage)}>
              {usages.map(([value, text]) => (
                <option key={value} value={value}>
                  {value} – {text}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Algorithm" htmlFor="ceremony-algorithm">
            <Select
              id="ceremony-algorithm"
              value={algorithm}
              onChange={(e) => setAlgorithm(e.target.value as CeremonyAlgorithm)}
            >
              <option value="TDES2">TDES double length</option>
              <option value="TDES3">TDES triple length</option>
              <option value="AES128">AES-128</option>
              <option value="AES192">AES-192</option>
              <option value="AES256">AES-256</option>
            </Select>
          </Field>
          <Field label="Components" htmlFor="ceremony-components">
            <Select
              id="ceremony-components"
              value={components}
              onChange={(e) => setComponents(Number(e.target.value) as 2 | 3)}
            >
              <option value={2}>2 custodians</option>
              <option value={3}>3 custodians</option>
            </Select>
          </Field>
          {start.error ? <ErrorNotice message={errorMessage(start.error)} /> : null}
          <Button type="submit" busy={start.isPending} disabled={label.trim().length < 3}>
            Start ceremony
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}
