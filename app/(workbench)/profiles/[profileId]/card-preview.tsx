'use client';

import { useQuery } from '@tanstack/react-query';
import { Badge } from '../../../_components/ui/badge';
import { Card, CardBody, CardHeader } from '../../../_components/ui/card';
import { ErrorNotice, Loading } from '../../../_components/ui/states';
import { errorMessage, useTRPC } from '../../../_trpc/client';
import type { CardPreviewView, PreviewNodeView } from './types';

type DgiView = CardPreviewView['applications'][number]['dgis'][number];

function TlvTree({ nodes }: { nodes: PreviewNodeView[] }) {
  return (
    <ul className="space-y-0.5 border-l border-slate-200 pl-3">
      {nodes.map((node, i) => (
        <li key={`${node.tag}-${i}`} className="text-xs" data-testid="tlv-node">
          <span className="font-mono text-slate-500">{node.tag}</span>{' '}
          <span className="font-medium text-slate-800">{node.name}</span>
          {node.children ? null : node.error ? (
            <span className="text-red-700">: {node.error}</span>
          ) : node.placeholder ? (
            <span className="text-slate-500 italic">: {node.placeholder}</span>
          ) : (
            <span>
              : <span className="font-mono break-all text-slate-900">{node.display}</span>
              {node.value && node.display !== node.value ? (
                <span className="ml-1 font-mono break-all text-slate-400">({node.value})</span>
              ) : null}
            </span>
          )}
          {node.children ? <TlvTree nodes={node.children} /> : null}
        </li>
      ))}
    </ul>
  );
}

function Dgi({ dgi }: { dgi: DgiView }) {
  return (
    <li className="rounded-md border border-slate-200 p-3" data-testid="preview-dgi" data-dgi={dgi.dgi}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-mono text-sm font-semibold text-slate-900">DGI {dgi.dgi}</span>
        <span className="text-sm text-slate-700">{dgi.name}</span>
        {dgi.encrypted ? <Badge tone="warning">encrypted</Badge> : null}
        {dgi.complete ? null : <Badge>completed at preparation</Badge>}
      </div>
      {dgi.summary ? <p className="mt-1 text-xs text-slate-600">{dgi.summary}</p> : null}
      {dgi.tree.length ? (
        <div className="mt-2">
          <TlvTree nodes={dgi.tree} />
        </div>
      ) : null}
      {dgi.problems.map((problem) => (
        <p key={problem} className="mt-1 text-xs text-red-700">
          {problem}
        </p>
      ))}
      {dgi.bytes ? (
        <details className="mt-2 text-xs">
          <summary className="cursor-pointer text-slate-500">STORE DATA bytes</summary>
          <code className="mt-1 block font-mono break-all text-slate-600">{dgi.bytes}</code>
        </details>
      ) : null}
    </li>
  );
}

/** The card a version makes for a made-up cardholder: every DGI in send order, and the surface. */
export function CardPreview({ versionId }: { versionId: string }) {
  const trpc = useTRPC();
  const preview = useQuery(trpc.profiles.preview.queryOptions({ versionId }));
  if (preview.isPending) return <Loading label="Building the card…" />;
  if (preview.error) return <ErrorNotice message={errorMessage(preview.error)} />;
  const { applications, surface, cardholder, preparationDate } = preview.data;
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader
          title="Made-up cardholder"
          description={`Prepared on ${preparationDate}. Secrets show only as “encrypted (KCV …)”: keys, PIN and ICC private key are made in the HSM at preparation.`}
        />
        <CardBody>
          <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
            {cardholder.map((c) => (
              <div key={c.column}>
                <dt className="text-xs text-slate-500">{c.column}</dt>
                <dd className="font-mono text-xs">{c.value}</dd>
              </div>
            ))}
          </dl>
        </CardBody>
      </Card>
      {applications.map((app) => (
        <Card key={app.id} data-testid="preview-application">
          <CardHeader title={app.name} description={<span className="font-mono">{app.aid}</span>} />
          <CardBody>
            <ol className="space-y-3">
              {app.dgis.map((dgi, i) => (
                <Dgi key={`${dgi.dgi}-${i}`} dgi={dgi} />
              ))}
            </ol>
          </CardBody>
        </Card>
      ))}
      <Card>
        <CardHeader
          title="Surface"
          description="Embossing or laser lines and the magnetic stripe (ISO/IEC 7813)."
        />
        <CardBody className="space-y-3 text-sm" data-testid="preview-surface">
          {surface.problems?.map((problem) => (
            <ErrorNotice key={problem} message={problem} />
          ))}
          <ul className="space-y-1">
            {surface.embossing.map((line) => (
              <li key={line.name}>
                <span className="text-xs text-slate-500">{line.name}</span>{' '}
                <span className="font-mono">{line.text}</span>
              </li>
            ))}
          </ul>
          {[
            ['Track 1', surface.track1],
            ['Track 2', surface.track2],
          ].map(([label, track]) =>
            track && typeof track !== 'string' ? (
              <p key={label as string}>
                <span className="text-xs text-slate-500">{label as string}</span>{' '}
                <span className="font-mono break-all">{track.text}</span>
                {track.complete ? null : (
                  <span className="ml-2 text-xs text-slate-500">(* computed by the HSM at preparation)</span>
                )}
              </p>
            ) : null,
          )}
        </CardBody>
      </Card>
    </div>
  );
}
