'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import {
  caChecksumField,
  caIndexField,
  caModulusField,
  exponentField,
  ridField,
  rsaBitsField,
} from '../../../../server/services/public-key-fields';
import { Button } from '../../../_components/ui/button';
import { Card, CardBody, CardHeader } from '../../../_components/ui/card';
import { Field, Select, TextArea, TextInput } from '../../../_components/ui/form-field';
import { Empty, ErrorNotice, Loading, SuccessNotice } from '../../../_components/ui/states';
import { Table, Td, Th } from '../../../_components/ui/table';
import { errorMessage, fieldErrors, useTRPC } from '../../../_trpc/client';
import { fieldProblem, TestBadge } from './public-key-ui';

export function CaKeyLists() {
  const trpc = useTRPC();
  const caKeys = useQuery(trpc.keys.caKeys.list.queryOptions());
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <div className="space-y-6 lg:col-span-2">
        {(['live', 'test'] as const).map((environment) => (
          <Card key={environment} data-testid={`ca-list-${environment}`}>
            <CardHeader
              title={environment === 'live' ? 'CA public keys: live list' : 'CA public keys: test list'}
              description={
                environment === 'live'
                  ? 'Scheme certification authority keys for production cards, as each scheme publishes them.'
                  : "Schemes' test CA keys and the workbench TEST CA, for test programs only."
              }
            />
            {caKeys.isPending ? (
              <Loading />
            ) : caKeys.error ? (
              <CardBody>
                <ErrorNotice message={errorMessage(caKeys.error)} />
              </CardBody>
            ) : caKeys.data.filter((k) => k.environment === environment).length === 0 ? (
              <Empty title={`No CA key on the ${environment} list`}>
                {environment === 'live'
                  ? "Add each scheme's key from its published list, with its checksum."
                  : "Add a scheme's test key, or create the workbench TEST CA."}
              </Empty>
            ) : (
              <Table>
                <thead>
                  <tr>
                    <Th>RID · index</Th>
                    <Th>Key</Th>
                    <Th>Checksum (SHA-1)</Th>
                    <Th>Source</Th>
                    <Th>Added</Th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {caKeys.data
                    .filter((k) => k.environment === environment)
                    .map((k) => (
                      <tr key={k.id} data-testid="ca-key-row">
                        <Td className="whitespace-nowrap font-mono font-medium text-slate-900">
                          {k.rid} · {k.index}
                        </Td>
                        <Td className="whitespace-nowrap">
                          {k.bits} bits · e {k.exponent}
                          <details className="text-xs">
                            <summary className="cursor-pointer text-brand-700">modulus</summary>
                            <span className="break-all font-mono">{k.modulus}</span>
                          </details>
                        </Td>
                        <Td className="break-all font-mono text-xs">{k.checksum}</Td>
                        <Td>
                          {k.source === 'workbench_test_ca' ? (
                            <span className="inline-flex items-center gap-1 whitespace-nowrap">
                              <TestBadge /> <span className="text-xs">workbench TEST CA</span>
                            </span>
                          ) : (
                            <span className="text-xs">scheme</span>
                          )}
                        </Td>
                        <Td className="text-xs text-slate-500">
                          {k.addedByName}
                          <br />
                          {k.addedAt.toLocaleString()}
                        </Td>
                      </tr>
                    ))}
                </tbody>
              </Table>
            )}
          </Card>
        ))}
      </div>
      <div className="space-y-6">
        <AddCaKeyForm />
        <CreateTestCaForm />
      </div>
    </div>
  );
}

function AddCaKeyForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const empty = { rid: '', index: '', environment: 'live', modulus: '', exponent: '03', checksum: '' };
  const [form, setForm] = useState(empty);
  const [tried, setTried] = useState(false);
  const add = useMutation(
    trpc.keys.caKeys.add.mutationOptions({
      onSuccess: () => {
        setForm(empty);
        setTried(false);
        void queryClient.invalidateQueries(trpc.keys.caKeys.list.queryFilter());
      },
    }),
  );
  const server = fieldErrors(add.error);
  const problems = {
    rid: fieldProblem(ridField, form.rid),
    index: fieldProblem(caIndexField, form.index),
    modulus: fieldProblem(caModulusField, form.modulus),
    exponent: fieldProblem(exponentField, form.exponent),
    checksum: fieldProblem(caChecksumField, form.checksum),
  };
  const shown = (name: keyof typeof problems) =>
    (tried || form[name].length > 0 ? problems[name] : undefined) ?? server[name]?.[0];
  const set = (name: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [name]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (Object.values(problems).some(Boolean)) return;
    add.mutate({ ...form, environment: form.environment as 'live' | 'test' });
  };
  return (
    <Card>
      <CardHeader
        title="Add a scheme CA key"
        description="Paste the fields from the scheme's published list; the checksum must match."
      />
      <CardBody>
        <form onSubmit={submit} className="space-y-4" noValidate>
          <Field label="List" htmlFor="ca-environment">
            <Select
              id="ca-environment"
              value={form.environment}
              onChange={(e) => set('environment')(e.target.value)}
            >
              <option value="live">Live (production cards)</option>
              <option value="test">Test (test programs)</option>
            </Select>
          </Field>
          <div className="grid grid-cols-2 gap-3">
            <Field label="RID" htmlFor="ca-rid" error={shown('rid')}>
              <TextInput
                id="ca-rid"
                className="font-mono"
                value={form.rid}
                onChange={(e) => set('rid')(e.target.value)}
                placeholder="A000000003"
                invalid={Boolean(shown('rid'))}
              />
            </Field>
            <Field label="Index" htmlFor="ca-index" error={shown('index')}>
              <TextInput
                id="ca-index"
                className="font-mono"
                value={form.index}
                onChange={(e) => set('index')(e.target.value)}
                placeholder="92"
                invalid={Boolean(shown('index'))}
              />
            </Field>
          </div>
          <Field label="Modulus (hex)" htmlFor="ca-modulus" error={shown('modulus')}>
            <TextArea
              id="ca-modulus"
              rows={4}
              spellCheck={false}
              className="font-mono text-xs"
              value={form.modulus}
              onChange={(e) => set('modulus')(e.target.value)}
              invalid={Boolean(shown('modulus'))}
            />
          </Field>
          <Field label="Exponent" htmlFor="ca-exponent" error={shown('exponent')}>
            <Select id="ca-exponent" value={form.exponent} onChange={(e) => set('exponent')(e.target.value)}>
              <option value="03">03</option>
              <option value="010001">010001</option>
            </Select>
          </Field>
          <Field label="Checksum (hex)" htmlFor="ca-checksum" error={shown('checksum')}>
            <TextInput
              id="ca-checksum"
              className="font-mono text-xs"
              spellCheck={false}
              value={form.checksum}
              onChange={(e) => set('checksum')(e.target.value)}
              invalid={Boolean(shown('checksum'))}
            />
          </Field>
          {add.error && Object.keys(server).length === 0 ? (
            <ErrorNotice message={errorMessage(add.error)} />
          ) : null}
          {add.data ? (
            <SuccessNotice>
              Added CA key {add.data.rid} index {add.data.index} to the {add.data.environment} list.
            </SuccessNotice>
          ) : null}
          <Button type="submit" busy={add.isPending}>
            Add CA key
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}

function CreateTestCaForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ rid: '', index: '', bits: '1984' });
  const [tried, setTried] = useState(false);
  const create = useMutation(
    trpc.keys.caKeys.createTestCa.mutationOptions({
      onSuccess: () => {
        setTried(false);
        void queryClient.invalidateQueries(trpc.keys.caKeys.list.queryFilter());
        void queryClient.invalidateQueries(trpc.keys.list.queryFilter());
      },
    }),
  );
  const problems = {
    rid: fieldProblem(ridField, form.rid),
    index: fieldProblem(caIndexField, form.index),
    bits: fieldProblem(rsaBitsField, Number(form.bits)),
  };
  const shown = (name: keyof typeof problems) =>
    tried || form[name].length > 0 ? problems[name] : undefined;
  const set = (name: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [name]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (Object.values(problems).some(Boolean)) return;
    create.mutate({ rid: form.rid, index: form.index, bits: Number(form.bits) });
  };
  return (
    <Card>
      <CardHeader
        title={
          <span className="inline-flex items-center gap-2">
            Create the TEST CA <TestBadge />
          </span>
        }
        description="A certification authority inside the workbench, for test programs: its key goes on the test list only, and its certificates are stored as test certificates, never for production cards."
      />
      <CardBody>
        <form onSubmit={submit} className="space-y-4" noValidate>
          <div className="grid grid-cols-2 gap-3">
            <Field label="TEST CA RID" htmlFor="test-ca-rid" error={shown('rid')}>
              <TextInput
                id="test-ca-rid"
                className="font-mono"
                value={form.rid}
                onChange={(e) => set('rid')(e.target.value)}
                placeholder="A000000003"
                invalid={Boolean(shown('rid'))}
              />
            </Field>
            <Field label="TEST CA index" htmlFor="test-ca-index" error={shown('index')}>
              <TextInput
                id="test-ca-index"
                className="font-mono"
                value={form.index}
                onChange={(e) => set('index')(e.target.value)}
                placeholder="F1"
                invalid={Boolean(shown('index'))}
              />
            </Field>
          </div>
          <Field
            label="TEST CA key length (bits)"
            htmlFor="test-ca-bits"
            error={shown('bits')}
            hint="At least as long as the issuer keys it will certify"
          >
            <TextInput
              id="test-ca-bits"
              type="number"
              step={8}
              value={form.bits}
              onChange={(e) => set('bits')(e.target.value)}
              invalid={Boolean(shown('bits'))}
            />
          </Field>
          {create.error ? <ErrorNotice message={errorMessage(create.error)} /> : null}
          {create.data ? (
            <SuccessNotice>
              Created <strong data-testid="test-ca-label">{create.data.label}</strong>, checksum{' '}
              <span className="break-all font-mono text-xs">{create.data.checksum}</span>, on the test list.
            </SuccessNotice>
          ) : null}
          <Button type="submit" busy={create.isPending}>
            Create TEST CA in HSM
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}
