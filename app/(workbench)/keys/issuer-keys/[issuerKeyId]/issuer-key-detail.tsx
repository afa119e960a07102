'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import {
  issuerCertificateField,
  issuerRemainderField,
} from '../../../../../server/services/public-key-fields';
import { Button } from '../../../../_components/ui/button';
import { Card, CardBody, CardHeader } from '../../../../_components/ui/card';
import { Field, Select, TextArea } from '../../../../_components/ui/form-field';
import { Empty, ErrorNotice, Loading, SuccessNotice } from '../../../../_components/ui/states';
import { Table, Td, Th } from '../../../../_components/ui/table';
import { errorMessage, fieldErrors, useTRPC } from '../../../../_trpc/client';
import { PageHeader } from '../../../page-header';
import { IssuerKeyStatus } from '../issuer-key-list';
import { CaKeyOptions, EnvironmentBadge, fieldProblem, TestBadge, type CaKeyChoice } from '../public-key-ui';

export function IssuerKeyDetail({ issuerKeyId }: { issuerKeyId: string }) {
  const trpc = useTRPC();
  const issuerKey = useQuery(trpc.keys.issuerKeys.get.queryOptions({ issuerKeyId }));
  const caKeys = useQuery(trpc.keys.caKeys.list.queryOptions());
  if (issuerKey.isPending) return <Loading label="Loading issuer key…" />;
  if (issuerKey.error) return <ErrorNotice message={errorMessage(issuerKey.error)} />;
  const k = issuerKey.data;
  const active = k.keyStatus === 'active';
  return (
    <>
      <PageHeader
        title={`Issuer key: ${k.label}`}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            RSA {k.rsaBits} bits · exponent {k.exponent} · fingerprint{' '}
            <span className="font-mono">{k.fingerprint}</span> · issuer {k.issuerIdentifier} · expiry{' '}
            {k.expiry} · serial <span className="font-mono">{k.serial}</span>
            <IssuerKeyStatus status={k.status} keyStatus={k.keyStatus} />
          </span>
        }
        actions={
          <Link href="/keys/issuer-keys" className="text-sm text-brand-700 hover:underline">
            All issuer keys
          </Link>
        }
      />
      <Card>
        <CardHeader
          title="Certificates"
          description="Each was recovered with its CA public key and checked in the HSM; the list it came from decides where it may be used."
        />
        {k.certificates.length === 0 ? (
          <Empty title="No certificate yet">
            Export the key for the scheme CA and import the certificate it returns, or, for a test program,
            sign it with the TEST CA.
          </Empty>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>CA key</Th>
                <Th>Recovered fields</Th>
                <Th>Hash</Th>
                <Th>Certificate</Th>
                <Th>Added</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {k.certificates.map((c) => (
                <tr key={c.id} data-testid="certificate-row">
                  <Td>
                    <span className="font-mono">
                      {c.ca.rid} · {c.ca.index}
                    </span>
                    <div className="mt-1 flex flex-wrap gap-1">
                      <EnvironmentBadge environment={c.environment} />
                      {c.ca.source === 'workbench_test_ca' ? <TestBadge /> : null}
                    </div>
                  </Td>
                  <Td className="text-xs">
                    issuer {c.issuerIdentifier} · expiry {c.expiry} · serial{' '}
                    <span className="font-mono">{c.serial}</span>
                  </Td>
                  <Td>{c.hashOk ? <span className="text-emerald-700">✓ hash OK</span> : 'hash wrong'}</Td>
                  <Td className="text-xs">
                    {c.source === 'workbench_test_ca' ? 'signed by the TEST CA' : 'imported from the scheme'}
                    <details>
                      <summary className="cursor-pointer text-brand-700">tags 90, 92, 9F32</summary>
                      <p className="break-all font-mono">90: {c.certificate}</p>
                      <p className="break-all font-mono">92: {c.remainder || '(none)'}</p>
                      <p className="font-mono">9F32: {c.exponent}</p>
                    </details>
                  </Td>
                  <Td className="text-xs text-slate-500">
                    {c.addedByName}
                    <br />
                    {c.addedAt.toLocaleString()}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      {!active ? (
        <ErrorNotice
          message={`This issuer key is ${k.keyStatus}: reactivate it in the key inventory to export or certify it.`}
        />
      ) : caKeys.isPending ? (
        <Loading label="Loading CA keys…" />
      ) : caKeys.error ? (
        <ErrorNotice message={errorMessage(caKeys.error)} />
      ) : caKeys.data.length === 0 ? (
        <Card>
          <Empty title="No CA key on either list">
            Add the scheme&apos;s CA key, or create the TEST CA, on the{' '}
            <Link href="/keys/issuer-keys" className="text-brand-700 hover:underline">
              issuer keys page
            </Link>
            .
          </Empty>
        </Card>
      ) : (
        <div className="grid gap-6 lg:grid-cols-3">
          <ExportForCa issuerKeyId={issuerKeyId} caKeys={caKeys.data} />
          <ImportCertificate issuerKeyId={issuerKeyId} caKeys={caKeys.data} exponent={k.exponent} />
          <SignWithTestCa
            issuerKeyId={issuerKeyId}
            testCas={caKeys.data.filter((c) => c.source === 'workbench_test_ca')}
          />
        </div>
      )}
    </>
  );
}

function downloadJson(fileName: string, document: unknown) {
  const url = URL.createObjectURL(
    new Blob([`${JSON.stringify(document, null, 2)}\n`], { type: 'application/json' }),
  );
  const link = window.document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}

function ExportForCa({ issuerKeyId, caKeys }: { issuerKeyId: string; caKeys: CaKeyChoice[] }) {
  const trpc = useTRPC();
  const [caPublicKeyId, setCa] = useState(caKeys[0]!.id);
  const exportKey = useMutation(
    trpc.keys.issuerKeys.exportForCa.mutationOptions({
      onSuccess: ({ fileName, document }) => downloadJson(fileName, document),
    }),
  );
  return (
    <Card>
      <CardHeader
        title="Export for the CA"
        description="A JSON file with the public key and what the CA needs to certify it. Public data only."
      />
      <CardBody>
        <form
          className="space-y-4"
          onSubmit={(event) => {
            event.preventDefault();
            exportKey.mutate({ issuerKeyId, caPublicKeyId });
          }}
        >
          <Field label="Certifying CA key" htmlFor="export-ca">
            <Select id="export-ca" value={caPublicKeyId} onChange={(e) => setCa(e.target.value)}>
              <CaKeyOptions keys={caKeys} />
            </Select>
          </Field>
          {exportKey.error ? <ErrorNotice message={errorMessage(exportKey.error)} /> : null}
          {exportKey.data ? (
            <SuccessNotice>
              <span data-testid="export-description">{exportKey.data.document.description}</span>
            </SuccessNotice>
          ) : null}
          <Button type="submit" variant="secondary" busy={exportKey.isPending}>
            Download JSON for the CA
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}

function ImportCertificate({
  issuerKeyId,
  caKeys,
  exponent,
}: {
  issuerKeyId: string;
  caKeys: CaKeyChoice[];
  exponent: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [caPublicKeyId, setCa] = useState(caKeys[0]!.id);
  const [certificate, setCertificate] = useState('');
  const [remainder, setRemainder] = useState('');
  const [certificateExponent, setExponent] = useState(exponent);
  const [tried, setTried] = useState(false);
  const importCertificate = useMutation(
    trpc.keys.issuerKeys.importCertificate.mutationOptions({
      onSuccess: () => {
        setCertificate('');
        setRemainder('');
        setTried(false);
        void queryClient.invalidateQueries(trpc.keys.issuerKeys.pathFilter());
      },
    }),
  );
  const server = fieldErrors(importCertificate.error);
  const problems = {
    certificate:
      tried || certificate ? fieldProblem(issuerCertificateField, certificate) : server.certificate?.[0],
    remainder: remainder ? fieldProblem(issuerRemainderField, remainder) : server.remainder?.[0],
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (fieldProblem(issuerCertificateField, certificate) || fieldProblem(issuerRemainderField, remainder)) {
      return;
    }
    importCertificate.mutate({
      issuerKeyId,
      caPublicKeyId,
      certificate,
      remainder,
      exponent: certificateExponent,
    });
  };
  const done = importCertificate.data;
  return (
    <Card>
      <CardHeader
        title="Import the scheme's certificate"
        description="Checked by recovery with the CA key you choose; a certificate that does not verify is refused."
      />
      <CardBody>
        <form onSubmit={submit} className="space-y-4" noValidate>
          <Field label="CA key that signed it" htmlFor="import-ca">
            <Select id="import-ca" value={caPublicKeyId} onChange={(e) => setCa(e.target.value)}>
              <CaKeyOptions keys={caKeys} />
            </Select>
          </Field>
          <Field
            label="Issuer public key certificate (tag 90, hex)"
            htmlFor="import-certificate"
            error={problems.certificate}
          >
            <TextArea
              id="import-certificate"
              rows={4}
              spellCheck={false}
              className="font-mono text-xs"
              value={certificate}
              onChange={(e) => setCertificate(e.target.value)}
              invalid={Boolean(problems.certificate)}
            />
          </Field>
          <Field
            label="Remainder (tag 92, hex)"
            htmlFor="import-remainder"
            error={problems.remainder}
            hint="Leave empty when the scheme sends none"
          >
            <TextArea
              id="import-remainder"
              rows={2}
              spellCheck={false}
              className="font-mono text-xs"
              value={remainder}
              onChange={(e) => setRemainder(e.target.value)}
              invalid={Boolean(problems.remainder)}
            />
          </Field>
          <Field label="Exponent (tag 9F32)" htmlFor="import-exponent">
            <Select
              id="import-exponent"
              value={certificateExponent}
              onChange={(e) => setExponent(e.target.value)}
            >
              <option value="03">03</option>
              <option value="010001">010001</option>
            </Select>
          </Field>
          {importCertificate.error && !problems.certificate && !problems.remainder ? (
            <ErrorNotice message={errorMessage(importCertificate.error)} />
          ) : null}
          {done ? (
            <SuccessNotice>
              Certificate imported: issuer {done.issuerIdentifier}, expiry {done.expiry}, serial {done.serial}
              , hash OK, CA {done.ca.rid} index {done.ca.index} ({done.environment} list).
            </SuccessNotice>
          ) : null}
          <Button type="submit" busy={importCertificate.isPending}>
            Check and import certificate
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}

function SignWithTestCa({ issuerKeyId, testCas }: { issuerKeyId: string; testCas: CaKeyChoice[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [caPublicKeyId, setCa] = useState(testCas[0]?.id ?? '');
  const sign = useMutation(
    trpc.keys.issuerKeys.signWithTestCa.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries(trpc.keys.issuerKeys.pathFilter()),
    }),
  );
  return (
    <Card className="border-red-200">
      <CardHeader
        title={
          <span className="inline-flex items-center gap-2">
            Sign with the TEST CA <TestBadge />
          </span>
        }
        description="For test programs only: the certificate is stored as a test certificate, never for production cards."
      />
      <CardBody>
        {testCas.length === 0 ? (
          <p className="text-sm text-slate-500">
            There is no TEST CA yet: create it on the{' '}
            <Link href="/keys/issuer-keys" className="text-brand-700 hover:underline">
              issuer keys page
            </Link>
            .
          </p>
        ) : (
          <form
            className="space-y-4"
            onSubmit={(event) => {
              event.preventDefault();
              sign.mutate({ issuerKeyId, caPublicKeyId });
            }}
          >
            <Field label="TEST CA" htmlFor="sign-test-ca">
              <Select id="sign-test-ca" value={caPublicKeyId} onChange={(e) => setCa(e.target.value)}>
                <CaKeyOptions keys={testCas} />
              </Select>
            </Field>
            {sign.error ? <ErrorNotice message={errorMessage(sign.error)} /> : null}
            {sign.data ? (
              <SuccessNotice>
                Signed by TEST CA {sign.data.ca.rid} index {sign.data.ca.index}: issuer{' '}
                {sign.data.issuerIdentifier}, expiry {sign.data.expiry}, serial {sign.data.serial}, hash OK.
              </SuccessNotice>
            ) : null}
            <Button type="submit" variant="danger" busy={sign.isPending}>
              Sign with TEST CA
            </Button>
          </form>
        )}
      </CardBody>
    </Card>
  );
}
