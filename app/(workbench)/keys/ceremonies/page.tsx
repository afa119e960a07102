import { Forbidden } from '../../forbidden';
import { PageHeader } from '../../page-header';
import { userWithArea } from '../../session';
import { CeremonyList } from './ceremony-list';

export default async function CeremoniesPage() {
  const { user, allowed } = await userWithArea('keys');
  if (!allowed || user.role !== 'security_officer') return <Forbidden />;
  return (
    <>
      <PageHeader
        title="Key ceremonies"
        description="Import a key from 2 or 3 clear components, each entered by a different custodian in their own session. Components are combined only inside the HSM."
      />
      <CeremonyList />
    </>
  );
}
