'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Field, Select } from '../../../_components/ui/form-field';
import { QueryState } from '../../../_components/ui/query-state';
import { useTRPC } from '../../../_trpc/client';

export interface KeyChoices {
  kekKeyId: string;
  masterKeys: Record<string, string>;
  issuerCertificates: Record<string, string>;
  pinKeyId: string;
  pinBlockFormat: '' | '0' | '3' | '4';
}

export const noKeyChoices: KeyChoices = {
  kekKeyId: '',
  masterKeys: {},
  issuerCertificates: {},
  pinKeyId: '',
  pinBlockFormat: '',
};

interface Candidate {
  id: string;
  label: string;
  kcv: string;
}

function KeySelect({
  id,
  label,
  value,
  candidates,
  onChange,
  missing,
}: {
  id: string;
  label: string;
  value: string;
  candidates: Candidate[];
  onChange: (value: string) => void;
  missing: string;
}) {
  return (
    <Field label={label} htmlFor={id} hint={candidates.length ? undefined : missing}>
      <Select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">Choose…</option>
        {candidates.map((k) => (
          <option key={k.id} value={k.id}>
            {k.label} (KCV {k.kcv})
          </option>
        ))}
      </Select>
    </Field>
  );
}

/**
 * The keys a job on this profile version needs, each chosen among the active keys of its usage (a
 * single candidate is chosen for the analyst), and the issuer certificate of each application that
 * signs data. Reports whether every choice is made.
 */
export function JobKeyChoicesFields({
  profileVersionId,
  choices,
  onChange,
  onComplete,
}: {
  profileVersionId: string;
  choices: KeyChoices;
  onChange: (choices: KeyChoices) => void;
  onComplete: (complete: boolean) => void;
}) {
  const trpc = useTRPC();
  const requirements = useQuery(trpc.jobs.requirements.queryOptions({ profileVersionId }));
  const data = requirements.data;

  useEffect(() => {
    if (!data) return;
    const only = <T extends { id: string }>(list: T[], current: string) =>
      current || (list.length === 1 ? list[0]!.id : '');
    onChange({
      kekKeyId: only(data.keks, choices.kekKeyId),
      masterKeys: Object.fromEntries(
        data.masterKeys.map((need) => [
          need.usage,
          only(need.candidates, choices.masterKeys[need.usage] ?? ''),
        ]),
      ),
      issuerCertificates: Object.fromEntries(
        data.issuerCertificates.map((need) => [
          need.applicationId,
          only(need.candidates, choices.issuerCertificates[need.applicationId] ?? ''),
        ]),
      ),
      pinKeyId: data.pin ? only(data.pin.candidates, choices.pinKeyId) : '',
      pinBlockFormat: data.pin ? choices.pinBlockFormat : '',
    });
    // Only when the requirements arrive: the analyst's own choices are kept afterwards.
  }, [data]);

  useEffect(() => {
    if (!data) return onComplete(false);
    onComplete(
      Boolean(choices.kekKeyId) &&
        data.masterKeys.every((need) => choices.masterKeys[need.usage]) &&
        data.issuerCertificates.every((need) => choices.issuerCertificates[need.applicationId]) &&
        (!data.pin || (Boolean(choices.pinKeyId) && choices.pinBlockFormat !== '')),
    );
  }, [data, choices, onComplete]);

  return (
    <QueryState query={requirements}>
      {(needs) => (
        <div className="space-y-4" data-testid="job-key-choices">
          <p className="text-sm text-slate-600">
            {needs.environment === 'test'
              ? 'Test profile: TEST CA certificates are accepted.'
              : 'Production profile: only certificates from a scheme’s live CA are accepted.'}
          </p>
          <div className="grid gap-4 sm:grid-cols-2">
            <KeySelect
              id="job-kek"
              label="Transport KEK (usage K0)"
              value={choices.kekKeyId}
              candidates={needs.keks}
              onChange={(kekKeyId) => onChange({ ...choices, kekKeyId })}
              missing="No active K0 key: ask a security officer"
            />
            {needs.masterKeys.map((need) => (
              <KeySelect
                key={need.usage}
                id={`job-key-${need.usage}`}
                label={`${need.name} (usage ${need.usage})`}
                value={choices.masterKeys[need.usage] ?? ''}
                candidates={need.candidates}
                onChange={(id) =>
                  onChange({ ...choices, masterKeys: { ...choices.masterKeys, [need.usage]: id } })
                }
                missing={`No active ${need.usage} key: ask a security officer`}
              />
            ))}
            {needs.issuerCertificates.map((need) => (
              <Field
                key={need.applicationId}
                label={`Issuer certificate for ${need.application} (CA ${need.rid} index ${need.caIndex})`}
                htmlFor={`job-issuer-${need.applicationId}`}
                hint={need.candidates.length ? undefined : 'No matching certificate: ask a security officer'}
              >
                <Select
                  id={`job-issuer-${need.applicationId}`}
                  value={choices.issuerCertificates[need.applicationId] ?? ''}
                  onChange={(e) =>
                    onChange({
                      ...choices,
                      issuerCertificates: {
                        ...choices.issuerCertificates,
                        [need.applicationId]: e.target.value,
                      },
                    })
                  }
                >
                  <option value="">Choose…</option>
                  {need.candidates.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.issuerKeyLabel} — {c.environment === 'test' ? 'TEST' : 'live'}, expires{' '}
                      {c.expiry.slice(0, 2)}/{c.expiry.slice(2)}
                    </option>
                  ))}
                </Select>
              </Field>
            ))}
            {needs.pin ? (
              <>
                <KeySelect
                  id="job-pin-key"
                  label="PIN key of the file's PIN blocks (usage P0)"
                  value={choices.pinKeyId}
                  candidates={needs.pin.candidates}
                  onChange={(pinKeyId) => onChange({ ...choices, pinKeyId })}
                  missing="No active P0 key: ask a security officer"
                />
                <Field label="PIN block format" htmlFor="job-pin-format">
                  <Select
                    id="job-pin-format"
                    value={choices.pinBlockFormat}
                    onChange={(e) =>
                      onChange({ ...choices, pinBlockFormat: e.target.value as KeyChoices['pinBlockFormat'] })
                    }
                  >
                    <option value="">Choose…</option>
                    <option value="0">ISO 9564 format 0</option>
                    <option value="3">ISO 9564 format 3</option>
                    <option value="4">ISO 9564 format 4 (AES)</option>
                  </Select>
                </Field>
              </>
            ) : null}
          </div>
        </div>
      )}
    </QueryState>
  );
}
