'use client';

import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Button } from '../../_components/ui/button';
import { Field, TextInput } from '../../_components/ui/form-field';
import { ErrorNotice } from '../../_components/ui/states';
import { errorMessage, useTRPC } from '../../_trpc/client';

const sixDigits = /^\d{6}$/;

/** The 6-digit code input with its submit button; the caller's mutation checks the code. */
export function CodeForm({
  submitLabel,
  busy,
  error,
  onCode,
  hint,
}: {
  submitLabel: string;
  busy: boolean;
  error: unknown;
  onCode: (code: string) => void;
  hint?: ReactNode;
}) {
  const [code, setCode] = useState('');
  const [touched, setTouched] = useState(false);
  const clean = code.replace(/\s/g, '');
  const invalid = touched && !sixDigits.test(clean);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (sixDigits.test(clean)) onCode(clean);
  };

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      {error ? <ErrorNotice message={errorMessage(error)} /> : null}
      <Field
        label="Authentication code"
        htmlFor="totp-code"
        error={invalid ? 'Enter the 6 digits your authenticator app shows' : undefined}
        hint={hint}
      >
        <TextInput
          id="totp-code"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={7}
          placeholder="123456"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          invalid={invalid}
          className="text-center font-mono text-lg tracking-[0.4em]"
          autoFocus
        />
      </Field>
      <Button type="submit" className="w-full" busy={busy}>
        {submitLabel}
      </Button>
    </form>
  );
}

/** Leaves the half-finished sign-in (ends the session) and goes back to the password step. */
export function CancelSignIn() {
  const trpc = useTRPC();
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({ onSettled: () => window.location.assign('/login') }),
  );
  return (
    <button
      type="button"
      onClick={() => logout.mutate()}
      className="text-sm text-slate-500 underline-offset-2 hover:text-slate-800 hover:underline"
    >
      Sign in as someone else
    </button>
  );
}
