import { Forbidden } from '../../../forbidden';
import { userWithArea } from '../../../session';
import { IssuerKeyDetail } from './issuer-key-detail';

export default async function IssuerKeyPage({ params }: { params: Promise<{ issuerKeyId: string }> }) {
  const { user, allowed } = await userWithArea('keys');
  if (!allowed || user.role !== 'security_officer') return <Forbidden />;
  const { issuerKeyId } = await params;
  return <IssuerKeyDetail issuerKeyId={issuerKeyId} />;
}
