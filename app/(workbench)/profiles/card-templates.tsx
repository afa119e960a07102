'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Badge } from '../../_components/ui/badge';
import { Button } from '../../_components/ui/button';
import { Card, CardBody, CardHeader } from '../../_components/ui/card';
import { Field, Select, TextInput } from '../../_components/ui/form-field';
import { Empty, ErrorNotice, Loading, SuccessNotice } from '../../_components/ui/states';
import { Table, Td, Th } from '../../_components/ui/table';
import { errorMessage, useTRPC } from '../../_trpc/client';

export function CardTemplates({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const cards = useQuery(trpc.profiles.listCardTemplates.queryOptions());
  return (
    <div className="grid gap-6 lg:grid-cols-5">
      <Card className="lg:col-span-3">
        <CardHeader title="Card templates" description="What one card carries: its applications." />
        {cards.isPending ? (
          <Loading />
        ) : cards.error ? (
          <div className="p-5">
            <ErrorNotice message={errorMessage(cards.error)} />
          </div>
        ) : cards.data.length === 0 ? (
          <Empty title="No card templates yet">Create one from an application template.</Empty>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Application</Th>
                <Th>Created by</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {cards.data.map((c) => (
                <tr key={c.id} data-testid="card-template-row">
                  <Td>
                    <span className="font-medium text-slate-900">{c.name}</span> <Badge>v{c.version}</Badge>
                  </Td>
                  <Td>
                    {c.applicationTemplateName}{' '}
                    <span className="font-mono text-xs text-slate-500">{c.aid}</span>
                  </Td>
                  <Td className="text-xs text-slate-500">{c.createdByName}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      {canEdit ? <CardTemplateForm /> : null}
    </div>
  );
}

function CardTemplateForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const applications = useQuery(trpc.profiles.listApplicationTemplates.queryOptions());
  const [name, setName] = useState('');
  const [applicationTemplateId, setApplicationTemplateId] = useState('');
  const create = useMutation(
    trpc.profiles.createCardTemplate.mutationOptions({
      onSuccess: () => {
        setName('');
        void queryClient.invalidateQueries(trpc.profiles.listCardTemplates.queryFilter());
      },
    }),
  );
  const valid = name.trim().length >= 3 && applicationTemplateId;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (valid) create.mutate({ name, applicationTemplateId });
  };
  return (
    <Card className="lg:col-span-2">
      <CardHeader title="New card template" />
      <CardBody>
        <form onSubmit={submit} className="space-y-4" noValidate>
          <Field
            label="Name"
            htmlFor="card-name"
            error={name && name.trim().length < 3 ? 'Name must be at least 3 characters' : undefined}
          >
            <TextInput
              id="card-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="e.g. Classic credit card"
            />
          </Field>
          <Field label="Application template" htmlFor="card-application">
            <Select
              id="card-application"
              value={applicationTemplateId}
              onChange={(e) => setApplicationTemplateId(e.target.value)}
            >
              <option value="">Choose…</option>
              {applications.data?.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name} v{a.version} ({a.aid})
                </option>
              ))}
            </Select>
          </Field>
          {create.error ? <ErrorNotice message={errorMessage(create.error)} /> : null}
          {create.data ? (
            <SuccessNotice>
              Created {create.data.name} v{create.data.version}.
            </SuccessNotice>
          ) : null}
          <Button type="submit" busy={create.isPending} disabled={!valid}>
            Create card template
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}
