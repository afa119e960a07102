import { Forbidden } from '../forbidden';
import { PageHeader } from '../page-header';
import { userWithArea } from '../session';
import { ExportList } from './export-list';

export default async function ExportsPage() {
  const { allowed } = await userWithArea('exports');
  if (!allowed) return <Forbidden />;
  return (
    <>
      <PageHeader
        title="Output files"
        description="Your bureau’s released jobs, ready for the personalization machines. Every download is recorded."
      />
      <ExportList />
    </>
  );
}
