'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Button } from '../../../_components/ui/button';
import { Card, CardBody, CardHeader } from '../../../_components/ui/card';
import { Field, Select, TextInput } from '../../../_components/ui/form-field';
import { ErrorNotice } from '../../../_components/ui/states';
import { errorMessage, fieldErrors, useTRPC } from '../../../_trpc/client';
import { JobKeyChoicesFields, noKeyChoices, type KeyChoices } from './job-key-choices';
import { SourceFileField, type Upload } from './source-file-field';

export function NewJobForm({
  maxUploadBytes,
  tooLargeMessage,
}: {
  maxUploadBytes: number;
  tooLargeMessage: string;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const versions = useQuery(trpc.jobs.profileVersions.queryOptions());
  const bureaus = useQuery(trpc.bureaus.list.queryOptions());
  const [profileVersionId, setProfileVersionId] = useState('');
  const [bureauId, setBureauId] = useState('');
  const [oneTimeDownload, setOneTimeDownload] = useState(false);
  const [keyChoices, setKeyChoices] = useState<KeyChoices>(noKeyChoices);
  const [keysComplete, setKeysComplete] = useState(false);
  const [sample, setSample] = useState<'percent' | 'all'>('percent');
  const requirements = useQuery({
    ...trpc.jobs.requirements.queryOptions({ profileVersionId }),
    enabled: profileVersionId !== '',
  });
  const [upload, setUpload] = useState<Upload>({ state: 'none' });
  /** The upload of each additional input the card template names, by input name. */
  const [additional, setAdditional] = useState<Record<string, Upload>>({});
  const [encoding, setEncoding] = useState<'utf-8' | 'iso-8859-1'>('utf-8');
  const [policy, setPolicy] = useState<'all-or-nothing' | 'accept-valid'>('all-or-nothing');
  const [reason, setReason] = useState('');
  const create = useMutation(
    trpc.jobs.create.mutationOptions({ onSuccess: (job) => router.push(`/jobs/${job.id}`) }),
  );
  const additionalInputs = requirements.data?.additionalInputs ?? [];
  const additionalUploads = additionalInputs.map((input) => {
    const state = additional[input.name];
    return { input: input.name, uploadId: state?.state === 'done' ? state.file.uploadId : null };
  });

  const reasonProblem =
    policy === 'accept-valid' && reason.trim().length < 10 ? 'Say in at least 10 characters why' : undefined;
  const uploaded = upload.state === 'done' ? upload.file : null;
  const valid =
    profileVersionId &&
    bureauId &&
    keysComplete &&
    uploaded &&
    additionalUploads.every((each) => each.uploadId) &&
    !reasonProblem;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!valid || !uploaded) return;
    create.mutate({
      profileVersionId,
      bureauId,
      oneTimeDownload,
      parameters: {
        kekKeyId: keyChoices.kekKeyId,
        masterKeys: keyChoices.masterKeys,
        issuerCertificates: keyChoices.issuerCertificates,
        ...(keyChoices.pinKeyId ? { pinKeyId: keyChoices.pinKeyId } : {}),
        ...(keyChoices.pinBlockFormat !== ''
          ? { pinBlockFormat: Number(keyChoices.pinBlockFormat) as 0 | 3 | 4 }
          : {}),
        validationSample: sample,
      },
      uploadId: uploaded.uploadId,
      additionalUploads: additionalUploads.map((each) => ({ input: each.input, uploadId: each.uploadId! })),
      encoding,
      rejectionPolicy: policy,
      acceptValidReason: policy === 'accept-valid' ? reason : undefined,
    });
  };
  const serverFieldError = (name: string) => fieldErrors(create.error)[name]?.[0];

  return (
    <Card className="max-w-2xl">
      <CardHeader
        title="Job parameters"
        description="The profile version, the keys and the cardholder file are what the officers approve."
      />
      <CardBody>
        <form onSubmit={submit} className="space-y-4" noValidate>
          <Field
            label="Card profile (approved version)"
            htmlFor="job-profile-version"
            error={serverFieldError('profileVersionId')}
            hint={
              versions.data?.length === 0
                ? 'No approved profile version yet: submit one for approval'
                : undefined
            }
          >
            <Select
              id="job-profile-version"
              value={profileVersionId}
              onChange={(e) => {
                setProfileVersionId(e.target.value);
                setKeyChoices(noKeyChoices);
                setAdditional({});
              }}
            >
              <option value="">Choose…</option>
              {versions.data?.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.profileName} v{v.number}
                </option>
              ))}
            </Select>
          </Field>
          {profileVersionId ? (
            <JobKeyChoicesFields
              profileVersionId={profileVersionId}
              choices={keyChoices}
              onChange={setKeyChoices}
              onComplete={setKeysComplete}
            />
          ) : null}
          <Field
            label="Bureau"
            htmlFor="job-bureau"
            error={serverFieldError('bureauId')}
            hint={
              bureaus.data?.length === 0
                ? 'No active bureau: ask an administrator to add one'
                : 'Only this bureau’s operators see and download the job’s files'
            }
          >
            <Select id="job-bureau" value={bureauId} onChange={(e) => setBureauId(e.target.value)}>
              <option value="">Choose…</option>
              {bureaus.data?.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name} ({b.code})
                </option>
              ))}
            </Select>
          </Field>
          <label className="flex items-start gap-2 text-sm">
            <input
              id="job-one-time"
              type="checkbox"
              className="mt-0.5"
              checked={oneTimeDownload}
              onChange={(e) => setOneTimeDownload(e.target.checked)}
            />
            <span>
              One-time download
              <span className="block text-xs text-slate-500">
                Each file can be downloaded once; after a failed transfer a security officer re-opens it with
                a reason.
              </span>
            </span>
          </label>
          <Field label="Validation on the virtual card" htmlFor="job-sample">
            <Select
              id="job-sample"
              value={sample}
              onChange={(e) => setSample(e.target.value as 'percent' | 'all')}
            >
              <option value="percent">A sample: 1 % of the cards, at least 5</option>
              <option value="all">Every card</option>
            </Select>
          </Field>
          <SourceFileField
            id="job-file"
            label="Cardholder file"
            hint={requirements.data ? `${requirements.data.inputLayout}. ` : ''}
            upload={upload}
            onUpload={(next) => {
              create.reset();
              setUpload(next);
            }}
            maxUploadBytes={maxUploadBytes}
            tooLargeMessage={tooLargeMessage}
          />
          {additionalInputs.map((input) => (
            <SourceFileField
              key={input.name}
              id={`job-file-${input.name}`}
              label={input.label}
              hint={`${input.inputLayout}; ${input.join}. `}
              upload={additional[input.name] ?? { state: 'none' }}
              onUpload={(next) => {
                create.reset();
                setAdditional((all) => ({ ...all, [input.name]: next }));
              }}
              maxUploadBytes={maxUploadBytes}
              tooLargeMessage={tooLargeMessage}
            />
          ))}
          <Field
            label="Encoding"
            htmlFor="job-encoding"
            hint="ISO-8859-1 for files from older systems (names such as ZOË in one byte per letter)"
          >
            <Select
              id="job-encoding"
              value={encoding}
              onChange={(e) => setEncoding(e.target.value as 'utf-8' | 'iso-8859-1')}
            >
              <option value="utf-8">UTF-8</option>
              <option value="iso-8859-1">ISO-8859-1 (Latin-1)</option>
            </Select>
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
