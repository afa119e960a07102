import { Forbidden } from '../forbidden';
import { PageHeader } from '../page-header';
import { userWithArea } from '../session';
import { BureauList } from './bureau-list';
import { NewBureauForm } from './new-bureau-form';

export default async function BureausPage() {
  const { allowed } = await userWithArea('bureaus');
  if (!allowed) return <Forbidden />;
  return (
    <>
      <PageHeader
        title="Bureaus"
        description="The personalization bureaus jobs are made for. A bureau operator sees and downloads only the released jobs of their own bureau (assign operators on the Users page)."
      />
      <NewBureauForm />
      <BureauList />
    </>
  );
}
