import { Forbidden } from '../../forbidden';
import { userWithArea } from '../../session';
import { JobDetail } from './job-detail';

export default async function JobPage({ params }: { params: Promise<{ jobId: string }> }) {
  const { user, allowed } = await userWithArea('jobs');
  if (!allowed) return <Forbidden />;
  const { jobId } = await params;
  return <JobDetail jobId={jobId} viewer={{ id: user.id, role: user.role }} />;
}
