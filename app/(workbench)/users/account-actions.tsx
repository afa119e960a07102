'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '../../_components/ui/button';
import { errorMessage, useTRPC } from '../../_trpc/client';
import { TemporaryPasswordNotice } from './temporary-password-notice';

type Asking = null | 'disable' | 'reset-password';

const linkButton = 'text-xs text-brand-700 hover:underline';

/**
 * What an administrator can do to another account: disable or enable it, end a lockout, give it a
 * new temporary password. Disabling and resetting ask for a second click. Not offered for one's own
 * account (the server refuses it too).
 */
export function AccountActions({
  userId,
  username,
  self,
  disabled,
  locked,
}: {
  userId: string;
  username: string;
  self: boolean;
  disabled: boolean;
  locked: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [asking, setAsking] = useState<Asking>(null);
  const done = {
    onSuccess: () => {
      setAsking(null);
      router.refresh();
    },
  };
  const disable = useMutation(trpc.users.disable.mutationOptions(done));
  const enable = useMutation(trpc.users.enable.mutationOptions(done));
  const unlock = useMutation(trpc.users.unlock.mutationOptions(done));
  const resetPassword = useMutation(trpc.users.resetPassword.mutationOptions(done));
  const error = disable.error ?? enable.error ?? unlock.error ?? resetPassword.error;

  if (resetPassword.data) {
    return (
      <TemporaryPasswordNotice
        username={resetPassword.data.username}
        temporaryPassword={resetPassword.data.temporaryPassword}
        onDone={() => resetPassword.reset()}
      />
    );
  }
  if (asking) {
    const confirm =
      asking === 'disable'
        ? {
            text: `${username} is signed out now and cannot sign in until the account is enabled again.`,
            label: 'Disable',
            run: () => disable.mutate({ userId }),
            busy: disable.isPending,
          }
        : {
            text: `${username} is signed out now and must sign in with a new temporary password, then choose their own.`,
            label: 'Reset password',
            run: () => resetPassword.mutate({ userId }),
            busy: resetPassword.isPending,
          };
    return (
      <div className="space-y-1.5">
        <p className="max-w-64 text-xs text-slate-600">{confirm.text}</p>
        <div className="flex gap-2">
          <Button variant="danger" className="h-7 px-2.5 text-xs" busy={confirm.busy} onClick={confirm.run}>
            {confirm.label}
          </Button>
          <Button variant="secondary" className="h-7 px-2.5 text-xs" onClick={() => setAsking(null)}>
            Cancel
          </Button>
        </div>
        {error ? (
          <p role="alert" className="text-xs text-red-600">
            {errorMessage(error)}
          </p>
        ) : null}
      </div>
    );
  }
  if (self) return <span className="text-xs text-slate-400">your account</span>;
  return (
    <div className="flex flex-col items-start gap-1">
      {locked && !disabled ? (
        <button
          type="button"
          className={linkButton}
          aria-label={`Unlock ${username}`}
          onClick={() => unlock.mutate({ userId })}
          disabled={unlock.isPending}
        >
          Unlock
        </button>
      ) : null}
      {disabled ? (
        <button
          type="button"
          className={linkButton}
          aria-label={`Enable ${username}`}
          onClick={() => enable.mutate({ userId })}
          disabled={enable.isPending}
        >
          Enable
        </button>
      ) : (
        <button
          type="button"
          className={linkButton}
          aria-label={`Disable ${username}`}
          onClick={() => setAsking('disable')}
        >
          Disable
        </button>
      )}
      <button
        type="button"
        className={linkButton}
        aria-label={`Reset the password of ${username}`}
        onClick={() => setAsking('reset-password')}
      >
        Reset password
      </button>
      {error ? (
        <p role="alert" className="max-w-64 text-xs text-red-600">
          {errorMessage(error)}
        </p>
      ) : null}
    </div>
  );
}
