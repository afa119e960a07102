import Link from 'next/link';
import { serverCaller } from '../../server/api/server-caller';
import { roleNames } from '../../server/auth/roles';
import { Badge } from '../_components/ui/badge';
import { Card, CardBody, CardHeader } from '../_components/ui/card';
import { PageHeader } from './page-header';
import { requireUser } from './session';

const tasks: Record<string, { href: string; title: string; text: string }[]> = {
  analyst: [
    { href: '/profiles', title: 'Design card profiles', text: 'Application templates and card templates' },
    {
      href: '/jobs/new',
      title: 'Create a preparation job',
      text: 'Upload a cardholder file and choose keys',
    },
    { href: '/jobs', title: 'Follow your jobs', text: 'Rejected rows, approvals, prepared records' },
  ],
  security_officer: [
    {
      href: '/keys',
      title: 'Manage keys',
      text: 'Generate issuer master keys and transport KEKs in the HSM',
    },
    { href: '/approvals', title: 'Approve and release', text: 'Dual control over every job' },
  ],
  bureau_operator: [
    {
      href: '/exports',
      title: 'Download output files',
      text: 'Released jobs for the personalization machines',
    },
  ],
  auditor: [
    { href: '/audit', title: 'Review the audit trail', text: 'Verify the hash chain and filter events' },
  ],
  admin: [{ href: '/users', title: 'Users and roles', text: 'Who may do what' }],
};

export default async function DashboardPage() {
  const user = await requireUser();
  const caller = await serverCaller();
  const hsm = await caller.system.hsmStatus();
  return (
    <>
      <PageHeader
        title={`Welcome, ${user.displayName}`}
        description={`Signed in as ${roleNames[user.role]}.`}
      />
      <div className="grid gap-4 md:grid-cols-3">
        {(tasks[user.role] ?? []).map((task) => (
          <Link key={task.href} href={task.href} className="group">
            <Card className="h-full transition-shadow group-hover:shadow-md">
              <CardBody>
                <p className="font-medium text-slate-900 group-hover:text-brand-700">{task.title} →</p>
                <p className="mt-1 text-sm text-slate-500">{task.text}</p>
              </CardBody>
            </Card>
          </Link>
        ))}
      </div>
      <Card>
        <CardHeader
          title="Hardware security module"
          description="Every key operation runs in the HSM behind the bridge."
        />
        <CardBody className="flex items-center gap-3 text-sm" data-testid="hsm-status">
          {hsm.available ? (
            <>
              <Badge tone="success">Connected</Badge>
              <span>
                Backend <strong>{hsm.backend}</strong>, token <strong>{hsm.token}</strong>
              </span>
            </>
          ) : (
            <>
              <Badge tone="danger">Unavailable</Badge>
              <span>{hsm.message}</span>
            </>
          )}
        </CardBody>
      </Card>
    </>
  );
}
