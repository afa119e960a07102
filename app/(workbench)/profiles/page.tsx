import { Forbidden } from '../forbidden';
import { PageHeader } from '../page-header';
import { userWithArea } from '../session';
import { NewProfile } from './new-profile';
import { ProfileList } from './profile-list';

export default async function ProfilesPage() {
  const { user, allowed } = await userWithArea('profiles');
  if (!allowed) return <Forbidden />;
  const canEdit = user.role === 'analyst';
  return (
    <>
      <PageHeader
        title="Card profiles"
        description="Design, check, version and approve EMV card profiles. Jobs are prepared from approved versions."
      />
      <ProfileList
        emptyHint={
          canEdit ? 'Start from a demo profile or import a JSON file.' : 'Analysts design profiles here.'
        }
      />
      {canEdit ? <NewProfile /> : null}
    </>
  );
}
