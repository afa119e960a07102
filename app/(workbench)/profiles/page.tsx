import { Forbidden } from '../forbidden';
import { PageHeader } from '../page-header';
import { userWithArea } from '../session';
import { ApplicationTemplates } from './application-templates';
import { CardTemplates } from './card-templates';
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
        description="Design, check, version and approve EMV card profiles. Preparation jobs still use the application and card templates further down."
      />
      <ProfileList
        emptyHint={
          canEdit ? 'Start from a demo profile or import a JSON file.' : 'Analysts design profiles here.'
        }
      />
      {canEdit ? <NewProfile /> : null}
      <div className="border-t border-slate-200 pt-6">
        <h2 className="text-lg font-semibold text-slate-900">Templates used by preparation jobs</h2>
        <p className="mt-0.5 text-sm text-slate-500">
          Application templates and the card templates that use them.
        </p>
      </div>
      <ApplicationTemplates canEdit={canEdit} />
      <CardTemplates canEdit={canEdit} />
    </>
  );
}
