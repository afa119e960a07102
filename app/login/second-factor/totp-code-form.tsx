'use client';

import { useMutation } from '@tanstack/react-query';
import { Card, CardBody } from '../../_components/ui/card';
import { useTRPC } from '../../_trpc/client';
import { CancelSignIn, CodeForm } from './code-field';

export function TotpCodeForm({ displayName }: { displayName: string }) {
  const trpc = useTRPC();
  const verify = useMutation(
    trpc.auth.totp.verify.mutationOptions({ onSuccess: () => window.location.assign('/') }),
  );
  return (
    <Card>
      <CardBody className="space-y-4 py-6">
        <div>
          <h2 className="text-base font-semibold text-slate-900">Enter your authentication code</h2>
          <p className="mt-1 text-sm text-slate-500">
            {displayName}, open the authenticator app you set up for the workbench and enter the 6-digit code
            it shows now.
          </p>
        </div>
        <CodeForm
          submitLabel="Verify"
          busy={verify.isPending || verify.isSuccess}
          error={verify.error}
          onCode={(code) => verify.mutate({ code })}
          hint="Each code works once. Lost your device? Ask an administrator to reset it."
        />
        <div className="text-center">
          <CancelSignIn />
        </div>
      </CardBody>
    </Card>
  );
}
