import Link from 'next/link';
import { Forbidden } from '../forbidden';
import { PageHeader } from '../page-header';
import { userWithArea } from '../session';
import { JobList } from './job-list';

export default async function JobsPage() {
  const { user, allowed } = await userWithArea('jobs');
  if (!allowed) return <Forbidden />;
  return (
    <>
      <PageHeader
        title="Preparation jobs"
        description="Cardholder files turned into personalization data, under dual control."
        actions={
          user.role === 'analyst' ? (
            <Link
              href="/jobs/new"
              className="inline-flex h-9 items-center rounded-md bg-brand-600 px-4 text-sm font-medium text-white shadow-sm hover:bg-brand-700"
            >
              New job
            </Link>
          ) : null
        }
      />
      <JobList />
    </>
  );
}
