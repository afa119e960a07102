'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Button } from '../../_components/ui/button';
import { Card, CardBody, CardHeader } from '../../_components/ui/card';
import { Field, Select, TextInput } from '../../_components/ui/form-field';
import { ErrorNotice } from '../../_components/ui/states';
import { errorMessage, fieldErrors, useTRPC } from '../../_trpc/client';
import { TemporaryPasswordNotice } from './temporary-password-notice';

type Role = 'analyst' | 'security_officer' | 'bureau_operator' | 'auditor' | 'admin';

/** An administrator opens an account; the temporary password is shown once, below the form. */
export function NewUserForm({
  roles,
  bureaus,
}: {
  roles: { role: Role; name: string }[];
  bureaus: { id: string; code: string; name: string }[];
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const [bureauId, setBureauId] = useState('');
  const create = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: () => {
        setUsername('');
        setDisplayName('');
        setRole('');
        setBureauId('');
        router.refresh();
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!role) return;
    create.mutate({
      username,
      displayName,
      role,
      bureauId: role === 'bureau_operator' && bureauId ? bureauId : null,
    });
  };
  const problems = fieldErrors(create.error);
  const fieldProblem = problems.username ?? problems.displayName ?? problems.role;
  return (
    <Card className="max-w-2xl">
      <CardHeader
        title="New user"
        description="The user signs in with a temporary password shown once here, and must then choose their own."
      />
      <CardBody>
        <form onSubmit={submit} className="space-y-4" noValidate>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              label="User name"
              htmlFor="new-username"
              error={problems.username?.[0]}
              hint="3 to 32 letters, digits, . - or _; not case-sensitive"
            >
              <TextInput
                id="new-username"
                autoComplete="off"
                value={username}
                onChange={(e) => setUsername(e.target.value)}
              />
            </Field>
            <Field label="Name" htmlFor="new-display-name" error={problems.displayName?.[0]}>
              <TextInput
                id="new-display-name"
                autoComplete="off"
                value={displayName}
                onChange={(e) => setDisplayName(e.target.value)}
              />
            </Field>
            <Field
              label="Role"
              htmlFor="new-role"
              hint="A role cannot be changed later: a new role is a new account."
            >
              <Select id="new-role" value={role} onChange={(e) => setRole(e.target.value as Role | '')}>
                <option value="">Choose a role</option>
                {roles.map((r) => (
                  <option key={r.role} value={r.role}>
                    {r.name}
                  </option>
                ))}
              </Select>
            </Field>
            {role === 'bureau_operator' ? (
              <Field label="Bureau" htmlFor="new-bureau" hint="The operator sees only this bureau’s outputs.">
                <Select id="new-bureau" value={bureauId} onChange={(e) => setBureauId(e.target.value)}>
                  <option value="">Choose a bureau</option>
                  {bureaus.map((b) => (
                    <option key={b.id} value={b.id}>
                      {b.code} · {b.name}
                    </option>
                  ))}
                </Select>
              </Field>
            ) : null}
          </div>
          {create.error && !fieldProblem ? <ErrorNotice message={errorMessage(create.error)} /> : null}
          {create.data ? (
            <TemporaryPasswordNotice
              username={create.data.username}
              temporaryPassword={create.data.temporaryPassword}
              onDone={() => create.reset()}
            />
          ) : null}
          <Button
            type="submit"
            busy={create.isPending}
            disabled={
              !username.trim() || !displayName.trim() || !role || (role === 'bureau_operator' && !bureauId)
            }
          >
            Create user
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}
