import { Forbidden } from '../forbidden';
import { PageHeader } from '../page-header';
import { userWithArea } from '../session';
import { KeyInventory } from './key-inventory';

export default async function KeysPage() {
  const { user, allowed } = await userWithArea('keys');
  if (!allowed) return <Forbidden />;
  return (
    <>
      <PageHeader
        title="Keys"
        description="The key inventory: usage, algorithm and check value. Key values never leave the HSM."
      />
      <KeyInventory canGenerate={user.role === 'security_officer'} />
    </>
  );
}
