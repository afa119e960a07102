import { Card, CardHeader } from '../../_components/ui/card';
import { Forbidden } from '../forbidden';
import { JobList } from '../jobs/job-list';
import { PageHeader } from '../page-header';
import { userWithArea } from '../session';

export default async function ApprovalsPage() {
  const { allowed } = await userWithArea('approvals');
  if (!allowed) return <Forbidden />;
  return (
    <>
      <PageHeader
        title="Approvals"
        description="Jobs waiting for a security officer: approval (two officers) and release to the bureau."
      />
      <Card>
        <CardHeader title="Waiting for approval" />
      </Card>
      <JobList statuses={['submitted']} emptyText="No job is waiting for approval" />
      <Card>
        <CardHeader title="Prepared, waiting for release" />
      </Card>
      <JobList statuses={['prepared']} emptyText="No prepared job is waiting for release" />
    </>
  );
}
