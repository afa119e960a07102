'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import {
  certificateExpiryField,
  certificateSerialField,
  issuerIdentifierField,
  issuerKeyLabelField,
  rsaBitsField,
} from '../../../../server/services/public-key-fields';
import { Badge } from '../../../_components/ui/badge';
import { Button } from '../../../_components/ui/button';
import { Card, CardBody, CardHeader } from '../../../_components/ui/card';
import { Field, Select, TextInput } from '../../../_components/ui/form-field';
import { Empty, ErrorNotice, Loading, SuccessNotice } from '../../../_components/ui/states';
import { Table, Td, Th } from '../../../_components/ui/table';
import { errorMessage, fieldErrors, useTRPC } from '../../../_trpc/client';
import { EnvironmentBadge, fieldProblem, TestBadge } from './public-key-ui';

export function IssuerKeyList() {
  const trpc = useTRPC();
  const issuerKeys = useQuery(trpc.keys.issuerKeys.list.queryOptions());
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <Card className="lg:col-span-2">
        <CardHeader
          title="Issuer keys"
          description="Each private key stays in the HSM; open a key to export it for the CA or to add its certificate."
        />
        {issuerKeys.isPending ? (
          <Loading />
        ) : issuerKeys.error ? (
          <CardBody>
            <ErrorNotice message={errorMessage(issuerKeys.error)} />
          </CardBody>
        ) : issuerKeys.data.length === 0 ? (
          <Empty title="No issuer key yet">Generate one in the HSM with the form beside this list.</Empty>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>Label</Th>
                <Th>Key</Th>
                <Th>Certificate fields</Th>
                <Th>Status</Th>
                <Th>Created</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {issuerKeys.data.map((k) => (
                <tr key={k.id} data-testid="issuer-key-row">
                  <Td>
                    <Link
                      href={`/keys/issuer-keys/${k.id}`}
                      className="font-medium text-brand-700 hover:underline"
                    >
                      {k.label}
                    </Link>
                  </Td>
                  <Td>
                    RSA {k.rsaBits} · e {k.exponent}
                    <div className="font-mono text-xs text-slate-500" title="Fingerprint of the public key">
                      {k.fingerprint}
                    </div>
                  </Td>
                  <Td className="text-xs">
                    issuer {k.issuerIdentifier} · expiry {k.expiry} · serial{' '}
                    <span className="font-mono">{k.serial}</span>
                  </Td>
                  <Td>
                    <IssuerKeyStatus status={k.status} keyStatus={k.keyStatus} />
                    <div className="mt-1 flex flex-wrap gap-1">
                      {k.certifiedLive ? <EnvironmentBadge environment="live" /> : null}
                      {k.certifiedTest ? <EnvironmentBadge environment="test" /> : null}
                      {k.certifiedByTestCa ? <TestBadge /> : null}
                    </div>
                  </Td>
                  <Td className="text-xs text-slate-500">
                    {k.createdByName}
                    <br />
                    {k.createdAt.toLocaleString()}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      <GenerateIssuerKeyForm />
    </div>
  );
}

export function IssuerKeyStatus({
  status,
  keyStatus,
}: {
  status: 'awaiting_certificate' | 'certified';
  keyStatus: 'active' | 'suspended' | 'destroyed';
}) {
  return (
    <span className="inline-flex flex-wrap gap-1" data-testid="issuer-key-status">
      <Badge tone={status === 'certified' ? 'success' : 'warning'}>
        {status === 'certified' ? 'certified' : 'awaiting certificate'}
      </Badge>
      {keyStatus !== 'active' ? (
        <Badge tone={keyStatus === 'suspended' ? 'warning' : 'danger'}>key {keyStatus}</Badge>
      ) : null}
    </span>
  );
}

function GenerateIssuerKeyForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({
    label: '',
    bits: '1408',
    publicExponent: '3',
    issuerIdentifier: '',
    expiry: '',
    serial: '000001',
  });
  const [tried, setTried] = useState(false);
  const generate = useMutation(
    trpc.keys.issuerKeys.generate.mutationOptions({
      onSuccess: () => {
        setForm((f) => ({ ...f, label: '' }));
        setTried(false);
        void queryClient.invalidateQueries(trpc.keys.issuerKeys.list.queryFilter());
        void queryClient.invalidateQueries(trpc.keys.list.queryFilter());
      },
    }),
  );
  const server = fieldErrors(generate.error);
  const show = (name: keyof typeof form) => tried || form[name].length > 0;
  const problems = {
    label: fieldProblem(issuerKeyLabelField, form.label),
    bits: fieldProblem(rsaBitsField, Number(form.bits)),
    issuerIdentifier: fieldProblem(issuerIdentifierField, form.issuerIdentifier),
    expiry: fieldProblem(certificateExpiryField, form.expiry),
    serial: fieldProblem(certificateSerialField, form.serial),
  };
  const shown = (name: keyof typeof problems) =>
    (show(name) ? problems[name] : undefined) ?? server[name]?.[0];
  const valid = Object.values(problems).every((p) => p === undefined);
  const set = (name: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [name]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!valid) return;
    generate.mutate({
      label: form.label,
      bits: Number(form.bits),
      publicExponent: form.publicExponent === '3' ? 3 : 65537,
      issuerIdentifier: form.issuerIdentifier,
      expiry: form.expiry,
      serial: form.serial,
    });
  };
  return (
    <Card>
      <CardHeader
        title="Generate an issuer key"
        description="An RSA key pair in the HSM; only its public key and fingerprint leave it."
      />
      <CardBody>
        <form onSubmit={submit} className="space-y-4" noValidate>
          <Field label="Issuer key label" htmlFor="issuer-label" error={shown('label')}>
            <TextInput
              id="issuer-label"
              value={form.label}
              onChange={(e) => set('label')(e.target.value)}
              placeholder="e.g. Issuer key Visa 2030"
              invalid={Boolean(shown('label'))}
            />
          </Field>
          <div className="grid grid-cols-2 gap-3">
            <Field
              label="Key length (bits)"
              htmlFor="issuer-bits"
              error={shown('bits')}
              hint="1024 to 1984; not longer than the CA key"
            >
              <TextInput
                id="issuer-bits"
                type="number"
                step={8}
                value={form.bits}
                onChange={(e) => set('bits')(e.target.value)}
                invalid={Boolean(shown('bits'))}
              />
            </Field>
            <Field label="Public exponent" htmlFor="issuer-exponent">
              <Select
                id="issuer-exponent"
                value={form.publicExponent}
                onChange={(e) => set('publicExponent')(e.target.value)}
              >
                <option value="3">3</option>
                <option value="65537">65537</option>
              </Select>
            </Field>
          </div>
          <Field
            label="Issuer identifier"
            htmlFor="issuer-identifier"
            error={shown('issuerIdentifier')}
            hint="The 3 to 8 leading digits of the PANs"
          >
            <TextInput
              id="issuer-identifier"
              inputMode="numeric"
              value={form.issuerIdentifier}
              onChange={(e) => set('issuerIdentifier')(e.target.value)}
              placeholder="e.g. 476173"
              invalid={Boolean(shown('issuerIdentifier'))}
            />
          </Field>
          <div className="grid grid-cols-2 gap-3">
            <Field label="Certificate expiry (MMYY)" htmlFor="issuer-expiry" error={shown('expiry')}>
              <TextInput
                id="issuer-expiry"
                inputMode="numeric"
                value={form.expiry}
                onChange={(e) => set('expiry')(e.target.value)}
                placeholder="e.g. 1230"
                invalid={Boolean(shown('expiry'))}
              />
            </Field>
            <Field label="Serial number (hex)" htmlFor="issuer-serial" error={shown('serial')}>
              <TextInput
                id="issuer-serial"
                className="font-mono"
                value={form.serial}
                onChange={(e) => set('serial')(e.target.value)}
                invalid={Boolean(shown('serial'))}
              />
            </Field>
          </div>
          {generate.error && Object.keys(server).length === 0 ? (
            <ErrorNotice message={errorMessage(generate.error)} />
          ) : null}
          {generate.data ? (
            <SuccessNotice>
              Generated <strong>{generate.data.label}</strong> (RSA {generate.data.rsaBits}), fingerprint{' '}
              <span className="font-mono" data-testid="issuer-key-fingerprint">
                {generate.data.fingerprint}
              </span>
              .{' '}
              <Link href={`/keys/issuer-keys/${generate.data.id}`} className="font-medium underline">
                Open it
              </Link>
            </SuccessNotice>
          ) : null}
          <Button type="submit" busy={generate.isPending}>
            Generate issuer key in HSM
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}
