'use client';

import { useQuery } from '@tanstack/react-query';
import { Card, CardBody, CardHeader } from '../../../_components/ui/card';
import { ErrorNotice, Loading } from '../../../_components/ui/states';
import { errorMessage, useTRPC } from '../../../_trpc/client';
import { DgiItem as Dgi } from '../../../_components/emv/dgi-item';

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
