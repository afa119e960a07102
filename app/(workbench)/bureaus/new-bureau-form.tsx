'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '../../_components/ui/button';
import { Card, CardBody, CardHeader } from '../../_components/ui/card';
import { Field, TextInput } from '../../_components/ui/form-field';
import { ErrorNotice, SuccessNotice } from '../../_components/ui/states';
import { errorMessage, fieldErrors, useTRPC } from '../../_trpc/client';

export function NewBureauForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const create = useMutation(
    trpc.bureaus.create.mutationOptions({
      onSuccess: () => {
        setCode('');
        setName('');
        void queryClient.invalidateQueries(trpc.bureaus.list.queryFilter());
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ code, name });
  };
  const problems = fieldErrors(create.error);
  return (
    <Card className="max-w-2xl">
      <CardHeader title="New bureau" description="The code cannot be changed or reused later." />
      <CardBody>
        <form onSubmit={submit} className="space-y-4" noValidate>
          <Field
            label="Code"
            htmlFor="bureau-code"
            error={problems.code?.[0]}
            hint="2 to 16 capital letters, digits, - or _ (e.g. ACME-EU)"
          >
            <TextInput id="bureau-code" value={code} onChange={(e) => setCode(e.target.value)} />
          </Field>
          <Field label="Name" htmlFor="bureau-name" error={problems.name?.[0]}>
            <TextInput id="bureau-name" value={name} onChange={(e) => setName(e.target.value)} />
          </Field>
          {create.error && !problems.code && !problems.name ? (
            <ErrorNotice message={errorMessage(create.error)} />
          ) : null}
          {create.data ? (
            <SuccessNotice>
              Bureau {create.data.code} ({create.data.name}) added.
            </SuccessNotice>
          ) : null}
          <Button type="submit" busy={create.isPending} disabled={!code.trim() || !name.trim()}>
            Add bureau
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}
