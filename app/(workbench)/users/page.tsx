import { serverCaller } from '../../../server/api/server-caller';
import { roleNames } from '../../../server/auth/roles';
import { Badge } from '../../_components/ui/badge';
import { Card } from '../../_components/ui/card';
import { Table, Td, Th } from '../../_components/ui/table';
import { Forbidden } from '../forbidden';
import { AccountActions } from './account-actions';
import { NewUserForm } from './new-user-form';
import { PageHeader } from '../page-header';
import { userWithArea } from '../session';
import { OperatorBureauSelect } from './operator-bureau-select';
import { ResetTotpButton } from './reset-totp-button';

const secondFactorBadges = {
  'set up': <Badge tone="success">authenticator set up</Badge>,
  'not set up': <Badge tone="warning">set up at next sign-in</Badge>,
  'not required': <span className="text-xs text-slate-400">password only</span>,
} as const;

export default async function UsersPage() {
  const { user: me, allowed } = await userWithArea('users');
  if (!allowed) return <Forbidden />;
  const caller = await serverCaller();
  const [users, bureaus] = await Promise.all([caller.users.list(), caller.bureaus.list()]);
  const active = bureaus.filter((b) => b.active);
  const bureauById = new Map(bureaus.map((b) => [b.id, b]));
  return (
    <>
      <PageHeader
        title="Users"
        description="Accounts and their roles. Administrators cannot approve or see secrets. Security officers and administrators sign in with an authenticator code as well as their password. A role is never changed: open a new account for a new role and disable the old one."
      />
      <NewUserForm
        roles={Object.entries(roleNames).map(([role, name]) => ({
          role: role as keyof typeof roleNames,
          name,
        }))}
        bureaus={active}
      />
      <Card>
        <Table>
          <thead>
            <tr>
              <Th>User name</Th>
              <Th>Name</Th>
              <Th>Role</Th>
              <Th>Bureau</Th>
              <Th>Status</Th>
              <Th>Second factor</Th>
              <Th>Actions</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {users.map((u) => {
              const locked = Boolean(u.lockedUntil && u.lockedUntil > new Date());
              return (
                <tr key={u.id}>
                  <Td className="font-mono text-xs">{u.username}</Td>
                  <Td>{u.displayName}</Td>
                  <Td>{roleNames[u.role as keyof typeof roleNames] ?? u.role}</Td>
                  <Td data-testid="user-bureau">
                    {u.role === 'bureau_operator' ? (
                      <OperatorBureauSelect
                        userId={u.id}
                        username={u.username}
                        bureauId={u.bureauId}
                        bureaus={[
                          ...active,
                          // A deactivated bureau still shows as the operator's, until another is chosen.
                          ...(u.bureauId && !active.some((b) => b.id === u.bureauId)
                            ? [bureauById.get(u.bureauId)!].filter(Boolean)
                            : []),
                        ]}
                      />
                    ) : (
                      <span className="text-xs text-slate-400">—</span>
                    )}
                  </Td>
                  <Td data-testid="user-status">
                    <div className="flex flex-col items-start gap-1">
                      {u.disabledAt ? (
                        <Badge tone="danger">disabled</Badge>
                      ) : locked ? (
                        <Badge tone="danger">locked</Badge>
                      ) : (
                        <Badge tone="success">active</Badge>
                      )}
                      {u.passwordChangeRequired ? <Badge tone="warning">temporary password</Badge> : null}
                    </div>
                  </Td>
                  <Td>
                    <div className="flex flex-col items-start gap-1.5">
                      {secondFactorBadges[u.secondFactor]}
                      {u.secondFactor === 'set up' && u.id !== me.id ? (
                        <ResetTotpButton userId={u.id} username={u.username} />
                      ) : null}
                    </div>
                  </Td>
                  <Td>
                    <AccountActions
                      userId={u.id}
                      username={u.username}
                      self={u.id === me.id}
                      disabled={u.disabledAt !== null}
                      locked={locked}
                    />
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      </Card>
    </>
  );
}
