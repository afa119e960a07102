'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { dataElement } from '../../../server/emv/data-dictionary';
import { Button } from '../../_components/ui/button';
import { Card, CardBody, CardHeader } from '../../_components/ui/card';
import { Field, TextInput } from '../../_components/ui/form-field';
import { ErrorNotice, SuccessNotice } from '../../_components/ui/states';
import { errorMessage, useTRPC } from '../../_trpc/client';

interface TagRow {
  tag: string;
  value: string;
}

function aidProblem(aid: string): string | undefined {
  if (!aid) return undefined;
  return /^([0-9A-Fa-f]{2}){5,16}$/.test(aid)
    ? undefined
    : 'AID must be 5 to 16 bytes of hexadecimal (RID + PIX)';
}

function tagProblem(row: TagRow): string | undefined {
  if (!row.tag && !row.value) return undefined;
  const element = dataElement(row.tag);
  if (!element) return `Tag ${row.tag || '(empty)'} is not a known EMV data element`;
  if (!/^([0-9A-Fa-f]{2})+$/.test(row.value)) return `${element.name}: value must be hexadecimal bytes`;
  const bytes = row.value.length / 2;
  const [min, max] = typeof element.length === 'number' ? [element.length, element.length] : element.length;
  if (bytes < min || bytes > max)
    return `${element.name} must be ${min === max ? min : `${min} to ${max}`} bytes, got ${bytes}`;
  return undefined;
}

export function ApplicationTemplateForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [aid, setAid] = useState('');
  const [label, setLabel] = useState('');
  const [tags, setTags] = useState<TagRow[]>([{ tag: '', value: '' }]);
  const create = useMutation(
    trpc.profiles.createApplicationTemplate.mutationOptions({
      onSuccess: () => {
        setName('');
        setAid('');
        setLabel('');
        setTags([{ tag: '', value: '' }]);
        void queryClient.invalidateQueries(trpc.profiles.listApplicationTemplates.queryFilter());
      },
    }),
  );
  const filled = tags.filter((t) => t.tag || t.value);
  const problems = filled.map(tagProblem);
  const valid =
    name.trim().length >= 3 && aid && !aidProblem(aid) && label.trim() && problems.every((p) => !p);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (valid) create.mutate({ name, aid, applicationLabel: label, tags: filled });
  };
  const setTag = (index: number, patch: Partial<TagRow>) =>
    setTags((rows) => rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));

  return (
    <Card className="lg:col-span-2">
      <CardHeader title="New application template" />
      <CardBody>
        <form onSubmit={submit} className="space-y-4" noValidate>
          <Field
            label="Name"
            htmlFor="app-name"
            error={name && name.trim().length < 3 ? 'Name must be at least 3 characters' : undefined}
          >
            <TextInput
              id="app-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="e.g. Credit VSDC-style"
            />
          </Field>
          <Field
            label="AID (tag 4F)"
            htmlFor="app-aid"
            error={aidProblem(aid)}
            hint="RID (5 bytes) + PIX, hexadecimal"
          >
            <TextInput
              id="app-aid"
              className="font-mono"
              value={aid}
              onChange={(e) => setAid(e.target.value.toUpperCase())}
              invalid={Boolean(aidProblem(aid))}
              placeholder="A0000000031010"
            />
          </Field>
          <Field
            label="Application label (tag 50)"
            htmlFor="app-label"
            error={label.length > 16 ? 'At most 16 characters' : undefined}
          >
            <TextInput
              id="app-label"
              value={label}
              onChange={(e) => setLabel(e.target.value)}
              maxLength={16}
              placeholder="CREDIT"
            />
          </Field>
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium text-slate-700">EMV data elements</legend>
            {tags.map((row, index) => {
              const element = dataElement(row.tag);
              const problem = row.tag || row.value ? tagProblem(row) : undefined;
              return (
                <div key={index} className="space-y-1">
                  <div className="flex gap-2">
                    <TextInput
                      aria-label={`Tag ${index + 1}`}
                      className="w-24 font-mono"
                      value={row.tag}
                      onChange={(e) => setTag(index, { tag: e.target.value.toUpperCase() })}
                      placeholder="9F08"
                      invalid={Boolean(problem)}
                    />
                    <TextInput
                      aria-label={`Value ${index + 1}`}
                      className="font-mono"
                      value={row.value}
                      onChange={(e) => setTag(index, { value: e.target.value.toUpperCase() })}
                      placeholder="0002"
                      invalid={Boolean(problem)}
                    />
                  </div>
                  <p
                    className={problem ? 'text-xs text-red-600' : 'text-xs text-slate-500'}
                    role={problem ? 'alert' : undefined}
                  >
                    {problem ?? (element ? element.name : '\u00a0')}
                  </p>
                </div>
              );
            })}
            <Button
              type="button"
              variant="secondary"
              onClick={() => setTags((rows) => [...rows, { tag: '', value: '' }])}
            >
              Add data element
            </Button>
          </fieldset>
          {create.error ? <ErrorNotice message={errorMessage(create.error)} /> : null}
          {create.data ? (
            <SuccessNotice>
              Created {create.data.name} v{create.data.version}.
            </SuccessNotice>
          ) : null}
          <Button type="submit" busy={create.isPending} disabled={!valid}>
            Create application template
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}
