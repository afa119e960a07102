import { Forbidden } from '../../forbidden';
import { PageHeader } from '../../page-header';
import { userWithArea } from '../../session';
import { tooLargeMessage } from '../../../../server/services/import/receive-upload';
import { maxUploadBytes } from '../../../../server/services/import/upload-store';
import { NewJobForm } from './new-job-form';

export default async function NewJobPage() {
  const { user, allowed } = await userWithArea('jobs');
  if (!allowed || user.role !== 'analyst') return <Forbidden />;
  return (
    <>
      <PageHeader
        title="New preparation job"
        description="Every row of the file is checked; rejected rows are listed with the reason."
      />
      <NewJobForm maxUploadBytes={maxUploadBytes()} tooLargeMessage={tooLargeMessage(maxUploadBytes())} />
    </>
  );
}
