import { Forbidden } from '../../forbidden';
import { PageHeader } from '../../page-header';
import { userWithArea } from '../../session';
import { CaKeyLists } from './ca-key-lists';
import { IssuerKeyList } from './issuer-key-list';

export default async function IssuerKeysPage() {
  const { user, allowed } = await userWithArea('keys');
  if (!allowed || user.role !== 'security_officer') return <Forbidden />;
  return (
    <>
      <PageHeader
        title="Issuer keys and CA keys"
        description="Issuer RSA key pairs generated in the HSM, their certificates from a scheme CA (or the workbench TEST CA for test programs), and the CA public keys that check them."
      />
      <IssuerKeyList />
      <CaKeyLists />
    </>
  );
}
