'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { Button } from '../../../_components/ui/button';
import { Card, CardBody, CardHeader } from '../../../_components/ui/card';
import { Field, Select, TextInput } from '../../../_components/ui/form-field';
import { ErrorNotice } from '../../../_components/ui/states';
import { errorMessage, fieldErrors, useTRPC } from '../../../_trpc/client';

const maxBytes = 5 * 1024 * 1024;

export function NewJobForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const cardTemplates = useQuery(trpc.profiles.listCardTemplates.queryOptions());
  const keys = useQuery(trpc.keys.list.queryOptions());
  const [cardTemplateId, setCardTemplateId] = useState('');
  const [imkKeyId, setImkKeyId] = useState('');
  const [kekKeyId, setKekKeyId] = useState('');
  const [file, setFile] = useState<{ name: string; content: string } | null>(null);
  const [fileProblem, setFileProblem] = useState<string>();
  const [policy, setPolicy] = useState<'all-or-nothing' | 'accept-valid'>('all-or-nothing');
  const [reason, setReason] = useState('');
  const create = useMutation(
    trpc.jobs.create.mutationOptions({ onSuccess: (job) => router.push(`/jobs/${job.id}`) }),
  );

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0];
    setFile(null);
    setFileProblem(undefined);
    if (!chosen) return;
    if (chosen.size > maxBytes) return setFileProblem('The file is larger than 5 MB.');
    setFile({ name: chosen.name, content: await chosen.text() });
  };

  const activeKeys = (usage: string) =>
    keys.data?.filter((k) => k.usage === usage && k.status === 'active') ?? [];
  const reasonProblem =
    policy === 'accept-valid' && reason.trim().length < 10 ? 'Say in at least 10 characters why' : undefined;
  const valid = cardTemplateId && imkKeyId && kekKeyId && file && !reasonProblem;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!valid || !file) return;
    create.mutate({
      cardTemplateId,
      imkKeyId,
      kekKeyId,
      fileName: file.name,
      content: file.content,
      rejectionPolicy: policy,
      acceptValidReason: policy === 'accept-valid' ? reason : undefined,
    });
  };
  const serverFieldError = (name: string) => fieldErrors(create.error)[name]?.[0];

  return (
    <Card className="max-w-2xl">
      <CardHeader
        title="Job parameters"
        description="The card template, the keys and the cardholder file are what the officers approve."
      />
      <CardBody>
        <form onSubmit={submit} className="space-y-4" noValidate>
          <Field label="Card template" htmlFor="job-card-template" error={serverFieldError('cardTemplateId')}>
            <Select
              id="job-card-template"
              value={cardTemplateId}
              onChange={(e) => setCardTemplateId(e.target.value)}
            >
              <option value="">Choose…</option>
              {cardTemplates.data?.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} v{c.version} — {c.applicationTemplateName}
                </option>
              ))}
            </Select>
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              label="Issuer master key (MK-AC, usage E0)"
              htmlFor="job-imk"
              hint={activeKeys('E0').length ? undefined : 'No E0 key yet: ask a security officer'}
            >
              <Select id="job-imk" value={imkKeyId} onChange={(e) => setImkKeyId(e.target.value)}>
                <option value="">Choose…</option>
                {activeKeys('E0').map((k) => (
                  <option key={k.id} value={k.id}>
                    {k.label} (KCV {k.kcv})
                  </option>
                ))}
              </Select>
            </Field>
            <Field
              label="Transport KEK (usage K0)"
              htmlFor="job-kek"
              hint={activeKeys('K0').length ? undefined : 'No K0 key yet: ask a security officer'}
            >
              <Select id="job-kek" value={kekKeyId} onChange={(e) => setKekKeyId(e.target.value)}>
                <option value="">Choose…</option>
                {activeKeys('K0').map((k) => (
                  <option key={k.id} value={k.id}>
                    {k.label} (KCV {k.kcv})
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          <Field
            label="Cardholder file (CSV)"
            htmlFor="job-file"
            error={fileProblem}
            hint="Header: pan,psn,name,expiry — expiry as YYMM; at most 5 MB"
          >
            <TextInput id="job-file" type="file" accept=".csv,text/csv" onChange={onFile} />
          </Field>
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium text-slate-700">If some rows are rejected</legend>
            <label className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name="policy"
                checked={policy === 'all-or-nothing'}
                onChange={() => setPolicy('all-or-nothing')}
              />{' '}
              All or nothing: the job cannot be submitted
            </label>
            <label className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name="policy"
                checked={policy === 'accept-valid'}
                onChange={() => setPolicy('accept-valid')}
              />{' '}
              Accept the valid rows (the officers see your reason)
            </label>
            {policy === 'accept-valid' ? (
              <Field label="Reason" htmlFor="job-reason" error={reason ? reasonProblem : undefined}>
                <TextInput id="job-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
              </Field>
            ) : null}
          </fieldset>
          {create.error ? <ErrorNotice message={errorMessage(create.error)} /> : null}
          <Button type="submit" busy={create.isPending} disabled={!valid}>
            Validate file and create job
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}
