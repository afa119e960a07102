import { Forbidden } from '../../../forbidden';
import { userWithArea } from '../../../session';
import { CeremonyDetail } from './ceremony-detail';

export default async function CeremonyPage({ params }: { params: Promise<{ ceremonyId: string }> }) {
  const { user, allowed } = await userWithArea('keys');
  if (!allowed || user.role !== 'security_officer') return <Forbidden />;
  const { ceremonyId } = await params;
  return <CeremonyDetail ceremonyId={ceremonyId} />;
}
