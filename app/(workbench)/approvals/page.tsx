import { Card, CardHeader } from '../../_components/ui/card';
import { Forbidden } from '../forbidden';
import { JobList } from '../jobs/job-list';
import { PageHeader } from '../page-header';
import { ProfileList } from '../profiles/profile-list';
import { userWithArea } from '../session';

export default async function ApprovalsPage() {
  const { allowed } = await userWithArea('approvals');
  if (!allowed) return <Forbidden />;
  return (
    <>
      <PageHeader
        title="Approvals"
        description="Card profile versions and jobs waiting for a security officer: approval (jobs: two officers) and release to the bureau."
      />
      <ProfileList
        title="Profile versions waiting for approval"
        description="A security officer other than the version's author approves it; approved versions are immutable."
        onlyStatus="submitted"
        emptyText="No profile version is waiting for approval"
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
