'use client';

import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '../../_components/ui/button';
import { Card, CardBody } from '../../_components/ui/card';
import { Field, TextInput } from '../../_components/ui/form-field';
import { ErrorNotice } from '../../_components/ui/states';
import { errorMessage, useTRPC } from '../../_trpc/client';
import { CancelSignIn } from '../second-factor/code-field';

/** Same rule as the server's (server/auth/password-policy.ts), checked here only to answer sooner. */
const minLength = 12;

export function NewPasswordForm({ username, displayName }: { username: string; displayName: string }) {
  const trpc = useTRPC();
  const [password, setPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const [touched, setTouched] = useState(false);
  const change = useMutation(
    trpc.auth.password.change.mutationOptions({
      // Security officers and administrators go on to their authenticator app.
      onSuccess: ({ secondFactor }) =>
        window.location.assign(secondFactor === 'none' ? '/' : '/login/second-factor'),
    }),
  );
  const tooShort = password.length < minLength ? `Use at least ${minLength} characters.` : undefined;
  const mismatch = repeated !== password ? 'The two passwords are not the same.' : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    // A server refusal from an earlier try would stand next to the new problem: clear it.
    if (tooShort || mismatch) change.reset();
    else change.mutate({ password });
  };

  return (
    <Card>
      <CardBody className="space-y-4 py-6">
        <div>
          <h2 className="text-base font-semibold text-slate-900">Choose your own password</h2>
          <p className="mt-1 text-sm text-slate-500">
            {displayName}, you signed in with a temporary password from an administrator. Choose a password
            only you know before you continue.
          </p>
        </div>
        {change.error ? <ErrorNotice message={errorMessage(change.error)} /> : null}
        <form onSubmit={submit} className="space-y-4" noValidate>
          {/* For password managers: the account the new password belongs to. */}
          <input type="text" autoComplete="username" value={username} readOnly hidden />
          <Field
            label="New password"
            htmlFor="new-password"
            error={touched ? tooShort : undefined}
            hint={`At least ${minLength} characters, without your user name; not the temporary password.`}
          >
            <TextInput
              id="new-password"
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              invalid={touched && Boolean(tooShort)}
              autoFocus
            />
          </Field>
          <Field
            label="New password again"
            htmlFor="repeated-password"
            error={touched ? mismatch : undefined}
          >
            <TextInput
              id="repeated-password"
              type="password"
              autoComplete="new-password"
              value={repeated}
              onChange={(e) => setRepeated(e.target.value)}
              invalid={touched && Boolean(mismatch)}
            />
          </Field>
          <Button type="submit" className="w-full" busy={change.isPending || change.isSuccess}>
            Set password and continue
          </Button>
        </form>
        <div className="text-center">
          <CancelSignIn />
        </div>
      </CardBody>
    </Card>
  );
}
