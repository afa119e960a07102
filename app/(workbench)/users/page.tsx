import { serverCaller } from '../../../server/api/server-caller';
import { roleNames } from '../../../server/auth/roles';
import { Badge } from '../../_components/ui/badge';
import { Card } from '../../_components/ui/card';
import { Table, Td, Th } from '../../_components/ui/table';
import { Forbidden } from '../forbidden';
import { PageHeader } from '../page-header';
import { userWithArea } from '../session';

export default async function UsersPage() {
  const { allowed } = await userWithArea('users');
  if (!allowed) return <Forbidden />;
  const users = await (await serverCaller()).users.list();
  return (
    <>
      <PageHeader
        title="Users"
        description="Accounts and their roles. Administrators cannot approve or see secrets."
      />
      <Card>
        <Table>
          <thead>
            <tr>
              <Th>User name</Th>
              <Th>Name</Th>
              <Th>Role</Th>
              <Th>Status</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {users.map((u) => (
              <tr key={u.id}>
                <Td className="font-mono text-xs">{u.username}</Td>
                <Td>{u.displayName}</Td>
                <Td>{roleNames[u.role as keyof typeof roleNames] ?? u.role}</Td>
                <Td>
                  {u.lockedUntil && u.lockedUntil > new Date() ? (
                    <Badge tone="danger">locked</Badge>
                  ) : (
                    <Badge tone="success">active</Badge>
                  )}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
    </>
  );
}
