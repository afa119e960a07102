'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Badge } from '../../_components/ui/badge';
import { Button } from '../../_components/ui/button';
import { Card, CardBody, CardHeader } from '../../_components/ui/card';
import { Field, Select, TextInput } from '../../_components/ui/form-field';
import { ErrorNotice, SuccessNotice } from '../../_components/ui/states';
import { Table, Td, Th } from '../../_components/ui/table';
import { QueryState } from '../../_components/ui/query-state';
import { errorMessage, fieldErrors, useTRPC } from '../../_trpc/client';
import { keyUsageNames, type KeyUsage, type SymmetricAlgorithm } from '../../../server/emv/hsm-commands';

const usages = (Object.entries(keyUsageNames) as [KeyUsage, string][]).filter(([usage]) => usage !== 'S0');
const algorithms: [SymmetricAlgorithm, string][] = [
  ['TDES2', 'TDES double length (16 bytes)'],
  ['TDES3', 'TDES triple length (24 bytes)'],
  ['AES128', 'AES-128'],
  ['AES192', 'AES-192'],
  ['AES256', 'AES-256'],
  ['HMAC256', 'HMAC-SHA256 key (32 bytes)'],
];
const algorithmNames = Object.fromEntries(algorithms) as Record<string, string>;

export function KeyInventory({ canGenerate }: { canGenerate: boolean }) {
  const trpc = useTRPC();
  const keys = useQuery(trpc.keys.list.queryOptions());
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <Card className="lg:col-span-2">
        <CardHeader title="Key inventory" />
        <QueryState
          query={keys}
          empty={{
            title: 'No keys yet',
            hint: <>A security officer generates the issuer master key and the transport KEK here.</>,
          }}
        >
          {(data) => (
            <Table>
              <thead>
                <tr>
                  <Th>Label</Th>
                  <Th>Usage</Th>
                  <Th>Algorithm</Th>
                  <Th>KCV</Th>
                  <Th>Status</Th>
                  <Th>Created</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {data.map((key) => (
                  <tr key={key.id} data-testid="key-row">
                    <Td className="font-medium text-slate-900">
                      {key.label}
                      {/* The bridge labels the workbench's test certification authority key "TEST CA …". */}
                      {key.usage === 'S0' && key.label.startsWith('TEST CA') ? (
                        <>
                          {' '}
                          <Badge tone="danger">TEST</Badge>
                        </>
                      ) : null}
                    </Td>
                    <Td>
                      <span title={key.usageName}>
                        <Badge tone="info">{key.usage}</Badge>{' '}
                        <span className="text-xs text-slate-500">{key.usageName}</span>
                      </span>
                    </Td>
                    <Td>{algorithmNames[key.algorithm] ?? key.algorithm}</Td>
                    <Td className="font-mono" data-testid="key-kcv">
                      {key.kcv}
                    </Td>
                    <Td>
                      <Badge
                        tone={
                          key.status === 'active'
                            ? 'success'
                            : key.status === 'suspended'
                              ? 'warning'
                              : 'danger'
                        }
                      >
                        {key.status}
                      </Badge>
                      {canGenerate ? (
                        <KeyStatusActions keyId={key.id} label={key.label} status={key.status} />
                      ) : null}
                    </Td>
                    <Td className="text-xs text-slate-500">
                      {key.createdByName}
                      <br />
                      {key.createdAt.toLocaleString()}
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </QueryState>
      </Card>
      {canGenerate ? <GenerateKeyForm /> : null}
    </div>
  );
}

function GenerateKeyForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [label, setLabel] = useState('');
  const [usage, setUsage] = useState<KeyUsage>('E0');
  const [algorithm, setAlgorithm] = useState<SymmetricAlgorithm>('TDES2');
  const chooseUsage = (next: KeyUsage) => {
    setUsage(next);
    if (next === 'M7') setAlgorithm('HMAC256');
    else if (algorithm === 'HMAC256') setAlgorithm('TDES2');
  };
  const generate = useMutation(
    trpc.keys.generate.mutationOptions({
      onSuccess: () => {
        setLabel('');
        void queryClient.invalidateQueries(trpc.keys.list.queryFilter());
      },
    }),
  );
  const labelProblem =
    label.length > 0 && label.trim().length < 3
      ? 'Label must be at least 3 characters'
      : fieldErrors(generate.error).label?.[0];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (label.trim().length >= 3) generate.mutate({ label, usage, algorithm });
  };
  return (
    <Card>
      <CardHeader title="Generate a key" description="Inside the HSM; only its check value is shown." />
      <CardBody>
        <form onSubmit={submit} className="space-y-4" noValidate>
          <Field label="Label" htmlFor="key-label" error={labelProblem}>
            <TextInput
              id="key-label"
              value={label}
              onChange={(e) => setLabel(e.target.value)}
              placeholder="e.g. IMK-AC 2026"
              invalid={Boolean(labelProblem)}
            />
          </Field>
          <Field label="Usage" htmlFor="key-usage">
            <Select id="key-usage" value={usage} onChange={(e) => chooseUsage(e.target.value as KeyUsage)}>
              {usages.map(([value, text]) => (
                <option key={value} value={value}>
                  {value} – {text}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Algorithm" htmlFor="key-algorithm">
            <Select
              id="key-algorithm"
              value={algorithm}
              onChange={(e) => setAlgorithm(e.target.value as 'TDES2' | 'TDES3')}
            >
              <option value="TDES2">TDES double length (16 bytes)</option>
              <option value="TDES3">TDES triple length (24 bytes)</option>
            </Select>
          </Field>
          {generate.error && !labelProblem ? <ErrorNotice message={errorMessage(generate.error)} /> : null}
          {generate.data ? (
            <SuccessNotice>
              Generated <strong>{generate.data.label}</strong>, KCV{' '}
              <span className="font-mono" data-testid="generated-kcv">
                {generate.data.kcv}
              </span>
            </SuccessNotice>
          ) : null}
          <Button type="submit" busy={generate.isPending} disabled={label.trim().length < 3}>
            Generate in HSM
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}

function KeyStatusActions({ keyId, label, status }: { keyId: string; label: string; status: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [target, setTarget] = useState<'active' | 'suspended' | 'destroyed' | null>(null);
  const [reason, setReason] = useState('');
  const change = useMutation(
    trpc.keys.changeStatus.mutationOptions({
      onSuccess: () => {
        setTarget(null);
        setReason('');
        void queryClient.invalidateQueries(trpc.keys.list.queryFilter());
      },
    }),
  );
  if (status === 'destroyed') return null;
  const actions: { to: 'active' | 'suspended' | 'destroyed'; text: string }[] =
    status === 'active'
      ? [
          { to: 'suspended', text: 'Suspend' },
          { to: 'destroyed', text: 'Destroy' },
        ]
      : [
          { to: 'active', text: 'Reactivate' },
          { to: 'destroyed', text: 'Destroy' },
        ];
  return (
    <div className="mt-1 space-y-1">
      <div className="flex gap-2 text-xs">
        {actions.map((action) => (
          <button
            key={action.to}
            type="button"
            className="text-brand-700 hover:underline"
            onClick={() => setTarget(action.to)}
            aria-label={`${action.text} ${label}`}
          >
            {action.text}
          </button>
        ))}
      </div>
      {target ? (
        <form
          className="flex gap-1"
          onSubmit={(event) => {
            event.preventDefault();
            change.mutate({ keyId, status: target, reason });
          }}
        >
          <TextInput
            aria-label="Reason"
            className="h-7 py-0 text-xs"
            placeholder={`Why ${target === 'active' ? 'reactivate' : target === 'suspended' ? 'suspend' : 'destroy'}?`}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <Button
            type="submit"
            variant={target === 'destroyed' ? 'danger' : 'secondary'}
            className="h-7 px-2 text-xs"
            busy={change.isPending}
            disabled={reason.trim().length < 5}
          >
            Confirm
          </Button>
        </form>
      ) : null}
      {change.error ? <p className="text-xs text-red-600">{errorMessage(change.error)}</p> : null}
    </div>
  );
}
