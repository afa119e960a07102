'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { Button } from '../../_components/ui/button';
import { Card, CardBody, CardHeader } from '../../_components/ui/card';
import { Field, Select, TextArea, TextInput } from '../../_components/ui/form-field';
import { ErrorNotice, Loading } from '../../_components/ui/states';
import { errorMessage, errorProblems, useTRPC } from '../../_trpc/client';
import { JsonProblems } from './json-problems';
import { StartFromScratch } from './start-from-scratch';
import { useOpenCreated } from './use-open-created';

function StartFromDemo() {
  const trpc = useTRPC();
  const demos = useQuery(trpc.profiles.demos.queryOptions());
  const [file, setFile] = useState('');
  const [name, setName] = useState('');
  const open = useOpenCreated();
  const create = useMutation(trpc.profiles.createFromDemo.mutationOptions({ onSuccess: open }));
  const chosen = demos.data?.find((d) => d.file === file);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) return;
    create.mutate({ demo: chosen.file, name: name.trim() || undefined });
  };
  if (demos.isPending) return <Loading label="Loading demo profiles…" />;
  if (demos.error) return <ErrorNotice message={errorMessage(demos.error)} />;
  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <Field label="Demo profile" htmlFor="demo-profile" hint={chosen?.description}>
        <Select id="demo-profile" value={file} onChange={(e) => setFile(e.target.value)}>
          <option value="">Choose a demo profile…</option>
          {demos.data.map((demo) => (
            <option key={demo.file} value={demo.file}>
              {demo.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field
        label="Profile name"
        htmlFor="demo-profile-name"
        hint={
          chosen
            ? `Leave empty to keep “${chosen.name}”.`
            : 'The name reviewers see; unique in the workbench.'
        }
      >
        <TextInput
          id="demo-profile-name"
          value={name}
          maxLength={120}
          onChange={(e) => setName(e.target.value)}
          placeholder="e.g. Classic credit 2027"
        />
      </Field>
      {chosen ? (
        <p className="text-xs text-slate-500">Applications: {chosen.applications.join(', ')}</p>
      ) : null}
      {create.error ? <ErrorNotice message={errorMessage(create.error)} /> : null}
      <Button type="submit" disabled={!chosen} busy={create.isPending}>
        Start from a demo profile
      </Button>
    </form>
  );
}

function ImportJson() {
  const trpc = useTRPC();
  const [json, setJson] = useState('');
  const [fileName, setFileName] = useState<string | undefined>();
  const [readError, setReadError] = useState<string | undefined>();
  const open = useOpenCreated();
  const importJson = useMutation(trpc.profiles.importJson.mutationOptions({ onSuccess: open }));
  const problems = errorProblems(importJson.error);
  const chooseFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    setReadError(undefined);
    if (!file) return;
    if (file.size > 1_000_000) {
      setReadError(
        `${file.name} is ${Math.round(file.size / 1024)} KB; a profile JSON file is at most 1 MB.`,
      );
      return;
    }
    setFileName(file.name);
    file.text().then(setJson, () => setReadError(`${file.name} could not be read.`));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (json.trim()) importJson.mutate({ json, fileName });
  };
  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <Field
        label="Profile JSON file"
        htmlFor="import-file"
        error={readError}
        hint="A file exported by a workbench (docs/profiles.md)."
      >
        <input
          id="import-file"
          type="file"
          accept="application/json,.json"
          onChange={chooseFile}
          className="block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium hover:file:bg-slate-50"
        />
      </Field>
      <Field label="Or paste the profile JSON" htmlFor="import-json">
        <TextArea
          id="import-json"
          rows={6}
          spellCheck={false}
          className="font-mono text-xs"
          value={json}
          onChange={(e) => {
            setJson(e.target.value);
            setFileName(undefined);
          }}
          placeholder='{ "format": "emv-dataprep-profile", "version": 1, … }'
        />
      </Field>
      {problems.length ? (
        <JsonProblems title="The file does not match the profile format:" problems={problems} />
      ) : importJson.error ? (
        <ErrorNotice message={errorMessage(importJson.error)} />
      ) : null}
      <Button type="submit" variant="secondary" disabled={!json.trim()} busy={importJson.isPending}>
        Import JSON
      </Button>
    </form>
  );
}

export function NewProfile() {
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <div className="lg:col-span-2">
        <Card>
          <CardHeader
            title="Start from scratch"
            description="Card-level defaults and one application with no data yet; the checks then say what it needs."
          />
          <CardBody>
            <StartFromScratch />
          </CardBody>
        </Card>
      </div>
      <Card>
        <CardHeader
          title="Start from a demo profile"
          description="Three generic profiles ship with the workbench; no payment system has certified them."
        />
        <CardBody>
          <StartFromDemo />
        </CardBody>
      </Card>
      <Card>
        <CardHeader
          title="Import JSON"
          description="Every problem is reported at its JSON path; nothing is stored until the file is valid."
        />
        <CardBody>
          <ImportJson />
        </CardBody>
      </Card>
    </div>
  );
}
