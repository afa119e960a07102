'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Badge } from '../../../../_components/ui/badge';
import { Button } from '../../../../_components/ui/button';
import { Card, CardBody, CardHeader } from '../../../../_components/ui/card';
import { Field, Select, TextInput } from '../../../../_components/ui/form-field';
import { ErrorNotice, Loading, SuccessNotice } from '../../../../_components/ui/states';
import { errorMessage, useTRPC } from '../../../../_trpc/client';
import { PageHeader } from '../../../page-header';
import { componentKcv, encryptComponent, parseComponent, type CeremonyAlgorithm } from '../component-crypto';

export function CeremonyDetail({ ceremonyId }: { ceremonyId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ceremony = useQuery({
    ...trpc.keys.ceremonies.get.queryOptions({ ceremonyId }),
    refetchInterval: 3000,
  });
  const cancel = useMutation(
    trpc.keys.ceremonies.cancel.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.keys.ceremonies.pathFilter()),
    }),
  );
  if (ceremony.isPending) return <Loading label="Loading ceremony…" />;
  if (ceremony.error) return <ErrorNotice message={errorMessage(ceremony.error)} />;
  const c = ceremony.data;
  const iEntered = c.entered.some((e) => e.mine);
  const free = Array.from({ length: c.components }, (_, i) => i + 1).filter(
    (i) => !c.entered.some((e) => e.componentIndex === i),
  );
  return (
    <>
      <PageHeader
        title={`Key ceremony: ${c.label}`}
        description={
          <>
            {c.usage} · {c.algorithm} · {c.components} components ·{' '}
            <Badge tone={c.status === 'completed' ? 'success' : c.status === 'open' ? 'info' : 'neutral'}>
              {c.status}
            </Badge>
          </>
        }
        actions={
          c.status === 'open' ? (
            <Button variant="secondary" onClick={() => cancel.mutate({ ceremonyId })} busy={cancel.isPending}>
              Cancel ceremony
            </Button>
          ) : null
        }
      />
      {c.status === 'completed' ? (
        <SuccessNotice>
          The key is in the HSM. Final KCV{' '}
          <strong className="font-mono" data-testid="final-kcv">
            {c.finalKcv}
          </strong>
          : compare it with the KCV on the key's documentation.
        </SuccessNotice>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader
            title="Components"
            description="Only each component's KCV is kept; the components are never stored."
          />
          <CardBody>
            <ol className="space-y-2 text-sm" data-testid="components">
              {Array.from({ length: c.components }, (_, i) => i + 1).map((index) => {
                const entry = c.entered.find((e) => e.componentIndex === index);
                return (
                  <li key={index} className="flex justify-between">
                    <span>Component {index}</span>
                    {entry ? (
                      <span>
                        ✓ {entry.custodianName} · KCV <span className="font-mono">{entry.kcv}</span>
                      </span>
                    ) : (
                      <span className="text-slate-400">waiting</span>
                    )}
                  </li>
                );
              })}
            </ol>
            <p className="mt-4 text-xs text-slate-500">
              HSM ceremony key fingerprint (SHA-256):{' '}
              <span className="break-all font-mono">{c.publicKeyFingerprint}</span>
            </p>
          </CardBody>
        </Card>
        {c.status === 'open' ? (
          iEntered ? (
            <Card>
              <CardBody className="text-sm text-slate-600">
                You have entered your component. The remaining components must be entered by other custodians,
                each signed in as themselves.
              </CardBody>
            </Card>
          ) : (
            <ComponentEntry
              ceremonyId={ceremonyId}
              algorithm={c.algorithm as CeremonyAlgorithm}
              spki={c.publicKeySpki}
              free={free}
            />
          )
        ) : null}
      </div>
    </>
  );
}

function ComponentEntry({
  ceremonyId,
  algorithm,
  spki,
  free,
}: {
  ceremonyId: string;
  algorithm: CeremonyAlgorithm;
  spki: string;
  free: number[];
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [index, setIndex] = useState(free[0] ?? 1);
  const [text, setText] = useState('');
  const [kcv, setKcv] = useState<string | null>(null);
  const [problem, setProblem] = useState<string>();
  const submit = useMutation(
    trpc.keys.ceremonies.submitComponent.mutationOptions({
      onSuccess: () => {
        setText('');
        setKcv(null);
        void queryClient.invalidateQueries(trpc.keys.ceremonies.pathFilter());
        void queryClient.invalidateQueries(trpc.keys.list.queryFilter());
      },
    }),
  );

  const check = async (event: FormEvent) => {
    event.preventDefault();
    const component = parseComponent(text, algorithm);
    if (typeof component === 'string') return setProblem(component);
    setProblem(undefined);
    setKcv(await componentKcv(component, algorithm));
  };

  const send = async () => {
    const component = parseComponent(text, algorithm);
    if (typeof component === 'string' || !kcv) return;
    const encryptedComponent = await encryptComponent(spki, component);
    component.fill(0);
    submit.mutate({ ceremonyId, componentIndex: index, encryptedComponent, componentKcv: kcv });
  };

  return (
    <Card>
      <CardHeader
        title="Enter your component"
        description="It is checked and encrypted for the HSM in this browser; the server sees only ciphertext."
      />
      <CardBody>
        <form onSubmit={check} className="space-y-4" noValidate>
          <Field label="Component number" htmlFor="component-index">
            <Select id="component-index" value={index} onChange={(e) => setIndex(Number(e.target.value))}>
              {free.map((i) => (
                <option key={i} value={i}>
                  Component {i}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Clear component (hex)" htmlFor="component-value" error={problem}>
            <TextInput
              id="component-value"
              type="password"
              autoComplete="off"
              spellCheck={false}
              className="font-mono"
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                setKcv(null);
              }}
              invalid={Boolean(problem)}
            />
          </Field>
          <Button type="submit" variant="secondary" disabled={!text}>
            Compute KCV
          </Button>
        </form>
        {kcv ? (
          <div className="mt-4 space-y-3 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm">
            <p>
              KCV of your component:{' '}
              <strong className="font-mono text-base" data-testid="component-kcv">
                {kcv}
              </strong>
              . Does it match your component sheet?
            </p>
            <Button onClick={() => void send()} busy={submit.isPending}>
              Yes, send component {index} to the HSM
            </Button>
          </div>
        ) : null}
        {submit.error ? (
          <div className="mt-3">
            <ErrorNotice message={errorMessage(submit.error)} />
          </div>
        ) : null}
      </CardBody>
    </Card>
  );
}
