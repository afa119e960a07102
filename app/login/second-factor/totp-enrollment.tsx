'use client';

import { useMutation } from '@tanstack/react-query';
import { create as createQr } from 'qrcode';
import { useEffect, useMemo, useRef } from 'react';
import { Button } from '../../_components/ui/button';
import { Card, CardBody, CardHeader } from '../../_components/ui/card';
import { ErrorNotice, Loading } from '../../_components/ui/states';
import { errorMessage, useTRPC } from '../../_trpc/client';
import { CancelSignIn, CodeForm } from './code-field';

/** The otpauth URI as a QR code, drawn as one SVG path of dark modules with the 4-module quiet zone. */
function QrCode({ text }: { text: string }) {
  const { size, path } = useMemo(() => {
    const { modules } = createQr(text, { errorCorrectionLevel: 'M' });
    const quiet = 4;
    let d = '';
    for (let row = 0; row < modules.size; row++) {
      for (let col = 0; col < modules.size; col++) {
        if (modules.get(row, col)) d += `M${col + quiet} ${row + quiet}h1v1h-1z`;
      }
    }
    return { size: modules.size + 2 * quiet, path: d };
  }, [text]);
  return (
    <svg
      viewBox={`0 0 ${size} ${size}`}
      className="size-48 rounded-md border border-slate-200 bg-white"
      shapeRendering="crispEdges"
      role="img"
      aria-label="QR code to scan with your authenticator app"
      data-testid="totp-qr"
    >
      <path d={path} fill="#0f172a" />
    </svg>
  );
}

function StepNumber({ n }: { n: number }) {
  return (
    <span className="flex size-6 shrink-0 items-center justify-center rounded-full bg-brand-50 text-xs font-semibold text-brand-700 ring-1 ring-brand-100">
      {n}
    </span>
  );
}

export function TotpEnrollment({ displayName }: { displayName: string }) {
  const trpc = useTRPC();
  const start = useMutation(trpc.auth.totp.startEnrollment.mutationOptions());
  const confirm = useMutation(
    trpc.auth.totp.confirmEnrollment.mutationOptions({ onSuccess: () => window.location.assign('/') }),
  );
  // One secret per visit: React runs effects twice in development, the ref keeps it to one request.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    start.mutate();
  }, [start]);

  const secret = start.data?.secret;
  return (
    <Card>
      <CardHeader
        title="Set up your authenticator app"
        description={`${displayName}, security officers and administrators sign in with a code from an authenticator app as well as their password.`}
      />
      <CardBody className="space-y-6 py-5">
        {start.error ? (
          <div className="space-y-3">
            <ErrorNotice message={errorMessage(start.error)} />
            <Button variant="secondary" onClick={() => start.mutate()}>
              Try again
            </Button>
          </div>
        ) : !start.data || !secret ? (
          <Loading label="Creating your secret key…" />
        ) : (
          <>
            <section className="flex gap-3">
              <StepNumber n={1} />
              <div className="min-w-0 flex-1 space-y-3">
                <p className="text-sm text-slate-700">
                  Scan this QR code with an authenticator app (FreeOTP, Google Authenticator, Microsoft
                  Authenticator, 1Password, …), or type the key into it.
                </p>
                <div className="flex flex-wrap items-center gap-5">
                  <QrCode text={start.data.otpauthUri} />
                  <div className="min-w-0 space-y-2 text-sm">
                    <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">Key</p>
                    <p
                      className="max-w-56 font-mono text-base leading-7 text-slate-900"
                      data-testid="totp-secret"
                    >
                      {secret.match(/.{1,4}/g)!.join(' ')}
                    </p>
                    <p className="text-xs text-slate-500">Time-based · 6 digits · 30 seconds · SHA-1</p>
                  </div>
                </div>
                <p className="text-xs text-slate-500">
                  The key is shown only now. Once confirmed it is kept sealed and cannot be displayed again;
                  an administrator can reset it if you lose your device.
                </p>
              </div>
            </section>
            <section className="flex gap-3 border-t border-slate-100 pt-5">
              <StepNumber n={2} />
              <div className="min-w-0 flex-1 space-y-3">
                <p className="text-sm text-slate-700">
                  Enter the code the app shows to confirm it is set up, and finish signing in.
                </p>
                <CodeForm
                  submitLabel="Confirm and sign in"
                  busy={confirm.isPending || confirm.isSuccess}
                  error={confirm.error}
                  onCode={(code) => confirm.mutate({ code })}
                />
              </div>
            </section>
          </>
        )}
        <div className="text-center">
          <CancelSignIn />
        </div>
      </CardBody>
    </Card>
  );
}
