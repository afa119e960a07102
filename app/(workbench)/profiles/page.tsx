import { Forbidden } from '../forbidden';
import { PageHeader } from '../page-header';
import { userWithArea } from '../session';
import { ApplicationTemplates } from './application-templates';
import { CardTemplates } from './card-templates';

export default async function ProfilesPage() {
  const { user, allowed } = await userWithArea('profiles');
  if (!allowed) return <Forbidden />;
  const canEdit = user.role === 'analyst';
  return (
    <>
      <PageHeader
        title="Card profiles"
        description="EMV application templates and the card templates that use them."
      />
      <ApplicationTemplates canEdit={canEdit} />
      <CardTemplates canEdit={canEdit} />
    </>
  );
}
