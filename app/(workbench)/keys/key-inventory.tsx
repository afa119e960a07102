'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Badge } from '../../_components/ui/badge';
import { Button } from '../../_components/ui/button';
import { Card, CardBody, CardHeader } from '../../_components/ui/card';
import { Field, Select, TextInput } from '../../_components/ui/form-field';
import { Empty, ErrorNotice, Loading, SuccessNotice } from '../../_components/ui/states';
import { Table, Td, Th } from '../../_components/ui/table';
import { errorMessage, fieldErrors, useTRPC } from '../../_trpc/client';

const usages = [
  ['E0', 'E0 – Issuer master key for application cryptograms (MK-AC)'],
  ['E1', 'E1 – Issuer master key for secure messaging confidentiality'],
  ['E2', 'E2 – Issuer master key for secure messaging integrity'],
  ['K0', 'K0 – Key encryption / transport key (KEK)'],
] as const;

export function KeyInventory({ canGenerate }: { canGenerate: boolean }) {
  const trpc = useTRPC();
  const keys = useQuery(trpc.keys.list.queryOptions());
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <Card className="lg:col-span-2">
        <CardHeader title="Key inventory" />
        {keys.isPending ? (
          <Loading />
        ) : keys.error ? (
          <CardBody>
            <ErrorNotice message={errorMessage(keys.error)} />
          </CardBody>
        ) : keys.data.length === 0 ? (
          <Empty title="No keys yet">
            A security officer generates the issuer master key and the transport KEK here.
          </Empty>
        ) : (
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
              {keys.data.map((key) => (
                <tr key={key.id} data-testid="key-row">
                  <Td className="font-medium text-slate-900">{key.label}</Td>
                  <Td>
                    <span title={key.usageName}>
                      <Badge tone="info">{key.usage}</Badge>{' '}
                      <span className="text-xs text-slate-500">{key.usageName}</span>
                    </span>
                  </Td>
                  <Td>{key.algorithm === 'TDES2' ? 'TDES double length' : 'TDES triple length'}</Td>
                  <Td className="font-mono" data-testid="key-kcv">
                    {key.kcv}
                  </Td>
                  <Td>
                    <Badge tone={key.status === 'active' ? 'success' : 'warning'}>{key.status}</Badge>
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
      </Card>
      {canGenerate ? <GenerateKeyForm /> : null}
    </div>
  );
}

function GenerateKeyForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [label, setLabel] = useState('');
  const [usage, setUsage] = useState<(typeof usages)[number][0]>('E0');
  const [algorithm, setAlgorithm] = useState<'TDES2' | 'TDES3'>('TDES2');
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
            <Select id="key-usage" value={usage} onChange={(e) => setUsage(e.target.value as typeof usage)}>
              {usages.map(([value, text]) => (
                <option key={value} value={value}>
                  {text}
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
