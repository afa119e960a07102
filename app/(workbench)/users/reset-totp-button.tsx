'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '../../_components/ui/button';
import { errorMessage, useTRPC } from '../../_trpc/client';

/** Clears a user's authenticator secret after a second click; the user sets one up at the next sign-in. */
export function ResetTotpButton({ userId, username }: { userId: string; username: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [asking, setAsking] = useState(false);
  const reset = useMutation(
    trpc.users.resetTotp.mutationOptions({
      onSuccess: () => {
        setAsking(false);
        router.refresh();
      },
    }),
  );
  if (!asking) {
    return (
      <button
        type="button"
        className="text-xs text-brand-700 hover:underline"
        onClick={() => setAsking(true)}
        aria-label={`Reset the authenticator of ${username}`}
      >
        Reset authenticator
      </button>
    );
  }
  return (
    <div className="space-y-1.5">
      <p className="max-w-64 text-xs text-slate-600">
        {username} is signed out and sets up an authenticator app again at the next sign-in.
      </p>
      <div className="flex gap-2">
        <Button
          variant="danger"
          className="h-7 px-2.5 text-xs"
          busy={reset.isPending}
          onClick={() => reset.mutate({ userId })}
        >
          Reset
        </Button>
        <Button variant="secondary" className="h-7 px-2.5 text-xs" onClick={() => setAsking(false)}>
          Cancel
        </Button>
      </div>
      {reset.error ? (
        <p role="alert" className="text-xs text-red-600">
          {errorMessage(reset.error)}
        </p>
      ) : null}
    </div>
  );
}
