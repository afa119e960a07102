'use client';

import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '../_components/ui/button';
import { Card, CardBody } from '../_components/ui/card';
import { Field, TextInput } from '../_components/ui/form-field';
import { ErrorNotice } from '../_components/ui/states';
import { errorMessage, useTRPC } from '../_trpc/client';

export function LoginForm({ expired }: { expired: boolean }) {
  const trpc = useTRPC();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [touched, setTouched] = useState(false);
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      // A temporary password is replaced first; security officers and administrators then go on to
      // the authenticator code (or its first set-up).
      onSuccess: ({ secondFactor, passwordChange }) =>
        window.location.assign(
          passwordChange ? '/login/new-password' : secondFactor === 'none' ? '/' : '/login/second-factor',
        ),
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (username && password) login.mutate({ username, password });
  };

  return (
    <Card>
      <CardBody className="space-y-4 py-6">
        {expired ? (
          <ErrorNotice message="Your session ended after 15 minutes without activity. Please sign in again." />
        ) : null}
        {login.error ? <ErrorNotice message={errorMessage(login.error)} /> : null}
        <form onSubmit={submit} className="space-y-4" noValidate>
          <Field
            label="User name"
            htmlFor="username"
            error={touched && !username ? 'Enter your user name' : undefined}
          >
            <TextInput
              id="username"
              autoComplete="username"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              invalid={touched && !username}
              autoFocus
            />
          </Field>
          <Field
            label="Password"
            htmlFor="password"
            error={touched && !password ? 'Enter your password' : undefined}
          >
            <TextInput
              id="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              invalid={touched && !password}
            />
          </Field>
          <Button type="submit" className="w-full" busy={login.isPending}>
            Sign in
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}
